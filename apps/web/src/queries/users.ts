/** Server state of an organisation's users: the filtered, paged list, add and update. */
import type { OrganisationUser, OrganisationUserCreate, OrganisationUserPage, OrganisationUserPatch } from '@ponte/shared'
import { useInfiniteQuery, useMutation, useQueryCache } from '@pinia/colada'
import { computed, toValue, type MaybeRefOrGetter } from 'vue'
import type { ApiError } from '../api/http'
import { createOrganisationUser, listOrganisationUsers, readOrganisationUser, updateOrganisationUser } from '../api/users'
import { userKeys, type UserFilters } from './keys'

export const USER_PAGE_SIZE = 25

/** The organisation's users matching the filters, one page at a time ("load more"). */
export function useOrganisationUserList(organisationId: MaybeRefOrGetter<string | null>, filters: MaybeRefOrGetter<UserFilters>) {
  const query = useInfiniteQuery<OrganisationUserPage, ApiError, string | null>({
    key: () => userKeys.list(toValue(organisationId) ?? '', toValue(filters)),
    query: ({ pageParam, signal }) =>
      listOrganisationUsers(toValue(organisationId) ?? '', { ...toValue(filters), limit: USER_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last: OrganisationUserPage) => last.nextCursor,
    enabled: () => Boolean(toValue(organisationId)),
  })
  const users = computed<OrganisationUser[]>(() => query.data.value?.pages.flatMap((page) => page.items) ?? [])
  return { ...query, users }
}

export function useCreateOrganisationUser() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ organisationId, body, idempotencyKey }: { organisationId: string; body: OrganisationUserCreate; idempotencyKey: string }) =>
      createOrganisationUser(organisationId, body, idempotencyKey),
    onSettled: (_data, _error, { organisationId }) => cache.invalidateQueries({ key: userKeys.root(organisationId) }),
  })
}

export function useUpdateOrganisationUser() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ organisationId, userId, patch, version }: { organisationId: string; userId: string; patch: OrganisationUserPatch; version: number }) =>
      updateOrganisationUser(organisationId, userId, patch, version),
    onSettled: (_data, _error, { organisationId }) => cache.invalidateQueries({ key: userKeys.root(organisationId) }),
  })
}

/** Reads a user once (e.g. after a 412, to reload the current version into a form). */
export function useFetchOrganisationUser() {
  const cache = useQueryCache()
  return async (organisationId: string, userId: string): Promise<OrganisationUser> => {
    const user = await readOrganisationUser(organisationId, userId)
    cache.setQueryData(userKeys.detail(organisationId, userId), user)
    return user
  }
}
