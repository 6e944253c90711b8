/**
 * Server state of companies: the filtered list ("load more"), one company (with its sites, contacts
 * and status history), register, update, change the relationship status, sites and contacts, the
 * bulk import. A change to a company marks its lists and detail stale.
 */
import type {
  Company,
  CompanyContactCreate,
  CompanyContactPatch,
  CompanyCreate,
  CompanyPage,
  CompanyPatch,
  CompanyRelationshipStatus,
  CompanySiteCreate,
  CompanySitePatch,
  CompanySummary,
  CompanyTransitionRequest,
} from '@ponte/shared'
import { useInfiniteQuery, useMutation, useQuery, useQueryCache } from '@pinia/colada'
import { computed, toValue, type MaybeRefOrGetter } from 'vue'
import {
  createCompany,
  createCompanyContact,
  createCompanySite,
  importCompanies,
  listCompanies,
  readCompany,
  transitionCompany,
  updateCompany,
  updateCompanyContact,
  updateCompanySite,
  type CompanyImportSource,
} from '../api/companies'
import type { ApiError } from '../api/http'

export const COMPANY_PAGE_SIZE = 25

/** The filters of the company list (`q` is part of a name: it stays in memory, never in the URL). */
export interface CompanyFilters {
  q?: string | undefined
  /** Exactly this partita IVA (typed in the name field: 11 digits). */
  vatNumber?: string | undefined
  relationshipStatus?: CompanyRelationshipStatus[] | undefined
  municipality?: string | undefined
  atecoCode?: string | undefined
}

export const companyKeys = {
  root: ['companies'] as const,
  lists: () => ['companies', 'list'] as const,
  list: (filters: CompanyFilters) =>
    ['companies', 'list', { q: filters.q ?? null, vatNumber: filters.vatNumber ?? null, relationshipStatus: filters.relationshipStatus?.join(',') ?? null, municipality: filters.municipality ?? null, atecoCode: filters.atecoCode ?? null }] as const,
  detail: (companyId: string) => ['companies', 'detail', companyId] as const,
}

/** The companies of the caller's circle matching the filters, by name, one page at a time. */
export function useCompanyList(filters: MaybeRefOrGetter<CompanyFilters>, enabled: MaybeRefOrGetter<boolean> = true) {
  const query = useInfiniteQuery<CompanyPage, ApiError, string | null>({
    key: () => companyKeys.list(toValue(filters)),
    query: ({ pageParam, signal }) => {
      const { relationshipStatus, ...rest } = toValue(filters)
      return listCompanies({ ...rest, ...(relationshipStatus?.length ? { relationshipStatus } : {}), limit: COMPANY_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) }, signal)
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last: CompanyPage) => last.nextCursor,
    enabled: () => toValue(enabled),
  })
  const companies = computed<CompanySummary[]>(() => query.data.value?.pages.flatMap((page) => page.items) ?? [])
  return { ...query, companies }
}

export function useCompany(companyId: MaybeRefOrGetter<string>, enabled: MaybeRefOrGetter<boolean> = true) {
  return useQuery({
    key: () => companyKeys.detail(toValue(companyId)),
    query: ({ signal }) => readCompany(toValue(companyId), signal),
    enabled: () => Boolean(toValue(companyId)) && toValue(enabled),
  })
}

/** Keeps the company just answered and marks the rest of the book stale. */
function useCompanyChanged() {
  const cache = useQueryCache()
  return (saved: Company | undefined, companyId?: string) => {
    if (saved) cache.setQueryData(companyKeys.detail(saved.id), saved)
    void cache.invalidateQueries({ key: companyKeys.lists() })
    if (!saved && companyId) void cache.invalidateQueries({ key: companyKeys.detail(companyId) })
  }
}

/** A site or contact changed: the company (which embeds them) is read again. */
function useCompanyPartChanged() {
  const cache = useQueryCache()
  return (companyId: string) => {
    void cache.invalidateQueries({ key: companyKeys.detail(companyId) })
    void cache.invalidateQueries({ key: companyKeys.lists() })
  }
}

export function useCreateCompany() {
  const changed = useCompanyChanged()
  return useMutation({
    mutation: ({ body, idempotencyKey }: { body: CompanyCreate; idempotencyKey: string }) => createCompany(body, idempotencyKey),
    onSettled: (saved) => changed(saved),
  })
}

export function useUpdateCompany() {
  const changed = useCompanyChanged()
  return useMutation({
    mutation: ({ companyId, patch, version }: { companyId: string; patch: CompanyPatch; version: number }) => updateCompany(companyId, patch, version),
    onSettled: (saved, _error, { companyId }) => changed(saved, companyId),
  })
}

export function useTransitionCompany() {
  const changed = useCompanyChanged()
  return useMutation({
    mutation: ({ companyId, body, version, idempotencyKey }: { companyId: string; body: CompanyTransitionRequest; version: number; idempotencyKey: string }) =>
      transitionCompany(companyId, body, version, idempotencyKey),
    onSettled: (saved, _error, { companyId }) => changed(saved, companyId),
  })
}

export function useCreateCompanySite() {
  const changed = useCompanyPartChanged()
  return useMutation({
    mutation: ({ companyId, body, idempotencyKey }: { companyId: string; body: CompanySiteCreate; idempotencyKey: string }) => createCompanySite(companyId, body, idempotencyKey),
    onSettled: (_saved, _error, { companyId }) => changed(companyId),
  })
}

export function useUpdateCompanySite() {
  const changed = useCompanyPartChanged()
  return useMutation({
    mutation: ({ companyId, siteId, patch, version }: { companyId: string; siteId: string; patch: CompanySitePatch; version: number }) => updateCompanySite(companyId, siteId, patch, version),
    onSettled: (_saved, _error, { companyId }) => changed(companyId),
  })
}

export function useCreateCompanyContact() {
  const changed = useCompanyPartChanged()
  return useMutation({
    mutation: ({ companyId, body, idempotencyKey }: { companyId: string; body: CompanyContactCreate; idempotencyKey: string }) => createCompanyContact(companyId, body, idempotencyKey),
    onSettled: (_saved, _error, { companyId }) => changed(companyId),
  })
}

export function useUpdateCompanyContact() {
  const changed = useCompanyPartChanged()
  return useMutation({
    mutation: ({ companyId, contactId, patch, version }: { companyId: string; contactId: string; patch: CompanyContactPatch; version: number }) =>
      updateCompanyContact(companyId, contactId, patch, version),
    onSettled: (_saved, _error, { companyId }) => changed(companyId),
  })
}

export function useImportCompanies() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ source, idempotencyKey }: { source: CompanyImportSource; idempotencyKey: string }) => importCompanies(source, idempotencyKey),
    onSettled: () => void cache.invalidateQueries({ key: companyKeys.lists() }),
  })
}

/** Reads a company once (after a 412, to reload the current version). */
export function useFetchCompany() {
  const cache = useQueryCache()
  return async (companyId: string): Promise<Company> => {
    const fresh = await readCompany(companyId)
    cache.setQueryData(companyKeys.detail(companyId), fresh)
    return fresh
  }
}
