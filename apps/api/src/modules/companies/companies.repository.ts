/** SQL of companies: pages under the circle's condition, the company with its names, sites, contacts and status history, and writes. */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { CompanyRelationshipStatus } from '@ponte/shared'
import type { Db } from '../../db/client.js'
import { companies, companyContacts, companySites, companyStatusChanges, organisations, users, vacancies, type CompanyContactRow, type CompanyRow, type CompanySiteRow } from '../../db/schema/index.js'
import { foldText, userName } from '../cases/cases.repository.js'

export type CompanyInsert = typeof companies.$inferInsert
export type CompanyChanges = Partial<Omit<CompanyInsert, 'id' | 'version' | 'createdAt' | 'updatedAt' | 'ownerOrganisationId'>>
export type SiteInsert = typeof companySites.$inferInsert
export type SiteChanges = Partial<Omit<SiteInsert, 'id' | 'companyId' | 'version' | 'createdAt' | 'updatedAt'>>
export type ContactInsert = typeof companyContacts.$inferInsert
export type ContactChanges = Partial<Omit<ContactInsert, 'id' | 'companyId' | 'version' | 'createdAt' | 'updatedAt'>>

const followedByUser = alias(users, 'followed_by_user')

/** `%part%` for LIKE, with the pattern characters of the user's text taken literally. */
const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

const openVacancies = sql<number>`(select count(*)::int from ${vacancies} where ${vacancies.companyId} = ${companies.id} and ${vacancies.status} = 'open')`

const viewColumns = {
  row: companies,
  ownerName: organisations.name,
  followedByName: sql<string | null>`case when ${followedByUser.id} is null then null else ${userName(followedByUser)} end`,
  openVacancies,
}

export type CompanyView = Awaited<ReturnType<typeof findCompanyView>> & {}

function viewQuery(db: Db) {
  return db
    .select(viewColumns)
    .from(companies)
    .innerJoin(organisations, eq(organisations.id, companies.ownerOrganisationId))
    .leftJoin(followedByUser, eq(followedByUser.id, companies.ownerUserId))
}

export interface CompanyFilter {
  q?: string
  vatNumber?: string
  atecoCode?: string
  statuses?: CompanyRelationshipStatus[]
  municipality?: string
}

function filterConditions(filter: CompanyFilter): SQL[] {
  const where: SQL[] = []
  if (filter.q) for (const word of foldText(filter.q).split(/\s+/).filter(Boolean)) where.push(sql`ponte_search_text(${companies.name}) like ${containsPattern(word)}`)
  if (filter.vatNumber) where.push(eq(companies.vatNumber, filter.vatNumber))
  if (filter.atecoCode) where.push(sql`${companies.atecoCode} like ${`${filter.atecoCode.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`)
  if (filter.statuses && filter.statuses.length > 0) where.push(inArray(companies.relationshipStatus, filter.statuses))
  if (filter.municipality) {
    const municipality = foldText(filter.municipality.trim())
    where.push(
      sql`(ponte_search_text(coalesce(${companies.municipality}, '')) = ${municipality}
        or exists (select 1 from ${companySites} where ${companySites.companyId} = ${companies.id} and ${companySites.isActive} and ponte_search_text(${companySites.municipality}) = ${municipality}))`,
    )
  }
  return where
}

/** One page (plus one row) of the companies matching `visible` and the filter, by name. */
export function listCompanies(db: Db, visible: SQL, filter: CompanyFilter & { after: { name: string; id: string } | null; limit: number }) {
  const where = [visible, ...filterConditions(filter)]
  if (filter.after) where.push(sql`(${companies.name}, ${companies.id}) > (${filter.after.name}, ${filter.after.id}::uuid)`)
  return viewQuery(db)
    .where(and(...where))
    .orderBy(asc(companies.name), asc(companies.id))
    .limit(filter.limit + 1)
}

export async function findCompanyView(db: Db, id: string) {
  const [found] = await viewQuery(db).where(eq(companies.id, id))
  return found ?? null
}

export async function findCompany(db: Db, id: string): Promise<CompanyRow | null> {
  const [found] = await db.select().from(companies).where(eq(companies.id, id))
  return found ?? null
}

export async function lockCompany(db: Db, id: string): Promise<CompanyRow | null> {
  const [found] = await db.select().from(companies).where(eq(companies.id, id)).for('update')
  return found ?? null
}

export async function findCompanyIdByVatNumber(db: Db, vatNumber: string): Promise<string | null> {
  const [found] = await db.select({ id: companies.id }).from(companies).where(eq(companies.vatNumber, vatNumber))
  return found?.id ?? null
}

export async function insertCompany(db: Db, values: CompanyInsert): Promise<CompanyRow> {
  const [row] = await db.insert(companies).values(values).returning()
  return row!
}

export async function updateCompany(db: Db, id: string, changes: CompanyChanges): Promise<void> {
  await db.update(companies).set({ ...changes, version: sql`${companies.version} + 1`, updatedAt: new Date() }).where(eq(companies.id, id))
}

export async function insertStatusChange(db: Db, values: typeof companyStatusChanges.$inferInsert): Promise<void> {
  await db.insert(companyStatusChanges).values(values)
}

const changedByUser = alias(users, 'changed_by_user')
export function listStatusChanges(db: Db, companyId: string) {
  return db
    .select({ row: companyStatusChanges, changedByName: sql<string | null>`case when ${changedByUser.id} is null then null else ${userName(changedByUser)} end` })
    .from(companyStatusChanges)
    .leftJoin(changedByUser, eq(changedByUser.id, companyStatusChanges.changedBy))
    .where(eq(companyStatusChanges.companyId, companyId))
    .orderBy(asc(companyStatusChanges.changedAt), asc(companyStatusChanges.id))
}

export function listSites(db: Db, companyId: string): Promise<CompanySiteRow[]> {
  return db.select().from(companySites).where(eq(companySites.companyId, companyId)).orderBy(desc(companySites.isHeadquarters), desc(companySites.isActive), asc(companySites.name), asc(companySites.id))
}

export async function findSite(db: Db, id: string): Promise<CompanySiteRow | null> {
  const [found] = await db.select().from(companySites).where(eq(companySites.id, id))
  return found ?? null
}

export async function insertSite(db: Db, values: SiteInsert): Promise<CompanySiteRow> {
  const [row] = await db.insert(companySites).values(values).returning()
  return row!
}

export async function updateSite(db: Db, id: string, changes: SiteChanges): Promise<CompanySiteRow> {
  const [row] = await db.update(companySites).set({ ...changes, version: sql`${companySites.version} + 1`, updatedAt: new Date() }).where(eq(companySites.id, id)).returning()
  return row!
}

/** Only one headquarters per company: the others lose the flag when one takes it. */
export async function clearOtherHeadquarters(db: Db, companyId: string, keepSiteId: string): Promise<void> {
  await db
    .update(companySites)
    .set({ isHeadquarters: false, version: sql`${companySites.version} + 1`, updatedAt: new Date() })
    .where(and(eq(companySites.companyId, companyId), eq(companySites.isHeadquarters, true), sql`${companySites.id} <> ${keepSiteId}::uuid`))
}

export function listContacts(db: Db, companyId: string): Promise<CompanyContactRow[]> {
  return db.select().from(companyContacts).where(eq(companyContacts.companyId, companyId)).orderBy(desc(companyContacts.isActive), asc(companyContacts.familyName), asc(companyContacts.givenName), asc(companyContacts.id))
}

export async function findContact(db: Db, id: string): Promise<CompanyContactRow | null> {
  const [found] = await db.select().from(companyContacts).where(eq(companyContacts.id, id))
  return found ?? null
}

export async function insertContact(db: Db, values: ContactInsert): Promise<CompanyContactRow> {
  const [row] = await db.insert(companyContacts).values(values).returning()
  return row!
}

export async function updateContact(db: Db, id: string, changes: ContactChanges): Promise<CompanyContactRow> {
  const [row] = await db.update(companyContacts).set({ ...changes, version: sql`${companyContacts.version} + 1`, updatedAt: new Date() }).where(eq(companyContacts.id, id)).returning()
  return row!
}

/** A user's name, when they belong to one of `organisationIds` (who may follow a company). */
export async function findMemberName(db: Db, userId: string, organisationIds: string[]): Promise<string | null> {
  const found = await db.execute<{ name: string }>(sql`
    select ${users.givenName} || ' ' || ${users.familyName} as name from ${users}
    where ${users.id} = ${userId}::uuid and ${users.isActive}
      and exists (select 1 from memberships m where m.user_id = ${users.id} and m.is_active and m.organisation_id in (${sql.join(organisationIds.map((o) => sql`${o}::uuid`), sql`, `)}))`)
  return found.rows[0]?.name ?? null
}
