/** SQL of socially useful work: projects with their sites and seats, assignments, attendance, INAIL communications. */
import { type AnyColumn, and, asc, desc, eq, gte, inArray, lte, ne, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { PUC_SEAT_HOLDING_STATUSES, type PucSeatCategory } from '@ponte/shared'
import type { Db } from '../../db/client.js'
import {
  cases,
  organisations,
  persons,
  pucAssignments,
  pucAttendance,
  pucInsuranceCommunications,
  pucProjects,
  pucSites,
  users,
  type PucAssignmentRow,
  type PucAttendanceRow,
  type PucInsuranceCommunicationRow,
  type PucProjectRow,
  type PucSiteRow,
} from '../../db/schema/index.js'

const owner = alias(organisations, 'puc_owner')
const implementer = alias(organisations, 'puc_implementer')
const nameOf = (table: { givenName: AnyColumn; familyName: AnyColumn }) => sql<string | null>`${table.givenName} || ' ' || ${table.familyName}`

export const findOrganisation = async (db: Db, id: string) =>
  (await db.select({ id: organisations.id, name: organisations.name, kind: organisations.kind, isActive: organisations.isActive }).from(organisations).where(eq(organisations.id, id)))[0] ?? null

// ---------------------------------------------------------------------------------------------
// Projects

export type ProjectInsert = typeof pucProjects.$inferInsert
export type ProjectChanges = Partial<Omit<ProjectInsert, 'id' | 'ownerMunicipalityId' | 'createdBy' | 'version' | 'createdAt' | 'updatedAt'>>

export const insertProject = async (db: Db, values: ProjectInsert) => (await db.insert(pucProjects).values(values).returning())[0]!

export const updateProject = async (db: Db, id: string, changes: ProjectChanges) =>
  (
    await db
      .update(pucProjects)
      .set({ ...changes, version: sql`${pucProjects.version} + 1`, updatedAt: sql`now()` })
      .where(eq(pucProjects.id, id))
      .returning()
  )[0]!

/** Seats held per category (assignments to assign, proposed or active). */
export async function heldSeats(db: Db, projectIds: string[]): Promise<Map<string, Map<PucSeatCategory, number>>> {
  const result = new Map<string, Map<PucSeatCategory, number>>()
  if (projectIds.length === 0) return result
  const rows = await db
    .select({ projectId: pucAssignments.projectId, category: pucAssignments.category, n: sql<number>`count(*)::int` })
    .from(pucAssignments)
    .where(and(inArray(pucAssignments.projectId, projectIds), inArray(pucAssignments.status, [...PUC_SEAT_HOLDING_STATUSES])))
    .groupBy(pucAssignments.projectId, pucAssignments.category)
  for (const row of rows) {
    if (!result.has(row.projectId)) result.set(row.projectId, new Map())
    result.get(row.projectId)!.set(row.category, row.n)
  }
  return result
}

/** Seats of one category held, leaving out one assignment (the one being changed). */
export async function countHeldSeats(db: Db, projectId: string, category: PucSeatCategory, exceptAssignmentId?: string): Promise<number> {
  const where: SQL[] = [eq(pucAssignments.projectId, projectId), eq(pucAssignments.category, category), inArray(pucAssignments.status, [...PUC_SEAT_HOLDING_STATUSES])]
  if (exceptAssignmentId) where.push(ne(pucAssignments.id, exceptAssignmentId))
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(pucAssignments).where(and(...where))
  return row?.n ?? 0
}

export async function activeAssignmentCounts(db: Db, projectIds: string[]): Promise<Map<string, number>> {
  if (projectIds.length === 0) return new Map()
  const rows = await db
    .select({ projectId: pucAssignments.projectId, n: sql<number>`count(*)::int` })
    .from(pucAssignments)
    .where(and(inArray(pucAssignments.projectId, projectIds), eq(pucAssignments.status, 'active')))
    .groupBy(pucAssignments.projectId)
  return new Map(rows.map((r) => [r.projectId, r.n]))
}

export const sitesOfProjects = (db: Db, projectIds: string[]) =>
  projectIds.length === 0 ? Promise.resolve([] as PucSiteRow[]) : db.select().from(pucSites).where(inArray(pucSites.projectId, projectIds)).orderBy(asc(pucSites.name), asc(pucSites.id))

export interface ProjectView {
  row: PucProjectRow
  ownerName: string
  implementerName: string
}

function projectViewQuery(db: Db) {
  return db
    .select({ row: pucProjects, ownerName: owner.name, implementerName: implementer.name })
    .from(pucProjects)
    .innerJoin(owner, eq(owner.id, pucProjects.ownerMunicipalityId))
    .innerJoin(implementer, eq(implementer.id, pucProjects.implementingOrganisationId))
}

export const findProjectView = async (db: Db, id: string): Promise<ProjectView | null> => (await projectViewQuery(db).where(eq(pucProjects.id, id)))[0] ?? null

export interface ProjectFilter {
  visible: SQL
  q?: string
  area?: PucProjectRow['area']
  currentOn?: string
  afterId: string | null
  limit: number
}

/** One page (plus one row) of projects, newest first. */
export function listProjects(db: Db, filter: ProjectFilter) {
  const where: SQL[] = [filter.visible]
  if (filter.q) where.push(sql`${pucProjects.title} ilike ${`%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`)
  if (filter.area) where.push(eq(pucProjects.area, filter.area))
  if (filter.currentOn) where.push(and(lte(pucProjects.periodStart, filter.currentOn), gte(pucProjects.periodEnd, filter.currentOn))!)
  if (filter.afterId) where.push(sql`${pucProjects.id} < ${filter.afterId}::uuid`)
  return projectViewQuery(db)
    .where(and(...where))
    .orderBy(desc(pucProjects.id))
    .limit(filter.limit + 1)
}

// ---------------------------------------------------------------------------------------------
// Sites

export const insertSite = async (db: Db, values: typeof pucSites.$inferInsert) => (await db.insert(pucSites).values(values).returning())[0]!

export const findSite = async (db: Db, id: string) => (await db.select().from(pucSites).where(eq(pucSites.id, id)))[0] ?? null

export const updateSite = async (db: Db, id: string, changes: Partial<Pick<PucSiteRow, 'name' | 'address' | 'supervisorName' | 'supervisorPhone'>>) =>
  (
    await db
      .update(pucSites)
      .set({ ...changes, version: sql`${pucSites.version} + 1`, updatedAt: sql`now()` })
      .where(eq(pucSites.id, id))
      .returning()
  )[0]!

// ---------------------------------------------------------------------------------------------
// Assignments

export type AssignmentInsert = typeof pucAssignments.$inferInsert
export type AssignmentChanges = Partial<Pick<PucAssignmentRow, 'siteId' | 'category' | 'weeklyHours' | 'startDate' | 'endDate' | 'endedOn' | 'status' | 'statusReason'>>

export const insertAssignment = async (db: Db, values: AssignmentInsert) => (await db.insert(pucAssignments).values(values).returning())[0]!

export const updateAssignment = async (db: Db, id: string, changes: AssignmentChanges) =>
  (
    await db
      .update(pucAssignments)
      .set({ ...changes, version: sql`${pucAssignments.version} + 1`, updatedAt: sql`now()` })
      .where(eq(pucAssignments.id, id))
      .returning()
  )[0]!

const workedMinutes = sql<number>`coalesce((select sum(${pucAttendance.minutes}) from ${pucAttendance} where ${pucAttendance.assignmentId} = ${pucAssignments.id} and ${pucAttendance.status} = 'present'), 0)::int`
const workedDays = sql<number>`(select count(*) from ${pucAttendance} where ${pucAttendance.assignmentId} = ${pucAssignments.id} and ${pucAttendance.status} = 'present' and ${pucAttendance.minutes} > 0)::int`

function assignmentViewQuery(db: Db) {
  return db
    .select({
      row: pucAssignments,
      project: pucProjects,
      siteName: pucSites.name,
      personGivenName: persons.givenName,
      personFamilyName: persons.familyName,
      ownerName: owner.name,
      implementerName: implementer.name,
      workedMinutes,
      workedDays,
    })
    .from(pucAssignments)
    .innerJoin(pucProjects, eq(pucProjects.id, pucAssignments.projectId))
    .innerJoin(pucSites, eq(pucSites.id, pucAssignments.siteId))
    .innerJoin(persons, eq(persons.id, pucAssignments.personId))
    .innerJoin(owner, eq(owner.id, pucProjects.ownerMunicipalityId))
    .innerJoin(implementer, eq(implementer.id, pucProjects.implementingOrganisationId))
}
export type AssignmentView = NonNullable<Awaited<ReturnType<typeof findAssignmentView>>>

export const findAssignmentView = async (db: Db, id: string) => (await assignmentViewQuery(db).where(eq(pucAssignments.id, id)))[0] ?? null

export interface AssignmentFilter {
  visible: SQL
  projectId?: string
  caseId?: string
  statuses?: PucAssignmentRow['status'][]
  afterId: string | null
  limit: number
}

/** One page (plus one row) of assignments, newest first. */
export function listAssignments(db: Db, filter: AssignmentFilter) {
  const where: SQL[] = [filter.visible]
  if (filter.projectId) where.push(eq(pucAssignments.projectId, filter.projectId))
  if (filter.caseId) where.push(eq(pucAssignments.caseId, filter.caseId))
  if (filter.statuses && filter.statuses.length > 0) where.push(inArray(pucAssignments.status, filter.statuses))
  if (filter.afterId) where.push(sql`${pucAssignments.id} < ${filter.afterId}::uuid`)
  return assignmentViewQuery(db)
    .where(and(...where))
    .orderBy(desc(pucAssignments.id))
    .limit(filter.limit + 1)
}

/** The assignments of a project whose period (to their real end) touches `from`..`to`, for a week or a month. */
export function assignmentsOverlapping(db: Db, projectId: string, from: string, to: string) {
  return assignmentViewQuery(db)
    .where(
      and(
        eq(pucAssignments.projectId, projectId),
        inArray(pucAssignments.status, ['active', 'completed', 'interrupted']),
        lte(pucAssignments.startDate, to),
        sql`coalesce(${pucAssignments.endedOn}, ${pucAssignments.endDate}) >= ${from}`,
      ),
    )
    .orderBy(asc(pucSites.name), asc(persons.familyName), asc(persons.givenName), asc(pucAssignments.id))
}

/** A live (seat-holding) assignment of the same case to the same project. */
export const findLiveAssignment = async (db: Db, projectId: string, caseId: string) =>
  (
    await db
      .select({ id: pucAssignments.id })
      .from(pucAssignments)
      .where(and(eq(pucAssignments.projectId, projectId), eq(pucAssignments.caseId, caseId), inArray(pucAssignments.status, [...PUC_SEAT_HOLDING_STATUSES])))
      .limit(1)
  )[0] ?? null

/** Open cases of these municipalities whose person's name matches, for the PUC office to assign. */
export function searchCandidates(db: Db, municipalityIds: string[], q: string, limit: number) {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  return db
    .select({
      caseId: cases.id,
      givenName: persons.givenName,
      familyName: persons.familyName,
      birthDate: persons.birthDate,
      sex: persons.sex,
      municipalityId: cases.municipalityId,
      municipalityName: organisations.name,
      liveAssignments: sql<number>`(select count(*) from ${pucAssignments} where ${pucAssignments.caseId} = ${cases.id} and ${inArray(pucAssignments.status, [...PUC_SEAT_HOLDING_STATUSES])})::int`,
    })
    .from(cases)
    .innerJoin(persons, eq(persons.id, cases.personId))
    .innerJoin(organisations, eq(organisations.id, cases.municipalityId))
    .where(
      and(
        inArray(cases.municipalityId, municipalityIds),
        ne(cases.status, 'closed'),
        sql`(ponte_search_text(${persons.givenName} || ' ' || ${persons.familyName}) like ponte_search_text(${pattern}) or ponte_search_text(${persons.familyName} || ' ' || ${persons.givenName}) like ponte_search_text(${pattern}))`,
      ),
    )
    .orderBy(asc(persons.familyName), asc(persons.givenName), asc(cases.id))
    .limit(limit)
}

export const findCase = async (db: Db, id: string) => (await db.select().from(cases).where(eq(cases.id, id)))[0] ?? null

// ---------------------------------------------------------------------------------------------
// Attendance

const recorder = alias(users, 'puc_recorder')

export interface AttendanceView {
  row: PucAttendanceRow
  recordedByName: string | null
}

export function attendanceBetween(db: Db, assignmentIds: string[], from: string, to: string): Promise<AttendanceView[]> {
  if (assignmentIds.length === 0) return Promise.resolve([])
  return db
    .select({ row: pucAttendance, recordedByName: nameOf(recorder) })
    .from(pucAttendance)
    .leftJoin(recorder, eq(recorder.id, pucAttendance.recordedBy))
    .where(and(inArray(pucAttendance.assignmentId, assignmentIds), gte(pucAttendance.date, from), lte(pucAttendance.date, to)))
    .orderBy(asc(pucAttendance.date))
}

export const findAttendance = async (db: Db, assignmentId: string, date: string) =>
  (await db.select().from(pucAttendance).where(and(eq(pucAttendance.assignmentId, assignmentId), eq(pucAttendance.date, date))))[0] ?? null

export const insertAttendance = async (db: Db, values: typeof pucAttendance.$inferInsert) => (await db.insert(pucAttendance).values(values).returning())[0]!

export const updateAttendance = async (db: Db, id: string, changes: Pick<PucAttendanceRow, 'status' | 'minutes' | 'note' | 'recordedBy'>) =>
  (
    await db
      .update(pucAttendance)
      .set({ ...changes, version: sql`${pucAttendance.version} + 1`, updatedAt: sql`now()` })
      .where(eq(pucAttendance.id, id))
      .returning()
  )[0]!

export const deleteAttendance = (db: Db, id: string) => db.delete(pucAttendance).where(eq(pucAttendance.id, id))

/** Locks assignments (in id order, so two writers never deadlock) for an attendance change. */
export const lockAssignments = (db: Db, ids: string[]) =>
  ids.length === 0 ? Promise.resolve([] as PucAssignmentRow[]) : db.select().from(pucAssignments).where(inArray(pucAssignments.id, ids)).orderBy(asc(pucAssignments.id)).for('update')

// ---------------------------------------------------------------------------------------------
// INAIL: deadlines, communications, the quarterly report

/** Assignments of these municipalities that owe INAIL communications (everything but to assign and withdrawn). */
export function assignmentsOwingCommunications(db: Db, municipalityIds: string[]) {
  return db
    .select({
      row: pucAssignments,
      projectTitle: pucProjects.title,
      municipalityId: pucProjects.ownerMunicipalityId,
      municipalityName: owner.name,
      personId: persons.id,
      givenName: persons.givenName,
      familyName: persons.familyName,
      taxCode: persons.taxCode,
      birthDate: persons.birthDate,
    })
    .from(pucAssignments)
    .innerJoin(pucProjects, eq(pucProjects.id, pucAssignments.projectId))
    .innerJoin(owner, eq(owner.id, pucProjects.ownerMunicipalityId))
    .innerJoin(persons, eq(persons.id, pucAssignments.personId))
    .where(and(inArray(pucProjects.ownerMunicipalityId, municipalityIds), inArray(pucAssignments.status, ['proposed', 'active', 'completed', 'interrupted'])))
}

const sender = alias(users, 'puc_sender')

export interface CommunicationView {
  row: PucInsuranceCommunicationRow
  municipalityName: string
  sentByName: string | null
}

function communicationViewQuery(db: Db) {
  return db
    .select({ row: pucInsuranceCommunications, municipalityName: organisations.name, sentByName: nameOf(sender) })
    .from(pucInsuranceCommunications)
    .innerJoin(organisations, eq(organisations.id, pucInsuranceCommunications.municipalityId))
    .leftJoin(sender, eq(sender.id, pucInsuranceCommunications.sentBy))
}

export const communicationsOf = (db: Db, municipalityIds: string[]): Promise<CommunicationView[]> =>
  communicationViewQuery(db).where(inArray(pucInsuranceCommunications.municipalityId, municipalityIds))

export const findCommunicationView = async (db: Db, id: string): Promise<CommunicationView | null> =>
  (await communicationViewQuery(db).where(eq(pucInsuranceCommunications.id, id)))[0] ?? null

/** The communication already recorded for a start or end of an assignment, or a municipality's quarter. */
export async function findCommunicationFor(db: Db, target: { kind: PucInsuranceCommunicationRow['kind']; assignmentId?: string | undefined; municipalityId?: string | undefined; quarter?: string | undefined }) {
  const where =
    target.kind === 'quarterly'
      ? and(eq(pucInsuranceCommunications.kind, 'quarterly'), eq(pucInsuranceCommunications.municipalityId, target.municipalityId ?? ''), eq(pucInsuranceCommunications.quarter, target.quarter ?? ''))
      : and(eq(pucInsuranceCommunications.kind, target.kind), eq(pucInsuranceCommunications.assignmentId, target.assignmentId ?? ''))
  return (await db.select({ id: pucInsuranceCommunications.id }).from(pucInsuranceCommunications).where(where))[0] ?? null
}

export const insertCommunication = async (db: Db, values: typeof pucInsuranceCommunications.$inferInsert) =>
  (await db.insert(pucInsuranceCommunications).values(values).returning())[0]!

export const lockCommunication = async (db: Db, id: string) => (await db.select().from(pucInsuranceCommunications).where(eq(pucInsuranceCommunications.id, id)).for('update'))[0] ?? null

export const updateCommunication = async (db: Db, id: string, changes: Partial<Pick<PucInsuranceCommunicationRow, 'sentOn' | 'reference'>>) =>
  (
    await db
      .update(pucInsuranceCommunications)
      .set({ ...changes, version: sql`${pucInsuranceCommunications.version} + 1`, updatedAt: sql`now()` })
      .where(eq(pucInsuranceCommunications.id, id))
      .returning()
  )[0]!

/** Every attendance day of these municipalities' assignments in `from`..`to`, with the person and project. */
export function attendanceForReport(db: Db, municipalityIds: string[], from: string, to: string) {
  return db
    .select({
      personId: persons.id,
      givenName: persons.givenName,
      familyName: persons.familyName,
      taxCode: persons.taxCode,
      birthDate: persons.birthDate,
      municipalityId: pucProjects.ownerMunicipalityId,
      municipalityName: owner.name,
      projectTitle: pucProjects.title,
      date: pucAttendance.date,
      status: pucAttendance.status,
      minutes: pucAttendance.minutes,
    })
    .from(pucAttendance)
    .innerJoin(pucAssignments, eq(pucAssignments.id, pucAttendance.assignmentId))
    .innerJoin(pucProjects, eq(pucProjects.id, pucAssignments.projectId))
    .innerJoin(owner, eq(owner.id, pucProjects.ownerMunicipalityId))
    .innerJoin(persons, eq(persons.id, pucAssignments.personId))
    .where(and(inArray(pucProjects.ownerMunicipalityId, municipalityIds), gte(pucAttendance.date, from), lte(pucAttendance.date, to)))
}
