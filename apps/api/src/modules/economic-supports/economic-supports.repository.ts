/** SQL of economic supports: a case's page, look-ups with the names of who requested and decided, writes, and the requests awaiting a decision. */
import { aliasedTable, and, asc, desc, eq, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client.js'
import { cases, economicSupports, persons, users, type EconomicSupportRow, type EconomicSupportStatus, type EconomicSupportType } from '../../db/schema/index.js'

export type EconomicSupportInsert = typeof economicSupports.$inferInsert
export type EconomicSupportChanges = Partial<Omit<EconomicSupportInsert, 'id' | 'caseId' | 'version' | 'createdAt' | 'requestedBy'>>

const requester = aliasedTable(users, 'requester')
const decider = aliasedTable(users, 'decider')
const fullName = (table: typeof requester) => sql<string | null>`nullif(trim(concat(${table.givenName}, ' ', ${table.familyName})), '')`

export interface SupportView {
  support: EconomicSupportRow
  requestedByName: string | null
  decidedByName: string | null
}

const selectViews = (db: Db) =>
  db
    .select({ support: economicSupports, requestedByName: fullName(requester), decidedByName: fullName(decider) })
    .from(economicSupports)
    .leftJoin(requester, eq(requester.id, economicSupports.requestedBy))
    .leftJoin(decider, eq(decider.id, economicSupports.decidedBy))

export interface SupportFilter {
  status?: EconomicSupportStatus
  type?: EconomicSupportType
  /** Sort key (id) of the last item of the previous page: ids are time-ordered, most recent first. */
  beforeId: string | null
  limit: number
}

export function listSupports(db: Db, caseId: string, filter: SupportFilter): Promise<SupportView[]> {
  const where: SQL[] = [eq(economicSupports.caseId, caseId)]
  if (filter.status) where.push(eq(economicSupports.status, filter.status))
  if (filter.type) where.push(eq(economicSupports.type, filter.type))
  if (filter.beforeId) where.push(sql`${economicSupports.id} < ${filter.beforeId}::uuid`)
  return selectViews(db)
    .where(and(...where))
    .orderBy(desc(economicSupports.id))
    .limit(filter.limit + 1)
}

export async function findSupport(db: Db, caseId: string, supportId: string): Promise<SupportView | null> {
  const [row] = await selectViews(db).where(and(eq(economicSupports.id, supportId), eq(economicSupports.caseId, caseId)))
  return row ?? null
}

/** The support row locked for a change in the current transaction. */
export async function lockSupport(db: Db, caseId: string, supportId: string): Promise<EconomicSupportRow | null> {
  const [row] = await db
    .select()
    .from(economicSupports)
    .where(and(eq(economicSupports.id, supportId), eq(economicSupports.caseId, caseId)))
    .for('update')
  return row ?? null
}

export const insertSupport = async (db: Db, values: EconomicSupportInsert) => (await db.insert(economicSupports).values(values).returning())[0]!

export async function updateSupport(db: Db, id: string, changes: EconomicSupportChanges): Promise<void> {
  await db
    .update(economicSupports)
    .set({ ...changes, version: sql`${economicSupports.version} + 1`, updatedAt: new Date() })
    .where(eq(economicSupports.id, id))
}

export interface AwaitingDecisionFilter {
  /** The SQL scope of the cases the caller decides for (see cases.policy.ts). */
  visibleCases: SQL
  /** Sort key (createdAt as PostgreSQL text, id) of the last item of the previous page. */
  after: { at: string; id: string } | null
  limit: number
}

/**
 * Requested supports of the cases in scope (a closed case's request may still be decided), with who
 * requested them and the case's person; the oldest request first.
 */
export function listSupportsAwaitingDecision(db: Db, filter: AwaitingDecisionFilter) {
  const where: SQL[] = [filter.visibleCases, eq(economicSupports.status, 'requested')]
  if (filter.after) where.push(sql`(${economicSupports.createdAt}, ${economicSupports.id}) > (${filter.after.at}::timestamptz, ${filter.after.id}::uuid)`)
  return db
    .select({
      support: economicSupports,
      createdAtKey: sql<string>`${economicSupports.createdAt}::text`,
      requestedByName: fullName(requester),
      municipalityId: cases.municipalityId,
      person: { id: persons.id, givenName: persons.givenName, familyName: persons.familyName },
    })
    .from(economicSupports)
    .innerJoin(cases, eq(cases.id, economicSupports.caseId))
    .innerJoin(persons, eq(persons.id, cases.personId))
    .leftJoin(requester, eq(requester.id, economicSupports.requestedBy))
    .where(and(...where))
    .orderBy(asc(economicSupports.createdAt), asc(economicSupports.id))
    .limit(filter.limit + 1)
}
