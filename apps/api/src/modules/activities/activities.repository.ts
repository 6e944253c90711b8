/** SQL of mediation activities: a company's log, the caller's next actions due, writes. */
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Db } from '../../db/client.js'
import { companies, companyActivities, companyContacts, users, type CompanyActivityRow } from '../../db/schema/index.js'
import { userName } from '../cases/cases.repository.js'

export type ActivityInsert = typeof companyActivities.$inferInsert
export type ActivityChanges = Partial<Pick<CompanyActivityRow, 'summary' | 'outcome' | 'contactId' | 'nextAction' | 'nextActionDueOn' | 'nextActionDoneAt' | 'nextActionDoneBy'>>

const operatorUser = alias(users, 'operator_user')
const doneByUser = alias(users, 'done_by_user')

const viewColumns = {
  row: companyActivities,
  companyName: companies.name,
  companyOwnerId: companies.ownerOrganisationId,
  operatorName: userName(operatorUser),
  contactName: sql<string | null>`case when ${companyContacts.id} is null then null else ${companyContacts.givenName} || ' ' || ${companyContacts.familyName} end`,
  doneByName: sql<string | null>`case when ${doneByUser.id} is null then null else ${userName(doneByUser)} end`,
}
export type ActivityView = Awaited<ReturnType<typeof listActivities>>[number]

function viewQuery(db: Db) {
  return db
    .select(viewColumns)
    .from(companyActivities)
    .innerJoin(companies, eq(companies.id, companyActivities.companyId))
    .innerJoin(operatorUser, eq(operatorUser.id, companyActivities.operatorId))
    .leftJoin(companyContacts, eq(companyContacts.id, companyActivities.contactId))
    .leftJoin(doneByUser, eq(doneByUser.id, companyActivities.nextActionDoneBy))
}

/** A company's activities, newest first (by date, then by id: ids are time-ordered). */
export function listActivities(db: Db, filter: { companyId: string; kind?: string; after: { date: string; id: string } | null; limit: number }) {
  const where: SQL[] = [eq(companyActivities.companyId, filter.companyId)]
  if (filter.kind) where.push(sql`${companyActivities.kind} = ${filter.kind}`)
  if (filter.after) where.push(sql`(${companyActivities.occurredOn}, ${companyActivities.id}) < (${filter.after.date}::date, ${filter.after.id}::uuid)`)
  return viewQuery(db)
    .where(and(...where))
    .orderBy(desc(companyActivities.occurredOn), desc(companyActivities.id))
    .limit(filter.limit + 1)
}

/** The operator's open next actions due by `dueBy`, on companies owned in `owners`, soonest first. */
export function listDueActivities(db: Db, filter: { operatorId: string; owners: string[]; dueBy: string; after: { date: string; id: string } | null; limit: number }) {
  const where: SQL[] = [
    eq(companyActivities.operatorId, filter.operatorId),
    isNull(companyActivities.nextActionDoneAt),
    sql`${companyActivities.nextActionDueOn} is not null and ${companyActivities.nextActionDueOn} <= ${filter.dueBy}::date`,
    filter.owners.length > 0 ? inArray(companies.ownerOrganisationId, filter.owners) : sql`false`,
  ]
  if (filter.after) where.push(sql`(${companyActivities.nextActionDueOn}, ${companyActivities.id}) > (${filter.after.date}::date, ${filter.after.id}::uuid)`)
  return viewQuery(db)
    .where(and(...where))
    .orderBy(asc(companyActivities.nextActionDueOn), asc(companyActivities.id))
    .limit(filter.limit + 1)
}

export async function findActivityView(db: Db, id: string) {
  const [found] = await viewQuery(db).where(eq(companyActivities.id, id))
  return found ?? null
}

export async function lockActivity(db: Db, id: string): Promise<CompanyActivityRow | null> {
  const [found] = await db.select().from(companyActivities).where(eq(companyActivities.id, id)).for('update')
  return found ?? null
}

export async function insertActivity(db: Db, values: ActivityInsert): Promise<CompanyActivityRow> {
  const [row] = await db.insert(companyActivities).values(values).returning()
  return row!
}

export async function updateActivity(db: Db, id: string, changes: ActivityChanges): Promise<void> {
  await db.update(companyActivities).set({ ...changes, version: sql`${companyActivities.version} + 1`, updatedAt: new Date() }).where(eq(companyActivities.id, id))
}
