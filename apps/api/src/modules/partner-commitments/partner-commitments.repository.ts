/** SQL of partner commitments: a case's commitments as the caller may see them, the partner's list across cases, progress notes. */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { CommitmentStatus } from '@ponte/shared'
import type { Db } from '../../db/client.js'
import { cases, commitmentProgressNotes, organisations, persons, planCommitments, plans, users } from '../../db/schema/index.js'
import { commitmentColumns, effectiveDueDate } from '../plans/plans.repository.js'

const partner = alias(organisations, 'commitment_partner')

function viewQuery(db: Db) {
  return db
    .select({
      commitment: commitmentColumns,
      planStatus: plans.status,
      planVersionNumber: plans.versionNumber,
      dueOn: effectiveDueDate,
      municipalityId: cases.municipalityId,
      caseStatus: cases.status,
      person: { id: persons.id, givenName: persons.givenName, familyName: persons.familyName },
      partnerName: partner.name,
    })
    .from(planCommitments)
    .innerJoin(plans, eq(plans.id, planCommitments.planId))
    .innerJoin(cases, eq(cases.id, planCommitments.caseId))
    .innerJoin(persons, eq(persons.id, cases.personId))
    .leftJoin(partner, eq(partner.id, planCommitments.partnerOrganisationId))
}
export type CommitmentView = Awaited<ReturnType<typeof findCommitmentView>> & object

/** One commitment of a case with its plan and person, under the caller's condition (null: none). */
export async function findCommitmentView(db: Db, caseId: string, commitmentId: string, condition: SQL | null) {
  const where: SQL[] = [eq(planCommitments.caseId, caseId), eq(planCommitments.id, commitmentId)]
  if (condition) where.push(condition)
  return (await viewQuery(db).where(and(...where)))[0] ?? null
}

export interface PartnerCommitmentFilter {
  /** The caller's condition on commitments (see partner-commitments.policy.ts). */
  condition: SQL
  caseId?: string
  statuses?: CommitmentStatus[]
  dueBefore?: string
  /** Sort key (effective due date, id) of the last item of the previous page. */
  after: { dueDate: string; id: string } | null
  limit: number
}

/** One page (plus one row) of partner commitments by effective due date, then id. */
export function listPartnerCommitments(db: Db, filter: PartnerCommitmentFilter) {
  const where: SQL[] = [filter.condition, sql`${planCommitments.partnerOrganisationId} is not null`]
  if (filter.caseId) where.push(eq(planCommitments.caseId, filter.caseId))
  if (filter.statuses && filter.statuses.length > 0) where.push(inArray(planCommitments.status, filter.statuses))
  if (filter.dueBefore) where.push(sql`${effectiveDueDate} < ${filter.dueBefore}::date`)
  if (filter.after) where.push(sql`(${effectiveDueDate}, ${planCommitments.id}) > (${filter.after.dueDate}::date, ${filter.after.id}::uuid)`)
  return viewQuery(db)
    .where(and(...where))
    .orderBy(asc(effectiveDueDate), asc(planCommitments.id))
    .limit(filter.limit + 1)
}

/** The commitment locked for an update in the current transaction. */
export const lockCommitment = async (db: Db, id: string) => (await db.select().from(planCommitments).where(eq(planCommitments.id, id)).for('update'))[0] ?? null

/** The plan version locked for an update in the current transaction. */
export const lockPlan = async (db: Db, id: string) => (await db.select().from(plans).where(eq(plans.id, id)).for('update'))[0] ?? null

const author = alias(users, 'progress_note_author')
const authorOrganisation = alias(organisations, 'progress_note_organisation')

function noteQuery(db: Db) {
  return db
    .select({
      row: commitmentProgressNotes,
      authorName: sql<string | null>`nullif(trim(concat(${author.givenName}, ' ', ${author.familyName})), '')`,
      organisationName: authorOrganisation.name,
    })
    .from(commitmentProgressNotes)
    .innerJoin(authorOrganisation, eq(authorOrganisation.id, commitmentProgressNotes.authorOrganisationId))
    .leftJoin(author, eq(author.id, commitmentProgressNotes.authorId))
}
export type ProgressNoteView = Awaited<ReturnType<typeof findProgressNote>> & object

export const findProgressNote = async (db: Db, id: string) => (await noteQuery(db).where(eq(commitmentProgressNotes.id, id)))[0] ?? null

/** One page (plus one row) of a commitment's progress notes, the newest first (ids are time-ordered). */
export function listProgressNotes(db: Db, commitmentId: string, filter: { beforeId: string | null; limit: number }) {
  const where: SQL[] = [eq(commitmentProgressNotes.commitmentId, commitmentId)]
  if (filter.beforeId) where.push(sql`${commitmentProgressNotes.id} < ${filter.beforeId}::uuid`)
  return noteQuery(db)
    .where(and(...where))
    .orderBy(desc(commitmentProgressNotes.id))
    .limit(filter.limit + 1)
}

export const insertProgressNote = async (db: Db, values: typeof commitmentProgressNotes.$inferInsert) => (await db.insert(commitmentProgressNotes).values(values).returning())[0]!
