/** SQL of organisations: the directory page, look-ups by id and tax code, writes, and the ancestor chain. */
import { and, asc, eq, type SQL, sql } from 'drizzle-orm'
import type { OrganisationKind } from '@ponte/shared'
import type { Db } from '../../db/client.js'
import { organisations, type OrganisationRow } from '../../db/schema/index.js'

export type OrganisationInsert = typeof organisations.$inferInsert
export type OrganisationChanges = Partial<Pick<OrganisationRow, 'name' | 'taxCode' | 'parentId' | 'cooperativeType' | 'email' | 'isActive'>>

/** `%part%` for ILIKE, with the pattern characters of the user's text taken literally. */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

export interface OrganisationFilter {
  kind?: OrganisationKind
  q?: string
  isActive?: boolean
  /** Sort key (name, id) of the last item of the previous page. */
  after: { name: string; id: string } | null
  limit: number
}

/** One page (plus one row, to know whether another follows) in the stable order name, id. */
export function listOrganisations(db: Db, filter: OrganisationFilter) {
  const where: SQL[] = []
  if (filter.kind) where.push(eq(organisations.kind, filter.kind))
  if (filter.q) where.push(sql`${organisations.name} ilike ${containsPattern(filter.q)}`)
  if (filter.isActive !== undefined) where.push(eq(organisations.isActive, filter.isActive))
  if (filter.after) where.push(sql`(${organisations.name}, ${organisations.id}) > (${filter.after.name}, ${filter.after.id}::uuid)`)
  return db
    .select()
    .from(organisations)
    .where(and(...where))
    .orderBy(asc(organisations.name), asc(organisations.id))
    .limit(filter.limit + 1)
}

export const findOrganisation = async (db: Db, id: string) => (await db.select().from(organisations).where(eq(organisations.id, id)).limit(1))[0] ?? null

/** The organisation locked for an update in the current transaction. */
export const findOrganisationForUpdate = async (db: Db, id: string) =>
  (await db.select().from(organisations).where(eq(organisations.id, id)).for('update'))[0] ?? null

export const findOrganisationByTaxCode = async (db: Db, taxCode: string) =>
  (await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.taxCode, taxCode)).limit(1))[0] ?? null

export const insertOrganisation = async (db: Db, values: OrganisationInsert) => (await db.insert(organisations).values(values).returning())[0]!

export const updateOrganisation = async (db: Db, id: string, changes: OrganisationChanges) =>
  (
    await db
      .update(organisations)
      .set({ ...changes, version: sql`${organisations.version} + 1`, updatedAt: new Date() })
      .where(eq(organisations.id, id))
      .returning()
  )[0]!

/** Ids of `id` and all its ancestors, walking up parent links (bounded, so a corrupt loop cannot hang). */
export async function ancestorIds(db: Db, id: string): Promise<string[]> {
  const result = await db.execute<{ id: string }>(sql`
    with recursive chain(id, parent_id, depth) as (
      select id, parent_id, 1 from organisations where id = ${id}::uuid
      union all
      select o.id, o.parent_id, c.depth + 1 from organisations o join chain c on o.id = c.parent_id where c.depth < 64
    )
    select id from chain`)
  return result.rows.map((r) => r.id)
}
