/** Persons (assistiti): register, read and merge-patch them, warn about duplicates, search, and the sensitive section. */
import type { BodyOf } from '@ponte/client'
import { api, dataOf, newIdempotencyKey, writeHeaders } from './http'

export const createPerson = (body: BodyOf<'createPerson'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/persons', { params: { header: writeHeaders({ idempotencyKey }) }, body }))

export const readPerson = (personId: string, signal?: AbortSignal) => dataOf(api.GET('/persons/{personId}', { params: { path: { personId } }, signal }))

export { readCasePerson } from './case-detail'

export const updatePerson = (personId: string, patch: BodyOf<'updatePerson'>, version: number) =>
  dataOf(api.PATCH('/persons/{personId}', { params: { path: { personId }, header: writeHeaders({ version }) }, body: patch }))

/** The near-duplicate warning before registering: creates nothing (a POST because the body holds the tax code). */
export const checkPersonDuplicates = (body: BodyOf<'checkPersonDuplicates'>) => dataOf(api.POST('/persons/duplicates', { body }))

/** Tax codes and names travel in the body, never in the URL. */
export const searchPersons = (body: BodyOf<'searchPersons'>, signal?: AbortSignal) => dataOf(api.POST('/persons/search', { body, signal }))

export const readPersonSensitive = (personId: string, signal?: AbortSignal) =>
  dataOf(api.GET('/persons/{personId}/sensitive', { params: { path: { personId } }, signal }))

/** Creates the section (no version yet) or replaces it whole (If-Match with the version read). */
export const replacePersonSensitive = (personId: string, body: BodyOf<'replacePersonSensitive'>, version: number | null) =>
  dataOf(api.PUT('/persons/{personId}/sensitive', { params: { path: { personId }, header: writeHeaders({ version: version ?? undefined }) }, body }))
