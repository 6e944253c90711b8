/** SQL of vacancies: pages under the circle's condition with their company, positions filled (from hires) and candidates per stage; writes. */
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { VacancyStatus } from '@ponte/shared'
import type { Db } from '../../db/client.js'
import { companies, companySites, matches, organisations, users, vacancies, type VacancyRow } from '../../db/schema/index.js'
import { exactInstant, foldText, userName } from '../cases/cases.repository.js'

export type VacancyInsert = typeof vacancies.$inferInsert
export type VacancyChanges = Partial<Omit<VacancyInsert, 'id' | 'companyId' | 'ownerOrganisationId' | 'version' | 'createdAt' | 'updatedAt' | 'createdBy'>>

const createdByUser = alias(users, 'created_by_user')
const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/** Candidates per stage, as one JSON object (every match counts: the figures name nobody). */
const matchCounts = sql<Record<string, number>>`(select coalesce(jsonb_object_agg(s.status, s.n), '{}'::jsonb) from (select ${matches.status} as status, count(*)::int as n from ${matches} where ${matches.vacancyId} = ${vacancies.id} group by ${matches.status}) s)`

const viewColumns = {
  row: vacancies,
  companyName: companies.name,
  companyOwnerId: companies.ownerOrganisationId,
  ownerName: organisations.name,
  siteName: companySites.name,
  siteMunicipality: companySites.municipality,
  createdByName: sql<string | null>`case when ${createdByUser.id} is null then null else ${userName(createdByUser)} end`,
  matchCounts,
  cursorCreatedAt: exactInstant(vacancies.createdAt),
}
export type VacancyView = Awaited<ReturnType<typeof listVacancies>>[number]

function viewQuery(db: Db) {
  return db
    .select(viewColumns)
    .from(vacancies)
    .innerJoin(companies, eq(companies.id, vacancies.companyId))
    .innerJoin(organisations, eq(organisations.id, vacancies.ownerOrganisationId))
    .leftJoin(companySites, eq(companySites.id, vacancies.siteId))
    .leftJoin(createdByUser, eq(createdByUser.id, vacancies.createdBy))
}

export interface VacancyFilter {
  owners: string[]
  companyId?: string
  statuses?: VacancyStatus[]
  q?: string
}

/** A page (plus one row) of the vacancies of companies owned in `owners`, newest first. */
export function listVacancies(db: Db, filter: VacancyFilter & { after: { at: string; id: string } | null; limit: number }) {
  const where: SQL[] = [filter.owners.length > 0 ? inArray(companies.ownerOrganisationId, filter.owners) : sql`false`]
  if (filter.companyId) where.push(eq(vacancies.companyId, filter.companyId))
  if (filter.statuses && filter.statuses.length > 0) where.push(inArray(vacancies.status, filter.statuses))
  if (filter.q) {
    for (const word of foldText(filter.q).split(/\s+/).filter(Boolean)) {
      where.push(sql`(ponte_search_text(${vacancies.title}) like ${containsPattern(word)} or ponte_search_text(${companies.name}) like ${containsPattern(word)})`)
    }
  }
  if (filter.after) where.push(sql`(${vacancies.createdAt}, ${vacancies.id}) < (${filter.after.at}::timestamptz, ${filter.after.id}::uuid)`)
  return viewQuery(db)
    .where(and(...where))
    .orderBy(desc(vacancies.createdAt), desc(vacancies.id))
    .limit(filter.limit + 1)
}

export async function findVacancyView(db: Db, id: string) {
  const [found] = await viewQuery(db).where(eq(vacancies.id, id))
  return found ?? null
}

export async function findVacancy(db: Db, id: string): Promise<VacancyRow | null> {
  const [found] = await db.select().from(vacancies).where(eq(vacancies.id, id))
  return found ?? null
}

/** Locks the vacancy: hires on it are counted and filled one at a time. */
export async function lockVacancy(db: Db, id: string): Promise<VacancyRow | null> {
  const [found] = await db.select().from(vacancies).where(eq(vacancies.id, id)).for('update')
  return found ?? null
}

export async function countHires(db: Db, vacancyId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(matches).where(and(eq(matches.vacancyId, vacancyId), eq(matches.status, 'hired')))
  return row?.n ?? 0
}

export async function insertVacancy(db: Db, values: VacancyInsert): Promise<VacancyRow> {
  const [row] = await db.insert(vacancies).values(values).returning()
  return row!
}

export async function updateVacancy(db: Db, id: string, changes: VacancyChanges): Promise<void> {
  await db.update(vacancies).set({ ...changes, version: sql`${vacancies.version} + 1`, updatedAt: new Date() }).where(eq(vacancies.id, id))
}
