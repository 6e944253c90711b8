/** SQL of plans and their commitments: versions of a case, look-ups and locks, writes, overdue commitments and the versions awaiting approval. */
import { and, asc, desc, eq, getTableColumns, inArray, max, ne, sql, type SQL } from 'drizzle-orm'
import type { CommitmentStatus, PlanStatus } from '@ponte/shared'
import type { Db } from '../../db/client.js'
import { cases, commitmentProgressNotes, referrals, persons, planCommitments, plans, users, type CommitmentRow, type PlanRow } from '../../db/schema/index.js'

export type PlanInsert = typeof plans.$inferInsert
export type PlanChanges = Partial<Omit<PlanRow, 'id' | 'caseId' | 'versionNumber' | 'version' | 'createdAt' | 'updatedAt'>>
export type CommitmentInsert = typeof planCommitments.$inferInsert
export type CommitmentChanges = Partial<Pick<CommitmentRow, 'who' | 'responsibleName' | 'what' | 'dueDate' | 'status' | 'rescheduledTo' | 'doneOn' | 'partnerOrganisationId'>>

/** How many progress notes a commitment has (a column of the commitment lists). */
// Qualified by hand: in a one-table select drizzle writes columns unqualified, and "id" would be the note's.
export const progressNoteCount = sql<number>`(select count(*)::int from ${commitmentProgressNotes} n where n.commitment_id = "plan_commitments"."id")`.as('progress_note_count')

/** A commitment's columns with its progress-note count. */
export const commitmentColumns = { ...getTableColumns(planCommitments), progressNoteCount }
export type CommitmentWithCount = CommitmentRow & { progressNoteCount: number }

export const countProgressNotes = async (db: Db, commitmentId: string) =>
  (await db.select({ n: sql<number>`count(*)::int` }).from(commitmentProgressNotes).where(eq(commitmentProgressNotes.commitmentId, commitmentId)))[0]?.n ?? 0

const IN_PROGRESS: PlanStatus[] = ['draft', 'submitted', 'approved']
const PENDING: CommitmentStatus[] = ['open', 'rescheduled']

export interface PlanFilter {
  status?: PlanStatus
  /** versionNumber of the last item of the previous page. */
  beforeVersionNumber: number | null
  limit: number
}

/** One page (plus one row) of the case's plan versions, the newest first. */
export function listPlans(db: Db, caseId: string, filter: PlanFilter) {
  const where: SQL[] = [eq(plans.caseId, caseId)]
  if (filter.status) where.push(eq(plans.status, filter.status))
  if (filter.beforeVersionNumber !== null) where.push(sql`${plans.versionNumber} < ${filter.beforeVersionNumber}`)
  return db
    .select()
    .from(plans)
    .where(and(...where))
    .orderBy(desc(plans.versionNumber))
    .limit(filter.limit + 1)
}

export const findPlan = async (db: Db, caseId: string, id: string) => (await db.select().from(plans).where(and(eq(plans.caseId, caseId), eq(plans.id, id))))[0] ?? null

/** The plan version locked for an update in the current transaction. */
export const findPlanForUpdate = async (db: Db, caseId: string, id: string) =>
  (await db.select().from(plans).where(and(eq(plans.caseId, caseId), eq(plans.id, id))).for('update'))[0] ?? null

/** The case's version in progress (draft, submitted or approved), if any. */
export const findPlanInProgress = async (db: Db, caseId: string) =>
  (await db.select().from(plans).where(and(eq(plans.caseId, caseId), inArray(plans.status, IN_PROGRESS))))[0] ?? null

/** The case's signed version (the one in force), if any. */
export const findSignedPlan = async (db: Db, caseId: string, exceptId: string) =>
  (await db.select().from(plans).where(and(eq(plans.caseId, caseId), eq(plans.status, 'signed'), ne(plans.id, exceptId))))[0] ?? null

export const lastVersionNumber = async (db: Db, caseId: string) =>
  (await db.select({ n: max(plans.versionNumber) }).from(plans).where(eq(plans.caseId, caseId)))[0]?.n ?? 0

export const insertPlan = async (db: Db, values: PlanInsert) => (await db.insert(plans).values(values).returning())[0]!

export const updatePlan = async (db: Db, id: string, changes: PlanChanges) =>
  (
    await db
      .update(plans)
      .set({ ...changes, version: sql`${plans.version} + 1`, updatedAt: new Date() })
      .where(eq(plans.id, id))
      .returning()
  )[0]!

export interface CommitmentFilter {
  status?: CommitmentStatus
  /** Sort key (dueDate, id) of the last item of the previous page. */
  after: { dueDate: string; id: string } | null
  limit: number
}

/** One page (plus one row) of a version's commitments by due date. */
export function listCommitments(db: Db, planId: string, filter: CommitmentFilter) {
  const where: SQL[] = [eq(planCommitments.planId, planId)]
  if (filter.status) where.push(eq(planCommitments.status, filter.status))
  if (filter.after) where.push(sql`(${planCommitments.dueDate}, ${planCommitments.id}) > (${filter.after.dueDate}::date, ${filter.after.id}::uuid)`)
  return db
    .select(commitmentColumns)
    .from(planCommitments)
    .where(and(...where))
    .orderBy(asc(planCommitments.dueDate), asc(planCommitments.id))
    .limit(filter.limit + 1)
}

/** The commitments of a version still to be kept (open or rescheduled), carried over by a revision. */
export const listPendingCommitments = (db: Db, planId: string) =>
  db
    .select()
    .from(planCommitments)
    .where(and(eq(planCommitments.planId, planId), inArray(planCommitments.status, PENDING)))
    .orderBy(asc(planCommitments.dueDate), asc(planCommitments.id))

/** The commitment locked for an update in the current transaction. */
export const findCommitmentForUpdate = async (db: Db, planId: string, id: string) =>
  (await db.select().from(planCommitments).where(and(eq(planCommitments.planId, planId), eq(planCommitments.id, id))).for('update'))[0] ?? null

export const insertCommitments = async (db: Db, values: CommitmentInsert[]) => (values.length === 0 ? [] : db.insert(planCommitments).values(values).returning())

export const updateCommitment = async (db: Db, id: string, changes: CommitmentChanges) =>
  (
    await db
      .update(planCommitments)
      .set({ ...changes, version: sql`${planCommitments.version} + 1`, updatedAt: new Date() })
      .where(eq(planCommitments.id, id))
      .returning()
  )[0]!

/** The date a pending commitment is due: the new date when rescheduled. */
export const effectiveDueDate = sql<string>`case when ${planCommitments.status} = 'rescheduled' then ${planCommitments.rescheduledTo} else ${planCommitments.dueDate} end`

export interface OverdueFilter {
  /** The SQL scope of the cases the caller may be shown (see plans.policy.ts). */
  visibleCases: SQL
  today: string
  assignedTo?: string
  /** Sort key (effective due date, id) of the last item of the previous page. */
  after: { dueDate: string; id: string } | null
  limit: number
}

/**
 * Pending commitments past their (effective) due date on the signed version of open cases the
 * caller may see, with the case's person and case manager; the oldest due date first.
 */
export function listOverdueCommitments(db: Db, filter: OverdueFilter) {
  const where: SQL[] = [
    filter.visibleCases,
    inArray(planCommitments.status, PENDING),
    eq(plans.status, 'signed'),
    ne(cases.status, 'closed'),
    sql`${effectiveDueDate} < ${filter.today}::date`,
  ]
  if (filter.assignedTo) where.push(eq(cases.caseManagerId, filter.assignedTo))
  if (filter.after) where.push(sql`(${effectiveDueDate}, ${planCommitments.id}) > (${filter.after.dueDate}::date, ${filter.after.id}::uuid)`)
  return db
    .select({
      commitment: commitmentColumns,
      dueOn: effectiveDueDate,
      municipalityId: cases.municipalityId,
      caseManagerId: cases.caseManagerId,
      personId: persons.id,
      personName: sql<string>`${persons.givenName} || ' ' || ${persons.familyName}`,
    })
    .from(planCommitments)
    .innerJoin(plans, eq(plans.id, planCommitments.planId))
    .innerJoin(cases, eq(cases.id, planCommitments.caseId))
    .innerJoin(persons, eq(persons.id, cases.personId))
    .where(and(...where))
    .orderBy(asc(effectiveDueDate), asc(planCommitments.id))
    .limit(filter.limit + 1)
}

export interface AwaitingApprovalFilter {
  /** The SQL scope of the cases the caller approves for (see cases.policy.ts). */
  visibleCases: SQL
  /** Sort key (submittedAt as PostgreSQL text, id) of the last item of the previous page. */
  after: { at: string; id: string } | null
  limit: number
}

/**
 * Submitted versions of the open cases in scope (a closed case's plan cannot be approved), with who
 * submitted them and the case's person; the oldest submission first.
 */
export function listPlansAwaitingApproval(db: Db, filter: AwaitingApprovalFilter) {
  const where: SQL[] = [filter.visibleCases, eq(plans.status, 'submitted'), ne(cases.status, 'closed')]
  if (filter.after) where.push(sql`(${plans.submittedAt}, ${plans.id}) > (${filter.after.at}::timestamptz, ${filter.after.id}::uuid)`)
  return db
    .select({
      id: plans.id,
      caseId: plans.caseId,
      versionNumber: plans.versionNumber,
      submittedAt: plans.submittedAt,
      submittedAtKey: sql<string>`${plans.submittedAt}::text`,
      submittedBy: plans.submittedBy,
      submittedByName: sql<string | null>`nullif(trim(concat(${users.givenName}, ' ', ${users.familyName})), '')`,
      municipalityId: cases.municipalityId,
      person: { id: persons.id, givenName: persons.givenName, familyName: persons.familyName },
    })
    .from(plans)
    .innerJoin(cases, eq(cases.id, plans.caseId))
    .innerJoin(persons, eq(persons.id, cases.personId))
    .leftJoin(users, eq(users.id, plans.submittedBy))
    .where(and(...where))
    .orderBy(asc(plans.submittedAt), asc(plans.id))
    .limit(filter.limit + 1)
}

/** Whether the case has a live (requested or accepted) referral to the organisation. */
export const isReferredTo = async (db: Db, caseId: string, organisationId: string) =>
  (
    await db
      .select({ id: referrals.id })
      .from(referrals)
      .where(and(eq(referrals.caseId, caseId), eq(referrals.partnerOrganisationId, organisationId), inArray(referrals.status, ['requested', 'accepted'])))
      .limit(1)
  ).length > 0
