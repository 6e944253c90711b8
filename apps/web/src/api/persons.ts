/** Persons (assistiti): register, read and merge-patch them, warn about duplicates, search, and the sensitive section. */
import type { Person, PersonCreate, PersonDuplicateCheck, PersonDuplicateList, PersonPatch, PersonSearch, PersonSearchPage, PersonSensitive, PersonSensitiveReplace } from '@ponte/shared'
import { http, request } from './http'

const personPath = (personId: string) => `/persons/${encodeURIComponent(personId)}`

export const createPerson = (body: PersonCreate, idempotencyKey?: string) => http.create<Person>('/persons', body, idempotencyKey)

export const readPerson = (personId: string, signal?: AbortSignal) => http.get<Person>(personPath(personId), undefined, signal)

export const updatePerson = (personId: string, patch: PersonPatch, version: number) => http.patch<Person>(personPath(personId), patch, version)

/** The near-duplicate warning before registering: creates nothing (a POST because the body holds the tax code). */
export const checkPersonDuplicates = async (body: PersonDuplicateCheck) =>
  (await request<PersonDuplicateList>('/persons/duplicates', { method: 'POST', body })).data

/** Tax codes and names travel in the body, never in the URL. */
export const searchPersons = async (body: PersonSearch, signal?: AbortSignal) =>
  (await request<PersonSearchPage>('/persons/search', { method: 'POST', body, ...(signal ? { signal } : {}) })).data

export const readPersonSensitive = (personId: string, signal?: AbortSignal) => http.get<PersonSensitive>(`${personPath(personId)}/sensitive`, undefined, signal)

/** Creates the section (no version yet) or replaces it whole (If-Match with the version read). */
export const replacePersonSensitive = async (personId: string, body: PersonSensitiveReplace, version: number | null) =>
  (await request<PersonSensitive>(`${personPath(personId)}/sensitive`, { method: 'PUT', body, ...(version !== null ? { ifMatch: version } : {}) })).data
