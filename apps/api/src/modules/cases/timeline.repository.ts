/** SQL of the case timeline: a page of the events a reader may see, in the order they happened. */
import { and, asc, eq, inArray, or, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client.js'
import { caseEvents, referrals, users, type CaseEventRow } from '../../db/schema/index.js'
import { exactInstant, userName } from './cases.repository.js'

export interface TimelineFilter {
  /** Audiences read in full. */
  audiences: CaseEventRow['audience'][]
  /** Also the `restricted` events written by this user (their own restricted notes). */
  restrictedAuthorId: string | null
  /** For partners: referral events only of the referrals addressed to these organisations. */
  referralPartnerIds: string[] | null
  after: { occurredAt: string; id: string } | null
  limit: number
}

export function listCaseEvents(db: Db, caseId: string, filter: TimelineFilter) {
  const audience: SQL[] = [inArray(caseEvents.audience, filter.audiences)]
  if (filter.restrictedAuthorId) audience.push(and(eq(caseEvents.audience, 'restricted'), eq(caseEvents.actorUserId, filter.restrictedAuthorId))!)
  const where: SQL[] = [eq(caseEvents.caseId, caseId), or(...audience)!]
  if (filter.referralPartnerIds) {
    const own = filter.referralPartnerIds.length > 0
      ? sql`${caseEvents.resourceId} in (select ${referrals.id} from ${referrals} where ${referrals.caseId} = ${caseId} and ${inArray(referrals.partnerOrganisationId, filter.referralPartnerIds)})`
      : sql`false`
    where.push(sql`(${caseEvents.resourceType} is distinct from 'referral' or ${own})`)
  }
  if (filter.after) where.push(sql`(${caseEvents.occurredAt}, ${caseEvents.id}) > (${filter.after.occurredAt}::timestamptz, ${filter.after.id}::uuid)`)
  return db
    .select({ row: caseEvents, actorName: sql<string | null>`${userName(users)}`, cursorOccurredAt: exactInstant(caseEvents.occurredAt) })
    .from(caseEvents)
    .leftJoin(users, eq(users.id, caseEvents.actorUserId))
    .where(and(...where))
    .orderBy(asc(caseEvents.occurredAt), asc(caseEvents.id))
    .limit(filter.limit + 1)
}
