/** Server state of persons: one person, its sensitive section, searches; register, update, replace the section. */
import type { Person, PersonCreate, PersonDuplicateCheck, PersonPatch, PersonSearch, PersonSensitive, PersonSensitiveReplace } from '@ponte/shared'
import { useMutation, useQuery, useQueryCache } from '@pinia/colada'
import { toValue, type MaybeRefOrGetter } from 'vue'
import { checkPersonDuplicates, createPerson, readPerson, readPersonSensitive, replacePersonSensitive, searchPersons, updatePerson } from '../api/persons'
import { casePersonQuery } from './case-detail'
import { caseKeys, personKeys } from './keys'

/** Query keys of persons. Searches are not cached under their body: it holds tax codes and names. */
export { personKeys }

export function usePerson(personId: MaybeRefOrGetter<string | null>) {
  return useQuery({
    key: () => personKeys.detail(toValue(personId) ?? ''),
    query: ({ signal }) => readPerson(toValue(personId) ?? '', signal),
    enabled: () => Boolean(toValue(personId)),
  })
}

/** The person of a case, read together with the case (casePersonQuery). */
export function useCasePerson(caseId: MaybeRefOrGetter<string>) {
  const cache = useQueryCache()
  return useQuery(() => casePersonQuery({ caseId: toValue(caseId), cache }))
}

/** The sensitive section; a 404 means it has not been filled in yet (or may not be read). */
export function usePersonSensitive(personId: MaybeRefOrGetter<string | null>, enabled: MaybeRefOrGetter<boolean> = true) {
  return useQuery({
    key: () => personKeys.sensitive(toValue(personId) ?? ''),
    query: ({ signal }) => readPersonSensitive(toValue(personId) ?? '', signal),
    enabled: () => Boolean(toValue(personId)) && toValue(enabled),
  })
}

/** Registers a person (not cached: what the caller may do with them changes once their case is open). */
export function useCreatePerson() {
  return useMutation({
    mutation: ({ body, idempotencyKey }: { body: PersonCreate; idempotencyKey: string }) => createPerson(body, idempotencyKey),
  })
}

export function useUpdatePerson() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ personId, patch, version }: { personId: string; patch: PersonPatch; version: number }) => updatePerson(personId, patch, version),
    onSettled: (person) => {
      if (person) cache.setQueryData(personKeys.detail(person.id), person)
      // Names show in case lists and headers; the change is noted on the timelines.
      void cache.invalidateQueries({ key: personKeys.root })
      void cache.invalidateQueries({ key: caseKeys.root })
    },
  })
}

export function useReplacePersonSensitive() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ personId, body, version }: { personId: string; body: PersonSensitiveReplace; version: number | null }) => replacePersonSensitive(personId, body, version),
    onSettled: (section: PersonSensitive | undefined, _error, { personId }) => {
      if (section) cache.setQueryData(personKeys.sensitive(personId), section)
      else void cache.invalidateQueries({ key: personKeys.sensitive(personId) })
    },
  })
}

/** Re-reads a person (after a 412, to reload the current version into the form). */
export function useFetchPerson() {
  const cache = useQueryCache()
  return async (personId: string): Promise<Person> => {
    const person = await readPerson(personId)
    cache.setQueryData(personKeys.detail(personId), person)
    return person
  }
}

export function useFetchPersonSensitive() {
  const cache = useQueryCache()
  return async (personId: string): Promise<PersonSensitive> => {
    const section = await readPersonSensitive(personId)
    cache.setQueryData(personKeys.sensitive(personId), section)
    return section
  }
}

/** The duplicate check and the search are one-off calls: their bodies hold personal data, never cache keys. */
export const findPersonDuplicates = (body: PersonDuplicateCheck) => checkPersonDuplicates(body)
export const findPersons = (body: PersonSearch) => searchPersons(body)
