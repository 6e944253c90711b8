/** SQL of referrals: the referral with the names it shows, pages under a visibility condition, look-ups and writes. */
import { type AnyColumn, and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Db } from '../../db/client.js'
import { cases, memberships, organisations, persons, referrals, users, type ReferralRow } from '../../db/schema/index.js'
import { REFERRAL_PARTNER_KINDS } from '@ponte/shared'

export type ReferralInsert = typeof referrals.$inferInsert
export type ReferralChanges = Partial<Pick<ReferralRow, 'status' | 'statusReason' | 'decidedBy' | 'decidedAt' | 'closedBy' | 'closedAt'>>

const municipality = alias(organisations, 'referral_municipality')
const partner = alias(organisations, 'referral_partner')
const requester = alias(users, 'referral_requester')
const decider = alias(users, 'referral_decider')
const closer = alias(users, 'referral_closer')
const nameOf = (table: { givenName: AnyColumn; familyName: AnyColumn }) => sql<string | null>`${table.givenName} || ' ' || ${table.familyName}`

function viewQuery(db: Db) {
  return db
    .select({
      row: referrals,
      personId: persons.id,
      personGivenName: persons.givenName,
      personFamilyName: persons.familyName,
      municipalityName: municipality.name,
      partnerName: partner.name,
      requestedByName: nameOf(requester),
      decidedByName: nameOf(decider),
      closedByName: nameOf(closer),
    })
    .from(referrals)
    .innerJoin(cases, eq(cases.id, referrals.caseId))
    .innerJoin(persons, eq(persons.id, cases.personId))
    .innerJoin(municipality, eq(municipality.id, referrals.municipalityId))
    .innerJoin(partner, eq(partner.id, referrals.partnerOrganisationId))
    .leftJoin(requester, eq(requester.id, referrals.requestedBy))
    .leftJoin(decider, eq(decider.id, referrals.decidedBy))
    .leftJoin(closer, eq(closer.id, referrals.closedBy))
}
export type ReferralView = NonNullable<Awaited<ReturnType<typeof findReferralView>>>

export const findReferralView = async (db: Db, id: string) => (await viewQuery(db).where(eq(referrals.id, id)))[0] ?? null

export interface ReferralFilter {
  visible: SQL
  caseId?: string
  partnerOrganisationIds?: string[]
  statuses?: ReferralRow['status'][]
  /** Id of the last item of the previous page (ids are time-ordered: newest first). */
  afterId: string | null
  limit: number
}

/** One page (plus one row) of referrals, newest first. */
export function listReferrals(db: Db, filter: ReferralFilter) {
  const where: SQL[] = [filter.visible]
  if (filter.caseId) where.push(eq(referrals.caseId, filter.caseId))
  if (filter.partnerOrganisationIds) where.push(filter.partnerOrganisationIds.length > 0 ? inArray(referrals.partnerOrganisationId, filter.partnerOrganisationIds) : sql`false`)
  if (filter.statuses && filter.statuses.length > 0) where.push(inArray(referrals.status, filter.statuses))
  if (filter.afterId) where.push(sql`${referrals.id} < ${filter.afterId}::uuid`)
  return viewQuery(db)
    .where(and(...where))
    .orderBy(desc(referrals.id))
    .limit(filter.limit + 1)
}

/** The referral row, locked for a transition in the current transaction. */
export const lockReferral = async (db: Db, id: string) => (await db.select().from(referrals).where(eq(referrals.id, id)).for('update'))[0] ?? null

export const findLiveReferral = async (db: Db, caseId: string, partnerOrganisationId: string) =>
  (
    await db
      .select({ id: referrals.id })
      .from(referrals)
      .where(and(eq(referrals.caseId, caseId), eq(referrals.partnerOrganisationId, partnerOrganisationId), inArray(referrals.status, ['requested', 'accepted'])))
      .limit(1)
  )[0] ?? null

export const findOrganisation = async (db: Db, id: string) =>
  (await db.select({ id: organisations.id, name: organisations.name, kind: organisations.kind, isActive: organisations.isActive }).from(organisations).where(eq(organisations.id, id)))[0] ?? null

export const insertReferral = async (db: Db, values: ReferralInsert) => (await db.insert(referrals).values(values).returning())[0]!

export const updateReferral = async (db: Db, id: string, changes: ReferralChanges) =>
  (
    await db
      .update(referrals)
      .set({ ...changes, version: sql`${referrals.version} + 1`, updatedAt: sql`now()` })
      .where(eq(referrals.id, id))
      .returning()
  )[0]!

/** The live (requested or accepted) referrals of a case, locked for a change. */
export const lockLiveReferralsOfCase = (db: Db, caseId: string) =>
  db
    .select()
    .from(referrals)
    .where(and(eq(referrals.caseId, caseId), inArray(referrals.status, ['requested', 'accepted'])))
    .for('update')

/**
 * Organisations a case may be referred to: active, of a partner kind, and not the platform's own
 * operator (an organisation whose members administer the platform never runs a service).
 */
const referralPartnerCondition = and(
  eq(organisations.isActive, true),
  inArray(organisations.kind, [...REFERRAL_PARTNER_KINDS]),
  sql`not exists (select 1 from ${memberships} where ${memberships.organisationId} = ${organisations.id} and ${memberships.isActive} and 'platform_admin' = any(${memberships.roles}))`,
)!

export const findReferralPartner = async (db: Db, id: string) =>
  (await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(and(eq(organisations.id, id), referralPartnerCondition)))[0] ?? null

/** One page (plus one row) of the organisations a case may be referred to, by name then id. */
export function listReferralPartners(db: Db, filter: { after: { name: string; id: string } | null; limit: number }) {
  const where: SQL[] = [referralPartnerCondition]
  if (filter.after) where.push(sql`(${organisations.name}, ${organisations.id}) > (${filter.after.name}, ${filter.after.id}::uuid)`)
  return db
    .select({ id: organisations.id, name: organisations.name, kind: organisations.kind })
    .from(organisations)
    .where(and(...where))
    .orderBy(organisations.name, organisations.id)
    .limit(filter.limit + 1)
}
