/** SQL of matches: a vacancy's or a case's matches under the case visibility, one match with its steps, writes. */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { MatchStatus } from '@ponte/shared'
import type { Db } from '../../db/client.js'
import { cases, companies, matches, matchSteps, organisations, persons, users, vacancies, type MatchRow } from '../../db/schema/index.js'
import { exactInstant, userName } from '../cases/cases.repository.js'

export type MatchInsert = typeof matches.$inferInsert
export type MatchChanges = Partial<Pick<MatchRow, 'status' | 'internshipMeasureId' | 'placementMeasureId'>>

const proposedByUser = alias(users, 'proposed_by_user')
const municipality = alias(organisations, 'municipality')
const proposedByOrganisation = alias(organisations, 'proposed_by_organisation')

const viewColumns = {
  row: matches,
  vacancyTitle: vacancies.title,
  vacancyStatus: vacancies.status,
  companyId: companies.id,
  companyName: companies.name,
  personGivenName: persons.givenName,
  personFamilyName: persons.familyName,
  municipalityName: municipality.name,
  proposedByOrganisationName: proposedByOrganisation.name,
  proposedByName: sql<string | null>`case when ${proposedByUser.id} is null then null else ${userName(proposedByUser)} end`,
  cursorCreatedAt: exactInstant(matches.createdAt),
}
export type MatchView = Awaited<ReturnType<typeof listMatches>>[number]

function viewQuery(db: Db) {
  return db
    .select(viewColumns)
    .from(matches)
    .innerJoin(vacancies, eq(vacancies.id, matches.vacancyId))
    .innerJoin(companies, eq(companies.id, vacancies.companyId))
    .innerJoin(persons, eq(persons.id, matches.personId))
    .innerJoin(municipality, eq(municipality.id, matches.municipalityId))
    .innerJoin(proposedByOrganisation, eq(proposedByOrganisation.id, matches.proposedByOrganisationId))
    .leftJoin(proposedByUser, eq(proposedByUser.id, matches.proposedBy))
}

/** Matches whose case is visible (`visibleCases`, a condition on `cases`), oldest first. */
export function listMatches(db: Db, filter: { visibleCases: SQL; vacancyId?: string; caseId?: string; statuses?: MatchStatus[]; after: { at: string; id: string } | null; limit: number }) {
  const where: SQL[] = [sql`exists (select 1 from ${cases} where ${cases.id} = ${matches.caseId} and ${filter.visibleCases})`]
  if (filter.vacancyId) where.push(eq(matches.vacancyId, filter.vacancyId))
  if (filter.caseId) where.push(eq(matches.caseId, filter.caseId))
  if (filter.statuses && filter.statuses.length > 0) where.push(inArray(matches.status, filter.statuses))
  if (filter.after) where.push(sql`(${matches.createdAt}, ${matches.id}) > (${filter.after.at}::timestamptz, ${filter.after.id}::uuid)`)
  return viewQuery(db)
    .where(and(...where))
    .orderBy(asc(matches.createdAt), asc(matches.id))
    .limit(filter.limit + 1)
}

export async function findMatchView(db: Db, id: string) {
  const [found] = await viewQuery(db).where(eq(matches.id, id))
  return found ?? null
}

export async function lockMatch(db: Db, id: string): Promise<MatchRow | null> {
  const [found] = await db.select().from(matches).where(eq(matches.id, id)).for('update')
  return found ?? null
}

export async function findLiveMatch(db: Db, vacancyId: string, caseId: string): Promise<MatchRow | null> {
  const [found] = await db
    .select()
    .from(matches)
    .where(and(eq(matches.vacancyId, vacancyId), eq(matches.caseId, caseId), sql`${matches.status} not in ('rejected', 'withdrawn')`))
  return found ?? null
}

export async function insertMatch(db: Db, values: MatchInsert): Promise<MatchRow> {
  const [row] = await db.insert(matches).values(values).returning()
  return row!
}

export async function updateMatch(db: Db, id: string, changes: MatchChanges): Promise<void> {
  await db.update(matches).set({ ...changes, version: sql`${matches.version} + 1`, updatedAt: new Date() }).where(eq(matches.id, id))
}

export async function insertStep(db: Db, values: typeof matchSteps.$inferInsert): Promise<void> {
  await db.insert(matchSteps).values(values)
}

const stepByUser = alias(users, 'step_by_user')
/** The steps of the matches, oldest first. */
export function listSteps(db: Db, matchIds: string[]) {
  if (matchIds.length === 0) return Promise.resolve([])
  return db
    .select({ row: matchSteps, byName: sql<string | null>`case when ${stepByUser.id} is null then null else ${userName(stepByUser)} end` })
    .from(matchSteps)
    .leftJoin(stepByUser, eq(stepByUser.id, matchSteps.byUserId))
    .where(inArray(matchSteps.matchId, matchIds))
    .orderBy(asc(matchSteps.at), asc(matchSteps.id))
}

/** The organisations among `organisationIds` with an accepted referral of the case (a partner proposes for the one it works the case for). */
export async function acceptedReferralOrganisations(db: Db, caseId: string, organisationIds: string[]): Promise<string[]> {
  if (organisationIds.length === 0) return []
  const rows = await db.execute<{ id: string }>(
    sql`select partner_organisation_id as id from referrals where case_id = ${caseId}::uuid and status = 'accepted' and partner_organisation_id in (${sql.join(organisationIds.map((o) => sql`${o}::uuid`), sql`, `)}) order by created_at`,
  )
  return rows.rows.map((r) => r.id)
}

