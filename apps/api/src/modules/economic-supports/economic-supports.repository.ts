/** SQL of economic supports: a case's page, look-ups with the names of who requested and decided, and writes. */
import { aliasedTable, and, desc, eq, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client.js'
import { economicSupports, users, type EconomicSupportRow, type EconomicSupportStatus, type EconomicSupportType } from '../../db/schema/index.js'

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
