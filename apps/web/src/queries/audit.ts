/** Server state of the audit trail: the auditor's pages of entries (newest first) and the verification of the chain. */
import type { AuditEntry, AuditEntryPage } from '@ponte/shared'
import { useInfiniteQuery, useMutation, useQuery } from '@pinia/colada'
import { computed, toValue, type MaybeRefOrGetter } from 'vue'
import type { ApiError } from '../api/http'
import { listAuditActors, listAuditEntries, verifyAuditChain } from '../api/audit'

export const AUDIT_PAGE_SIZE = 50

/** What the page filters by; instants are ISO strings. */
export interface AuditFilters {
  from?: string | undefined
  to?: string | undefined
  resourceType?: string | undefined
  action?: string | undefined
  actorUserId?: string | undefined
  personId?: string | undefined
  /** A person's name, matched tolerantly by the API. */
  q?: string | undefined
}

export const auditKeys = {
  root: (organisationId: string) => ['audit', organisationId] as const,
  entries: (organisationId: string, filters: AuditFilters) =>
    [
      'audit',
      organisationId,
      'entries',
      {
        from: filters.from ?? null,
        to: filters.to ?? null,
        resourceType: filters.resourceType ?? null,
        action: filters.action ?? null,
        actorUserId: filters.actorUserId ?? null,
        personId: filters.personId ?? null,
        q: filters.q ?? null,
      },
    ] as const,
  actors: (organisationId: string) => ['audit', organisationId, 'actors'] as const,
}

export const defined = (filters: AuditFilters) => Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined && value !== '')) as AuditFilters

export function useAuditEntries(organisationId: MaybeRefOrGetter<string | null>, filters: MaybeRefOrGetter<AuditFilters>) {
  const query = useInfiniteQuery<AuditEntryPage, ApiError, string | null>({
    key: () => auditKeys.entries(toValue(organisationId) ?? '', toValue(filters)),
    query: ({ pageParam, signal }) =>
      listAuditEntries(toValue(organisationId)!, { limit: AUDIT_PAGE_SIZE, ...defined(toValue(filters)), ...(pageParam ? { cursor: pageParam } : {}) }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last: AuditEntryPage) => last.nextCursor,
    enabled: () => toValue(organisationId) !== null,
  })
  const entries = computed<AuditEntry[]>(() => query.data.value?.pages.flatMap((page) => page.items) ?? [])
  return { ...query, entries }
}

/** Recomputes the hash chain of the organisation's entries (a read, run on demand). */
export function useVerifyAuditChain() {
  return useMutation({ mutation: (organisationId: string) => verifyAuditChain(organisationId) })
}

/** The users who appear in the trail, for the filter by user. */
export function useAuditActors(organisationId: MaybeRefOrGetter<string | null>) {
  return useQuery({
    key: () => auditKeys.actors(toValue(organisationId) ?? ''),
    query: ({ signal }) => listAuditActors(toValue(organisationId)!, signal),
    enabled: () => toValue(organisationId) !== null,
  })
}
