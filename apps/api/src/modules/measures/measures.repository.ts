/** SQL of work measures: the measure with its names, lists, seat counts under advisory locks, sub-resources. */
import { and, asc, desc, eq, inArray, lt, ne, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { MeasureKind, MeasureStatus } from '@ponte/shared'
import type { Db } from '../../db/client.js'
import {
  companies,
  companyContacts,
  companySites,
  measureAttendance,
  measureExtensions,
  measureFollowUps,
  measurePayments,
  measures,
  measureStatusChanges,
  measureTutoringSessions,
  organisations,
  persons,
  users,
  type MeasureAttendanceRow,
  type MeasureFollowUpRow,
  type MeasureRow,
} from '../../db/schema/index.js'
import { userName } from '../cases/cases.repository.js'

export type MeasureInsert = typeof measures.$inferInsert
export type MeasureChanges = Partial<Omit<MeasureInsert, 'id' | 'caseId' | 'personId' | 'municipalityId' | 'kind' | 'version' | 'createdAt' | 'updatedAt'>>

const municipality = alias(organisations, 'measure_municipality')
const promoter = alias(organisations, 'measure_promoter')
const promoterTutor = alias(users, 'measure_promoter_tutor')

const viewColumns = {
  row: measures,
  personGivenName: persons.givenName,
  personFamilyName: persons.familyName,
  municipalityName: municipality.name,
  promoterName: promoter.name,
  hostName: companies.name,
  hostIsPublicAdministration: companies.isPublicAdministration,
  hostEmployees: companies.employees,
  siteName: companySites.name,
  siteMunicipality: companySites.municipality,
  siteRegion: companySites.region,
  tutorGivenName: companyContacts.givenName,
  tutorFamilyName: companyContacts.familyName,
  tutorRole: companyContacts.role,
  promoterTutorName: sql<string | null>`case when ${promoterTutor.id} is null then null else ${userName(promoterTutor)} end`,
}

function viewQuery(db: Db) {
  return db
    .select(viewColumns)
    .from(measures)
    .innerJoin(persons, eq(persons.id, measures.personId))
    .innerJoin(municipality, eq(municipality.id, measures.municipalityId))
    .innerJoin(promoter, eq(promoter.id, measures.promoterOrganisationId))
    .leftJoin(companies, eq(companies.id, measures.hostCompanyId))
    .leftJoin(companySites, eq(companySites.id, measures.hostSiteId))
    .leftJoin(companyContacts, eq(companyContacts.id, measures.hostTutorId))
    .leftJoin(promoterTutor, eq(promoterTutor.id, measures.promoterTutorId))
}
export type MeasureView = Awaited<ReturnType<typeof findMeasureViews>>[number]

export function findMeasureViews(db: Db, where: SQL) {
  return viewQuery(db).where(where).orderBy(desc(measures.id))
}

export async function findMeasureView(db: Db, id: string): Promise<MeasureView | null> {
  const [found] = await findMeasureViews(db, eq(measures.id, id))
  return found ?? null
}

export async function insertMeasure(db: Db, values: MeasureInsert): Promise<MeasureRow> {
  const [row] = await db.insert(measures).values(values).returning()
  return row!
}

export async function updateMeasure(db: Db, id: string, changes: MeasureChanges): Promise<void> {
  await db.update(measures).set({ ...changes, version: sql`${measures.version} + 1`, updatedAt: new Date() }).where(eq(measures.id, id))
}

// ---------------------------------------------------------------------------------------------
// Seats: the advisory locks and the counts they guard

/**
 * Takes the transaction-scoped advisory lock of a host company's intern seats, then of a host
 * tutor's: every write that may take a seat holds them while it counts and writes, so two requests
 * for the last seat run one after the other and the second counts the first. Always host before
 * tutor, so two writers never wait on each other in opposite orders.
 */
export async function lockSeats(db: Db, hostCompanyId: string, hostTutorId: string | null): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`ponte:intern-seats:host:${hostCompanyId}`}, 0))`)
  if (hostTutorId) await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`ponte:intern-seats:tutor:${hostTutorId}`}, 0))`)
}

const INTERNSHIP_KINDS_SQL = sql`${measures.kind} in ('internship_orientation', 'internship_reintegration', 'internship_inclusion')`
const SEAT_HOLDING_SQL = sql`${measures.status} in ('draft', 'proposed', 'agreement_signed', 'active', 'suspended')`

/** The other live internships whose period overlaps [start, end] at the host, or with the tutor. */
export async function countOverlappingInternships(db: Db, filter: { hostCompanyId?: string; hostTutorId?: string; start: string; end: string; excludeId: string | null }): Promise<number> {
  const where: SQL[] = [INTERNSHIP_KINDS_SQL, SEAT_HOLDING_SQL, sql`${measures.startDate} <= ${filter.end}::date`, sql`coalesce(${measures.plannedEndDate}, ${measures.startDate}) >= ${filter.start}::date`]
  if (filter.hostCompanyId) where.push(eq(measures.hostCompanyId, filter.hostCompanyId))
  if (filter.hostTutorId) where.push(eq(measures.hostTutorId, filter.hostTutorId))
  if (filter.excludeId) where.push(ne(measures.id, filter.excludeId))
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(measures).where(and(...where))
  return row?.n ?? 0
}

// ---------------------------------------------------------------------------------------------
// Lists

export interface MeasureListFilter {
  visible: SQL
  kinds?: MeasureKind[]
  statuses?: MeasureStatus[]
  hostCompanyId?: string
  promoterTutorId?: string
  endingBefore?: string
  attendanceMissingMonth?: string
  after: string | null
  limit: number
}

/** Measures the caller sees, newest first, with what the list shows: this month's attendance, follow-ups due. */
export function listMeasures(db: Db, filter: MeasureListFilter & { currentMonth: string; followUpHorizon: string }) {
  const where: SQL[] = [filter.visible]
  if (filter.kinds && filter.kinds.length > 0) where.push(inArray(measures.kind, filter.kinds))
  if (filter.statuses && filter.statuses.length > 0) where.push(inArray(measures.status, filter.statuses))
  if (filter.hostCompanyId) where.push(eq(measures.hostCompanyId, filter.hostCompanyId))
  if (filter.promoterTutorId) where.push(eq(measures.promoterTutorId, filter.promoterTutorId))
  if (filter.endingBefore) where.push(sql`${measures.plannedEndDate} <= ${filter.endingBefore}::date and ${measures.status} not in ('completed', 'interrupted')`)
  if (filter.attendanceMissingMonth) {
    where.push(
      sql`${INTERNSHIP_KINDS_SQL} and ${measures.status} in ('active', 'suspended') and ${measures.startDate} <= (${filter.attendanceMissingMonth} || '-01')::date + interval '1 month' - interval '1 day'
        and not exists (select 1 from ${measureAttendance} where ${measureAttendance.measureId} = ${measures.id} and ${measureAttendance.month} = ${filter.attendanceMissingMonth})`,
    )
  }
  if (filter.after) where.push(lt(measures.id, filter.after))
  return db
    .select({
      row: measures,
      personGivenName: persons.givenName,
      personFamilyName: persons.familyName,
      municipalityName: municipality.name,
      promoterName: promoter.name,
      hostName: companies.name,
      promoterTutorName: sql<string | null>`case when ${promoterTutor.id} is null then null else ${userName(promoterTutor)} end`,
      attendanceRecorded: sql<boolean>`exists (select 1 from ${measureAttendance} where ${measureAttendance.measureId} = ${measures.id} and ${measureAttendance.month} = ${filter.currentMonth})`,
      followUpsDue: sql<number>`(select count(*)::int from ${measureFollowUps} where ${measureFollowUps.measureId} = ${measures.id} and ${measureFollowUps.recordedAt} is null and ${measureFollowUps.dueOn} <= ${filter.followUpHorizon}::date)`,
    })
    .from(measures)
    .innerJoin(persons, eq(persons.id, measures.personId))
    .innerJoin(municipality, eq(municipality.id, measures.municipalityId))
    .innerJoin(promoter, eq(promoter.id, measures.promoterOrganisationId))
    .leftJoin(companies, eq(companies.id, measures.hostCompanyId))
    .leftJoin(promoterTutor, eq(promoterTutor.id, measures.promoterTutorId))
    .where(and(...where))
    .orderBy(desc(measures.id))
    .limit(filter.limit + 1)
}
export type MeasureListRow = Awaited<ReturnType<typeof listMeasures>>[number]

// ---------------------------------------------------------------------------------------------
// Status changes, extensions

export async function insertStatusChange(db: Db, values: typeof measureStatusChanges.$inferInsert): Promise<void> {
  await db.insert(measureStatusChanges).values(values)
}

const byUser = alias(users, 'measure_by_user')
const byName = sql<string | null>`case when ${byUser.id} is null then null else ${userName(byUser)} end`

export function listStatusChanges(db: Db, measureIds: string[]) {
  if (measureIds.length === 0) return Promise.resolve([])
  return db
    .select({ row: measureStatusChanges, byName })
    .from(measureStatusChanges)
    .leftJoin(byUser, eq(byUser.id, measureStatusChanges.byUserId))
    .where(inArray(measureStatusChanges.measureId, measureIds))
    .orderBy(asc(measureStatusChanges.at), asc(measureStatusChanges.id))
}

export async function insertExtension(db: Db, values: typeof measureExtensions.$inferInsert): Promise<void> {
  await db.insert(measureExtensions).values(values)
}

export function listExtensions(db: Db, measureIds: string[]) {
  if (measureIds.length === 0) return Promise.resolve([])
  return db
    .select({ row: measureExtensions, byName })
    .from(measureExtensions)
    .leftJoin(byUser, eq(byUser.id, measureExtensions.byUserId))
    .where(inArray(measureExtensions.measureId, measureIds))
    .orderBy(asc(measureExtensions.at), asc(measureExtensions.id))
}

// ---------------------------------------------------------------------------------------------
// Follow-ups

export function listFollowUps(db: Db, measureIds: string[]) {
  if (measureIds.length === 0) return Promise.resolve([])
  return db
    .select({ row: measureFollowUps, byName })
    .from(measureFollowUps)
    .leftJoin(byUser, eq(byUser.id, measureFollowUps.recordedBy))
    .where(inArray(measureFollowUps.measureId, measureIds))
    .orderBy(asc(measureFollowUps.monthsAfter))
}
export type FollowUpView = Awaited<ReturnType<typeof listFollowUps>>[number]

export async function insertFollowUps(db: Db, values: (typeof measureFollowUps.$inferInsert)[]): Promise<void> {
  if (values.length === 0) return
  await db.insert(measureFollowUps).values(values).onConflictDoNothing()
}

export async function lockFollowUp(db: Db, measureId: string, id: string): Promise<MeasureFollowUpRow | null> {
  const [found] = await db.select().from(measureFollowUps).where(and(eq(measureFollowUps.measureId, measureId), eq(measureFollowUps.id, id))).for('update')
  return found ?? null
}

export async function updateFollowUp(db: Db, id: string, changes: Partial<typeof measureFollowUps.$inferInsert>): Promise<void> {
  await db.update(measureFollowUps).set({ ...changes, version: sql`${measureFollowUps.version} + 1`, updatedAt: new Date() }).where(eq(measureFollowUps.id, id))
}

/** Follow-ups not recorded, due by `horizon`, of the measures the caller sees; overdue first, then by due date. */
export function listDueFollowUps(db: Db, filter: { visible: SQL; horizon: string; after: { dueOn: string; id: string } | null; limit: number }) {
  const where: SQL[] = [sql`${measureFollowUps.recordedAt} is null`, sql`${measureFollowUps.dueOn} <= ${filter.horizon}::date`, filter.visible]
  if (filter.after) where.push(sql`(${measureFollowUps.dueOn}, ${measureFollowUps.id}) > (${filter.after.dueOn}::date, ${filter.after.id}::uuid)`)
  return db
    .select({ followUp: measureFollowUps, byName, measure: measures, personGivenName: persons.givenName, personFamilyName: persons.familyName, hostName: companies.name })
    .from(measureFollowUps)
    .innerJoin(measures, eq(measures.id, measureFollowUps.measureId))
    .innerJoin(persons, eq(persons.id, measures.personId))
    .leftJoin(companies, eq(companies.id, measures.hostCompanyId))
    .leftJoin(byUser, eq(byUser.id, measureFollowUps.recordedBy))
    .where(and(...where))
    .orderBy(asc(measureFollowUps.dueOn), asc(measureFollowUps.id))
    .limit(filter.limit + 1)
}

// ---------------------------------------------------------------------------------------------
// Attendance

const recordedByUser = alias(users, 'attendance_recorded_by')
export function listAttendance(db: Db, measureId: string) {
  return db
    .select({ row: measureAttendance, byName: sql<string | null>`case when ${recordedByUser.id} is null then null else ${userName(recordedByUser)} end` })
    .from(measureAttendance)
    .leftJoin(recordedByUser, eq(recordedByUser.id, measureAttendance.recordedBy))
    .where(eq(measureAttendance.measureId, measureId))
    .orderBy(asc(measureAttendance.month))
}
export type AttendanceView = Awaited<ReturnType<typeof listAttendance>>[number]

export async function findAttendanceMonth(db: Db, measureId: string, month: string): Promise<MeasureAttendanceRow | null> {
  const [found] = await db.select().from(measureAttendance).where(and(eq(measureAttendance.measureId, measureId), eq(measureAttendance.month, month))).for('update')
  return found ?? null
}

export async function insertAttendance(db: Db, values: typeof measureAttendance.$inferInsert): Promise<void> {
  await db.insert(measureAttendance).values(values)
}

export async function updateAttendance(db: Db, id: string, changes: Partial<typeof measureAttendance.$inferInsert>): Promise<void> {
  await db.update(measureAttendance).set({ ...changes, version: sql`${measureAttendance.version} + 1`, updatedAt: new Date() }).where(eq(measureAttendance.id, id))
}

// ---------------------------------------------------------------------------------------------
// Tutoring sessions, payments

const sessionOperator = alias(users, 'session_operator')
export function listSessions(db: Db, measureId: string) {
  return db
    .select({ row: measureTutoringSessions, operatorName: sql<string | null>`case when ${sessionOperator.id} is null then null else ${userName(sessionOperator)} end` })
    .from(measureTutoringSessions)
    .leftJoin(sessionOperator, eq(sessionOperator.id, measureTutoringSessions.operatorId))
    .where(eq(measureTutoringSessions.measureId, measureId))
    .orderBy(desc(measureTutoringSessions.heldOn), desc(measureTutoringSessions.id))
}

export async function insertSession(db: Db, values: typeof measureTutoringSessions.$inferInsert) {
  const [row] = await db.insert(measureTutoringSessions).values(values).returning()
  return row!
}

export async function sessionTotals(db: Db, measureIds: string[]): Promise<Map<string, { count: number; minutes: number }>> {
  if (measureIds.length === 0) return new Map()
  const rows = await db
    .select({ measureId: measureTutoringSessions.measureId, count: sql<number>`count(*)::int`, minutes: sql<number>`coalesce(sum(${measureTutoringSessions.durationMinutes}), 0)::int` })
    .from(measureTutoringSessions)
    .where(inArray(measureTutoringSessions.measureId, measureIds))
    .groupBy(measureTutoringSessions.measureId)
  return new Map(rows.map((r) => [r.measureId, { count: r.count, minutes: r.minutes }]))
}

const paymentBy = alias(users, 'payment_recorded_by')
export function listPayments(db: Db, measureId: string) {
  return db
    .select({ row: measurePayments, byName: sql<string | null>`case when ${paymentBy.id} is null then null else ${userName(paymentBy)} end` })
    .from(measurePayments)
    .leftJoin(paymentBy, eq(paymentBy.id, measurePayments.recordedBy))
    .where(eq(measurePayments.measureId, measureId))
    .orderBy(asc(measurePayments.month))
}

export async function insertPayment(db: Db, values: typeof measurePayments.$inferInsert) {
  const [row] = await db.insert(measurePayments).values(values).returning()
  return row!
}

export async function paidTotals(db: Db, measureIds: string[]): Promise<Map<string, number>> {
  if (measureIds.length === 0) return new Map()
  const rows = await db
    .select({ measureId: measurePayments.measureId, total: sql<string>`coalesce(sum(${measurePayments.amountCents}), 0)::text` })
    .from(measurePayments)
    .where(inArray(measurePayments.measureId, measureIds))
    .groupBy(measurePayments.measureId)
  return new Map(rows.map((r) => [r.measureId, Number(r.total)]))
}
