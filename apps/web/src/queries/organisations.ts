/** Server state of organisations: the filtered, paged list, the options for pickers, create and update. */
import type { Organisation, OrganisationCreate, OrganisationPage, OrganisationPatch } from '@ponte/shared'
import { useInfiniteQuery, useMutation, useQuery, useQueryCache } from '@pinia/colada'
import { computed, toValue, type MaybeRefOrGetter } from 'vue'
import type { ApiError } from '../api/http'
import { createOrganisation, listOrganisations, readOrganisation, updateOrganisation } from '../api/organisations'
import { organisationKeys, type OrganisationFilters } from './keys'

export const ORGANISATION_PAGE_SIZE = 25
/** Pickers (the parent organisation) offer up to this many organisations. */
const OPTIONS_LIMIT = 200

/** The organisations matching the filters, one page at a time ("load more"). */
export function useOrganisationList(filters: MaybeRefOrGetter<OrganisationFilters>) {
  const query = useInfiniteQuery<OrganisationPage, ApiError, string | null>({
    key: () => organisationKeys.list(toValue(filters)),
    query: ({ pageParam, signal }) =>
      listOrganisations({ ...toValue(filters), limit: ORGANISATION_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last: OrganisationPage) => last.nextCursor,
  })
  const organisations = computed<Organisation[]>(() => query.data.value?.pages.flatMap((page) => page.items) ?? [])
  return { ...query, organisations }
}

/** Every organisation (up to 200), by name, for choosing a parent. */
export function useOrganisationOptions(enabled: MaybeRefOrGetter<boolean> = true) {
  return useQuery({
    key: organisationKeys.options(),
    query: ({ signal }) => listOrganisations({ limit: OPTIONS_LIMIT }, signal),
    enabled: () => toValue(enabled),
  })
}

/** One organisation, fresh from the API (its current version). */
export function useOrganisation(organisationId: MaybeRefOrGetter<string | null>) {
  return useQuery({
    key: () => organisationKeys.detail(toValue(organisationId) ?? ''),
    query: ({ signal }) => readOrganisation(toValue(organisationId) ?? '', signal),
    enabled: () => Boolean(toValue(organisationId)),
  })
}

export function useCreateOrganisation() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ body, idempotencyKey }: { body: OrganisationCreate; idempotencyKey: string }) => createOrganisation(body, idempotencyKey),
    onSettled: () => cache.invalidateQueries({ key: organisationKeys.root }),
  })
}

export function useUpdateOrganisation() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ organisationId, patch, version }: { organisationId: string; patch: OrganisationPatch; version: number }) =>
      updateOrganisation(organisationId, patch, version),
    onSettled: () => cache.invalidateQueries({ key: organisationKeys.root }),
  })
}

/** Reads an organisation once (e.g. after a 412, to reload the current version into a form). */
export function useFetchOrganisation() {
  const cache = useQueryCache()
  return async (organisationId: string): Promise<Organisation> => {
    const organisation = await readOrganisation(organisationId)
    cache.setQueryData(organisationKeys.detail(organisationId), organisation)
    return organisation
  }
}
