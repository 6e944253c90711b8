/**
 * The case page's two first reads, the case and its person, as query options shared by the page
 * (useCase, useCasePerson) and its route. The route starts them once the session is known, while
 * the page's code arrives, instead of once the page is drawn (routes.ts): the page's queries then
 * take the answers, or the requests under way (Pinia Colada's prefetching). This module is part of
 * the start-up code, so it holds only these two.
 */
import { defineQueryOptions, useQueryCache, type QueryCache } from '@pinia/colada'
import { hasInjectionContext } from 'vue'
import { readCase, readCasePerson } from '../api/case-detail'
import { caseKeys, personKeys } from './keys'

export const caseQuery = defineQueryOptions((caseId: string) => ({
  key: caseKeys.detail(caseId),
  query: ({ signal }: { signal: AbortSignal }) => readCase(caseId, signal),
}))

/**
 * The person of a case, read together with the case (`GET /cases/{caseId}/person`) instead of
 * after it: the case page's profile waits for one round trip, not two. The answer is kept as the
 * person too (`personKeys.detail`), where the profile tab reads it.
 */
export const casePersonQuery = defineQueryOptions(({ caseId, cache }: { caseId: string; cache: QueryCache }) => ({
  key: personKeys.ofCase(caseId),
  query: async ({ signal }: { signal: AbortSignal }) => {
    const person = await readCasePerson(caseId, signal)
    cache.setQueryData(personKeys.detail(person.id), person)
    return person
  },
}))

/**
 * Starts reading the case and its person unless the cache holds fresh answers: the case route's
 * guard, after the session check (the page then shows what the API answered, errors included).
 * Only within an app (main.ts: the router's guards run in its injection context, where the query
 * cache has the app's options); a router on its own, as in some component tests, leaves the reads
 * to the page.
 */
export function prefetchCase(caseId: string): void {
  if (!hasInjectionContext()) return
  const cache = useQueryCache()
  cache.refresh(cache.ensure(caseQuery(caseId))).catch(() => undefined)
  cache.refresh(cache.ensure(casePersonQuery({ caseId, cache }))).catch(() => undefined)
}
