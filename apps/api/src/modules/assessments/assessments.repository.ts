/** SQL of assessments: the case's list (newest first), look-ups with the author's name, writes. */
import { and, desc, eq, sql, type SQL } from 'drizzle-orm'
import type { AssessmentKind } from '@ponte/shared'
import type { Db } from '../../db/client.js'
import { assessments, users, type AssessmentRow } from '../../db/schema/index.js'

export type AssessmentInsert = typeof assessments.$inferInsert
export type AssessmentChanges = Partial<Omit<AssessmentRow, 'id' | 'caseId' | 'authorId' | 'version' | 'createdAt' | 'updatedAt'>>
export interface AssessmentWithAuthor {
  row: AssessmentRow
  authorName: string
}

const withAuthor = { row: assessments, authorName: sql<string>`${users.givenName} || ' ' || ${users.familyName}` }

export interface AssessmentFilter {
  kind?: AssessmentKind
  /** Sort key (assessedOn, id) of the last item of the previous page. */
  after: { assessedOn: string; id: string } | null
  limit: number
}

/** One page (plus one row) of the case's assessments, the most recent first. */
export function listAssessments(db: Db, caseId: string, filter: AssessmentFilter): Promise<AssessmentWithAuthor[]> {
  const where: SQL[] = [eq(assessments.caseId, caseId)]
  if (filter.kind) where.push(eq(assessments.kind, filter.kind))
  if (filter.after) where.push(sql`(${assessments.assessedOn}, ${assessments.id}) < (${filter.after.assessedOn}::date, ${filter.after.id}::uuid)`)
  return db
    .select(withAuthor)
    .from(assessments)
    .innerJoin(users, eq(users.id, assessments.authorId))
    .where(and(...where))
    .orderBy(desc(assessments.assessedOn), desc(assessments.id))
    .limit(filter.limit + 1)
}

export async function findAssessment(db: Db, caseId: string, id: string): Promise<AssessmentWithAuthor | null> {
  const [found] = await db
    .select(withAuthor)
    .from(assessments)
    .innerJoin(users, eq(users.id, assessments.authorId))
    .where(and(eq(assessments.caseId, caseId), eq(assessments.id, id)))
  return found ?? null
}

/** The assessment locked for an update in the current transaction. */
export const findAssessmentForUpdate = async (db: Db, caseId: string, id: string) =>
  (await db.select().from(assessments).where(and(eq(assessments.caseId, caseId), eq(assessments.id, id))).for('update'))[0] ?? null

export const insertAssessment = async (db: Db, values: AssessmentInsert) => (await db.insert(assessments).values(values).returning())[0]!

export const updateAssessment = async (db: Db, id: string, changes: AssessmentChanges) =>
  (
    await db
      .update(assessments)
      .set({ ...changes, version: sql`${assessments.version} + 1`, updatedAt: new Date() })
      .where(eq(assessments.id, id))
      .returning()
  )[0]!

export const userName = async (db: Db, userId: string) =>
  (await db.select({ name: sql<string>`${users.givenName} || ' ' || ${users.familyName}` }).from(users).where(eq(users.id, userId)))[0]?.name ?? ''
