/** SQL of mutual self-help groups: programmes, applications, information meetings, groups, members, sessions, attendance, outcomes. */
import { and, asc, desc, eq, inArray, lt, sql, type AnyColumn, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client.js'
import {
  groupApplications,
  groupAttendance,
  groupFacilitators,
  groupInformationMeetingAttendance,
  groupInformationMeetings,
  groupMemberFollowUps,
  groupMemberOutcomes,
  groupMembers,
  groupProgrammePartners,
  groupProgrammes,
  groups,
  groupSessions,
  memberships,
  organisations,
  users,
  type GroupApplicationRow,
  type GroupMemberRow,
  type GroupProgrammeRow,
  type GroupRow,
  type GroupSessionRow,
} from '../../db/schema/index.js'

const bump = (table: { version: AnyColumn }) => ({ version: sql`${table.version} + 1`, updatedAt: sql`now()` })

export async function organisationsByIds(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return []
  return db.select({ id: organisations.id, name: organisations.name, kind: organisations.kind, isActive: organisations.isActive }).from(organisations).where(inArray(organisations.id, [...ids]))
}

// ---------------------------------------------------------------------------------------------
// Programmes

export type ProgrammeInsert = typeof groupProgrammes.$inferInsert
export type ProgrammeChanges = Partial<Pick<ProgrammeInsert, 'name' | 'coveredMunicipalities' | 'funder' | 'periodStart' | 'periodEnd' | 'localClosures'>>

export const insertProgramme = async (db: Db, values: ProgrammeInsert) => (await db.insert(groupProgrammes).values(values).returning())[0]!

export const updateProgramme = async (db: Db, id: string, changes: ProgrammeChanges) =>
  (await db.update(groupProgrammes).set({ ...changes, ...bump(groupProgrammes) }).where(eq(groupProgrammes.id, id)).returning())[0]!

export const touchProgramme = (db: Db, id: string) => db.update(groupProgrammes).set(bump(groupProgrammes)).where(eq(groupProgrammes.id, id))

export async function replacePartners(db: Db, programmeId: string, organisationIds: readonly string[]) {
  await db.delete(groupProgrammePartners).where(eq(groupProgrammePartners.programmeId, programmeId))
  if (organisationIds.length > 0) await db.insert(groupProgrammePartners).values(organisationIds.map((organisationId) => ({ programmeId, organisationId })))
}

export async function listProgrammes(db: Db, options: { visible: SQL; currentOn?: string; afterId: string | null; limit: number }): Promise<GroupProgrammeRow[]> {
  const conditions: SQL[] = [options.visible]
  if (options.currentOn) conditions.push(sql`${groupProgrammes.periodStart} <= ${options.currentOn} and ${groupProgrammes.periodEnd} >= ${options.currentOn}`)
  if (options.afterId) conditions.push(lt(groupProgrammes.id, options.afterId))
  return db.select().from(groupProgrammes).where(and(...conditions)).orderBy(desc(groupProgrammes.id)).limit(options.limit + 1)
}

export async function partnersOfProgrammes(db: Db, programmeIds: readonly string[]) {
  if (programmeIds.length === 0) return []
  return db
    .select({ programmeId: groupProgrammePartners.programmeId, id: organisations.id, name: organisations.name })
    .from(groupProgrammePartners)
    .innerJoin(organisations, eq(organisations.id, groupProgrammePartners.organisationId))
    .where(inArray(groupProgrammePartners.programmeId, [...programmeIds]))
    .orderBy(asc(organisations.name))
}

export async function applicationCounts(db: Db, programmeIds: readonly string[]) {
  if (programmeIds.length === 0) return []
  return db
    .select({ programmeId: groupApplications.programmeId, status: groupApplications.status, n: sql<number>`count(*)::int` })
    .from(groupApplications)
    .where(inArray(groupApplications.programmeId, [...programmeIds]))
    .groupBy(groupApplications.programmeId, groupApplications.status)
}

export async function groupCounts(db: Db, programmeIds: readonly string[]) {
  if (programmeIds.length === 0) return []
  return db.select({ programmeId: groups.programmeId, n: sql<number>`count(*)::int` }).from(groups).where(inArray(groups.programmeId, [...programmeIds])).groupBy(groups.programmeId)
}

// ---------------------------------------------------------------------------------------------
// Applications

export type ApplicationInsert = typeof groupApplications.$inferInsert
export type ApplicationChanges = Partial<Pick<ApplicationInsert, 'phone' | 'email' | 'residenceMunicipality' | 'employmentStatus' | 'interviewDate' | 'status' | 'reason' | 'decidedOn'>>

export const insertApplication = async (db: Db, values: ApplicationInsert) => (await db.insert(groupApplications).values(values).returning())[0]!

export const updateApplication = async (db: Db, id: string, changes: ApplicationChanges) =>
  (await db.update(groupApplications).set({ ...changes, ...bump(groupApplications) }).where(eq(groupApplications.id, id)).returning())[0]!

export async function listApplications(db: Db, options: { programmeId: string; visible: SQL; status?: string; afterId: string | null; limit: number }): Promise<GroupApplicationRow[]> {
  const conditions: SQL[] = [eq(groupApplications.programmeId, options.programmeId), options.visible]
  if (options.status) conditions.push(eq(groupApplications.status, options.status as GroupApplicationRow['status']))
  if (options.afterId) conditions.push(sql`${groupApplications.id} > ${options.afterId}`)
  return db.select().from(groupApplications).where(and(...conditions)).orderBy(asc(groupApplications.id)).limit(options.limit + 1)
}

/** The group each application joined, if any. */
export async function groupsOfApplications(db: Db, applicationIds: readonly string[]) {
  if (applicationIds.length === 0) return []
  return db
    .select({ applicationId: groupMembers.applicationId, id: groups.id, name: groups.name })
    .from(groupMembers)
    .innerJoin(groups, eq(groups.id, groupMembers.groupId))
    .where(inArray(groupMembers.applicationId, [...applicationIds]))
}

// ---------------------------------------------------------------------------------------------
// Information meetings

export const insertInformationMeeting = async (db: Db, values: typeof groupInformationMeetings.$inferInsert) => (await db.insert(groupInformationMeetings).values(values).returning())[0]!

export const findInformationMeeting = async (db: Db, id: string) => (await db.select().from(groupInformationMeetings).where(eq(groupInformationMeetings.id, id)))[0] ?? null

export const informationMeetingsOf = (db: Db, programmeId: string) =>
  db.select().from(groupInformationMeetings).where(eq(groupInformationMeetings.programmeId, programmeId)).orderBy(asc(groupInformationMeetings.date), asc(groupInformationMeetings.id))

export async function informationMeetingAttendance(db: Db, meetingIds: readonly string[]) {
  if (meetingIds.length === 0) return []
  return db
    .select({ meetingId: groupInformationMeetingAttendance.meetingId, applicationId: groupInformationMeetingAttendance.applicationId, attended: groupInformationMeetingAttendance.attended, givenName: groupApplications.givenName, familyName: groupApplications.familyName })
    .from(groupInformationMeetingAttendance)
    .innerJoin(groupApplications, eq(groupApplications.id, groupInformationMeetingAttendance.applicationId))
    .where(inArray(groupInformationMeetingAttendance.meetingId, [...meetingIds]))
    .orderBy(asc(groupApplications.familyName), asc(groupApplications.givenName))
}

export async function upsertInformationMeetingAttendance(db: Db, meetingId: string, entries: readonly { applicationId: string; attended: boolean }[]) {
  await db
    .insert(groupInformationMeetingAttendance)
    .values(entries.map((e) => ({ meetingId, applicationId: e.applicationId, attended: e.attended })))
    .onConflictDoUpdate({ target: [groupInformationMeetingAttendance.meetingId, groupInformationMeetingAttendance.applicationId], set: { attended: sql`excluded.attended` } })
  await db.update(groupInformationMeetings).set(bump(groupInformationMeetings)).where(eq(groupInformationMeetings.id, meetingId))
}

// ---------------------------------------------------------------------------------------------
// Groups and facilitators

export type GroupInsert = typeof groups.$inferInsert
export type GroupChanges = Partial<Pick<GroupInsert, 'name' | 'capacity' | 'cohort' | 'requestedTopics' | 'status'>>

export const insertGroup = async (db: Db, values: GroupInsert) => (await db.insert(groups).values(values).returning())[0]!

export const updateGroup = async (db: Db, id: string, changes: GroupChanges) => (await db.update(groups).set({ ...changes, ...bump(groups) }).where(eq(groups.id, id)).returning())[0]!

export async function listGroups(db: Db, options: { visible: SQL; programmeId?: string; status?: string; facilitatedBy?: string; afterId: string | null; limit: number }) {
  const conditions: SQL[] = [options.visible]
  if (options.programmeId) conditions.push(eq(groups.programmeId, options.programmeId))
  if (options.status) conditions.push(eq(groups.status, options.status as GroupRow['status']))
  if (options.facilitatedBy) conditions.push(sql`exists (select 1 from ${groupFacilitators} where ${groupFacilitators.groupId} = ${groups.id} and ${groupFacilitators.userId} = ${options.facilitatedBy})`)
  if (options.afterId) conditions.push(lt(groups.id, options.afterId))
  return db
    .select({ group: groups, programme: groupProgrammes })
    .from(groups)
    .innerJoin(groupProgrammes, eq(groupProgrammes.id, groups.programmeId))
    .where(and(...conditions))
    .orderBy(desc(groups.id))
    .limit(options.limit + 1)
}

/** The organisations where each user holds the facilitator role (to check and name a group's facilitators). */
export async function facilitatorMemberships(db: Db, userIds: readonly string[]) {
  if (userIds.length === 0) return []
  return db
    .select({ userId: memberships.userId, organisationId: memberships.organisationId, roles: memberships.roles, isActive: memberships.isActive })
    .from(memberships)
    .where(inArray(memberships.userId, [...userIds]))
}

/** Active users with the facilitator role in one of `organisationIds`, with the organisation. */
export async function facilitatorsIn(db: Db, organisationIds: readonly string[]) {
  if (organisationIds.length === 0) return []
  return db
    .select({ userId: users.id, userName: sql<string>`${users.givenName} || ' ' || ${users.familyName}`, organisationId: organisations.id, organisationName: organisations.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(and(inArray(memberships.organisationId, [...organisationIds]), eq(memberships.isActive, true), eq(users.isActive, true), sql`'facilitator' = any(${memberships.roles})`))
    .orderBy(asc(users.familyName), asc(users.givenName), asc(organisations.name))
}

export async function replaceFacilitators(db: Db, groupId: string, facilitators: readonly { userId: string; organisationId: string; lead: boolean }[]) {
  await db.delete(groupFacilitators).where(eq(groupFacilitators.groupId, groupId))
  await db.insert(groupFacilitators).values(facilitators.map((f) => ({ groupId, ...f })))
}

export async function facilitatorsOf(db: Db, groupIds: readonly string[]) {
  if (groupIds.length === 0) return []
  return db
    .select({
      groupId: groupFacilitators.groupId,
      userId: users.id,
      userName: sql<string>`${users.givenName} || ' ' || ${users.familyName}`,
      organisationId: organisations.id,
      organisationName: organisations.name,
      lead: groupFacilitators.lead,
    })
    .from(groupFacilitators)
    .innerJoin(users, eq(users.id, groupFacilitators.userId))
    .innerJoin(organisations, eq(organisations.id, groupFacilitators.organisationId))
    .where(inArray(groupFacilitators.groupId, [...groupIds]))
    .orderBy(desc(groupFacilitators.lead), asc(users.familyName))
}

// ---------------------------------------------------------------------------------------------
// Members

export interface MemberView {
  row: GroupMemberRow
  givenName: string
  familyName: string
  phone: string | null
  email: string | null
}

export async function membersOf(db: Db, groupIds: readonly string[]): Promise<MemberView[]> {
  if (groupIds.length === 0) return []
  return db
    .select({ row: groupMembers, givenName: groupApplications.givenName, familyName: groupApplications.familyName, phone: groupApplications.phone, email: groupApplications.email })
    .from(groupMembers)
    .innerJoin(groupApplications, eq(groupApplications.id, groupMembers.applicationId))
    .where(inArray(groupMembers.groupId, [...groupIds]))
    .orderBy(asc(groupApplications.familyName), asc(groupApplications.givenName), asc(groupMembers.id))
}

export const findMember = async (db: Db, id: string, options: { forUpdate?: boolean } = {}) => {
  const query = db.select().from(groupMembers).where(eq(groupMembers.id, id))
  return (options.forUpdate ? await query.for('update') : await query)[0] ?? null
}

export const countActiveMembers = async (db: Db, groupId: string) =>
  (await db.select({ n: sql<number>`count(*)::int` }).from(groupMembers).where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.status, 'active'))))[0]!.n

export const insertMember = async (db: Db, values: typeof groupMembers.$inferInsert) => (await db.insert(groupMembers).values(values).returning())[0]!

export const updateMember = async (db: Db, id: string, changes: Partial<Pick<GroupMemberRow, 'status' | 'dropOutReason' | 'droppedOutOn'>>) =>
  (await db.update(groupMembers).set({ ...changes, ...bump(groupMembers) }).where(eq(groupMembers.id, id)).returning())[0]!

export const completeActiveMembers = (db: Db, groupId: string) =>
  db.update(groupMembers).set({ status: 'completed', ...bump(groupMembers) }).where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.status, 'active')))

// ---------------------------------------------------------------------------------------------
// Sessions and attendance

export async function sessionsOf(db: Db, groupIds: readonly string[]): Promise<GroupSessionRow[]> {
  if (groupIds.length === 0) return []
  return db.select().from(groupSessions).where(inArray(groupSessions.groupId, [...groupIds])).orderBy(asc(groupSessions.date), asc(groupSessions.startTime), asc(groupSessions.id))
}

export const findSession = async (db: Db, id: string, options: { forUpdate?: boolean } = {}) => {
  const query = db.select().from(groupSessions).where(eq(groupSessions.id, id))
  return (options.forUpdate ? await query.for('update') : await query)[0] ?? null
}

export const insertSessions = async (db: Db, values: (typeof groupSessions.$inferInsert)[]) => (values.length === 0 ? [] : db.insert(groupSessions).values(values).returning())

export const updateSession = async (db: Db, id: string, changes: Partial<Pick<GroupSessionRow, 'date' | 'startTime' | 'place' | 'status' | 'movedFrom' | 'changeReason' | 'themes'>>) =>
  (await db.update(groupSessions).set({ ...changes, ...bump(groupSessions) }).where(eq(groupSessions.id, id)).returning())[0]!

export async function attendanceOfGroups(db: Db, groupIds: readonly string[]) {
  if (groupIds.length === 0) return []
  return db
    .select({ sessionId: groupAttendance.sessionId, memberId: groupAttendance.memberId, status: groupAttendance.status })
    .from(groupAttendance)
    .innerJoin(groupSessions, eq(groupSessions.id, groupAttendance.sessionId))
    .where(inArray(groupSessions.groupId, [...groupIds]))
}

export async function upsertAttendance(db: Db, sessionId: string, recordedBy: string, entries: readonly { memberId: string; status: GroupAttendanceStatusCode }[]) {
  await db
    .insert(groupAttendance)
    .values(entries.map((e) => ({ sessionId, memberId: e.memberId, status: e.status, recordedBy })))
    .onConflictDoUpdate({ target: [groupAttendance.sessionId, groupAttendance.memberId], set: { status: sql`excluded.status`, recordedBy, updatedAt: sql`now()` } })
}
type GroupAttendanceStatusCode = (typeof groupAttendance.$inferInsert)['status']

// ---------------------------------------------------------------------------------------------
// Outcomes

export async function outcomesOf(db: Db, memberIds: readonly string[]) {
  if (memberIds.length === 0) return []
  return db.select().from(groupMemberOutcomes).where(inArray(groupMemberOutcomes.memberId, [...memberIds]))
}

export async function followUpsOf(db: Db, memberIds: readonly string[]) {
  if (memberIds.length === 0) return []
  return db.select().from(groupMemberFollowUps).where(inArray(groupMemberFollowUps.memberId, [...memberIds]))
}

export async function upsertOutcome(db: Db, memberId: string, values: Partial<typeof groupMemberOutcomes.$inferInsert>) {
  return (
    await db
      .insert(groupMemberOutcomes)
      .values({ memberId, ...values })
      .onConflictDoUpdate({ target: groupMemberOutcomes.memberId, set: { ...values, ...bump(groupMemberOutcomes) } })
      .returning()
  )[0]!
}

export async function upsertFollowUp(db: Db, values: typeof groupMemberFollowUps.$inferInsert) {
  await db
    .insert(groupMemberFollowUps)
    .values(values)
    .onConflictDoUpdate({ target: [groupMemberFollowUps.memberId, groupMemberFollowUps.months], set: { status: values.status, recordedOn: values.recordedOn, recordedBy: values.recordedBy, updatedAt: sql`now()` } })
}

// ---------------------------------------------------------------------------------------------
// A case's participation

export async function participationsOfPerson(db: Db, personId: string) {
  return db
    .select({ application: groupApplications, programmeName: groupProgrammes.name, member: groupMembers })
    .from(groupApplications)
    .innerJoin(groupProgrammes, eq(groupProgrammes.id, groupApplications.programmeId))
    .leftJoin(groupMembers, eq(groupMembers.applicationId, groupApplications.id))
    .where(eq(groupApplications.personId, personId))
    .orderBy(desc(groupApplications.createdAt))
}

export async function attendanceOfMembers(db: Db, memberIds: readonly string[]) {
  if (memberIds.length === 0) return []
  return db.select({ memberId: groupAttendance.memberId, status: groupAttendance.status }).from(groupAttendance).where(inArray(groupAttendance.memberId, [...memberIds]))
}
