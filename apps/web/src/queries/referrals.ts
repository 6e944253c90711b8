/** Server state of referrals: a case's referrals, the partner's inbox; create, accept, reject, complete, revoke. */
import type { Referral, ReferralCreate, ReferralPage, ReferralPartner, ReferralStatus, ReferralTransitionRequest } from '@ponte/shared'
import { useInfiniteQuery, useMutation, useQuery, useQueryCache } from '@pinia/colada'
import { computed, toValue, type MaybeRefOrGetter } from 'vue'
import type { ApiError } from '../api/http'
import { listReferralPartners } from '../api/partner-commitments'
import { createReferral, listCaseReferrals, listReferrals, transitionReferral } from '../api/referrals'
import { caseKeys } from './cases'

export const REFERRAL_PAGE_SIZE = 25

export const referralKeys = {
  root: ['referrals'] as const,
  ofCase: (caseId: string) => ['referrals', 'case', caseId] as const,
  inbox: (status: ReferralStatus | null) => ['referrals', 'inbox', { status }] as const,
  partners: () => ['referrals', 'partners'] as const,
}

/** The referrals of a case (a partner sees only its own), newest first. */
export function useCaseReferrals(caseId: MaybeRefOrGetter<string>) {
  return useQuery({
    key: () => referralKeys.ofCase(toValue(caseId)),
    query: ({ signal }) => listCaseReferrals(toValue(caseId), { limit: 200 }, signal),
  })
}

/** The inbox: referrals addressed to the caller's organisations (or of the cases they see), newest first. */
export function useReferralInbox(status: MaybeRefOrGetter<ReferralStatus | null>) {
  const query = useInfiniteQuery<ReferralPage, ApiError, string | null>({
    key: () => referralKeys.inbox(toValue(status)),
    query: ({ pageParam, signal }) => {
      const current = toValue(status)
      return listReferrals({ limit: REFERRAL_PAGE_SIZE, ...(current ? { status: [current] } : {}), ...(pageParam ? { cursor: pageParam } : {}) }, signal)
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last: ReferralPage) => last.nextCursor,
  })
  const referrals = computed<Referral[]>(() => query.data.value?.pages.flatMap((page) => page.items) ?? [])
  return { ...query, referrals }
}

/** Active partner organisations a case may be referred to (never the platform's operator), by name: GET /referral-partners. */
export function useReferralPartners(enabled: MaybeRefOrGetter<boolean> = true) {
  return useQuery({
    key: referralKeys.partners(),
    query: async ({ signal }): Promise<ReferralPartner[]> => (await listReferralPartners({ limit: 200 }, signal)).items,
    enabled: () => toValue(enabled),
  })
}

export function useCreateReferral() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ caseId, body, idempotencyKey }: { caseId: string; body: ReferralCreate; idempotencyKey: string }) => createReferral(caseId, body, idempotencyKey),
    onSettled: (_data, _error, { caseId }) => {
      void cache.invalidateQueries({ key: referralKeys.root })
      void cache.invalidateQueries({ key: caseKeys.timeline(caseId) })
    },
  })
}

export function useTransitionReferral() {
  const cache = useQueryCache()
  return useMutation({
    mutation: ({ referral, body, idempotencyKey }: { referral: Referral; body: ReferralTransitionRequest; idempotencyKey: string }) =>
      transitionReferral(referral.id, body, referral.version, idempotencyKey),
    onSettled: (_data, _error, { referral }) => {
      void cache.invalidateQueries({ key: referralKeys.root })
      // Accepting opens the case to the partner; completing or revoking closes it.
      void cache.invalidateQueries({ key: caseKeys.root })
      void cache.invalidateQueries({ key: caseKeys.timeline(referral.caseId) })
    },
  })
}
