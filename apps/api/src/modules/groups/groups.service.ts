/**
 * Rules of mutual self-help groups (DOMAIN.md §6): programmes and their applications (status
 * diagram, eligibility computed), information meetings, groups (capacity counted under the group's
 * lock, closed or open cohort), the 16-session plan, thematic sessions, moves and cancellations,
 * attendance with the unjustified-absence alert, drop-outs and outcomes. Every write records its
 * audit entry and domain event in its transaction; reads of people's data are audited.
 */
import {
  GROUP_APPLICATION_STATUSES,
  GROUP_APPLICATION_STATUSES_WITH_REASON,
  GROUP_CAPACITY,
  type CaseGroupParticipationList,
  type GroupAbsenceAlert,
  type GroupApplication,
  type GroupApplicationCreate,
  type GroupApplicationListQuery,
  type GroupApplicationPage,
  type GroupApplicationPatch,
  type GroupApplicationStatus,
  type GroupApplicationTransitionRequest,
  type GroupAttendanceStatus,
  type GroupCreate,
  type GroupDropOutRequest,
  type GroupFollowUpDueList,
  type GroupFollowUpRecord,
  type GroupListQuery,
  type GroupMember,
  type GroupMemberCreate,
  type GroupMemberOutcomeUpdate,
  type GroupOutcomes,
  type GroupPage,
  type GroupPatch,
  type GroupSession,
  type GroupSessionAttendance,
  type GroupSessionAttendanceUpdate,
  type GroupSessionCancel,
  type GroupSessionList,
  type GroupSessionMove,
  type GroupSessionPatch,
  type GroupSessionPlan,
  type GroupSessionPlanRequest,
  type GroupSessionRef,
  type GroupStatus,
  type GroupThematicSessionCreate,
  type GroupTransitionRequest,
  type Group,
  type InformationMeeting,
  type InformationMeetingAttendanceUpdate,
  type InformationMeetingCreate,
  type InformationMeetingList,
  type ProblemFieldError,
  type Programme,
  type ProgrammeCreate,
  type ProgrammeFacilitatorList,
  type ProgrammeListQuery,
  type ProgrammePage,
  type ProgrammePatch,
} from '@ponte/shared'
import type { Database, Db } from '../../db/client.js'
import type { GroupApplicationRow, GroupProgrammeRow, GroupRow, GroupSessionRow } from '../../db/schema/index.js'
import { groupApplications, persons } from '../../db/schema/index.js'
import { eq, inArray } from 'drizzle-orm'
import { changedFields, recordAudit } from '../../lib/audit.js'
import { todayInItaly } from '../../lib/dates.js'
import { badRequest, conflict, fieldUnprocessable, forbidden, notFound, preconditionRequired, transitionNotAllowed, unprocessable } from '../../lib/errors.js'
import { recordDomainEvent, type DomainEvent } from '../../lib/events.js'
import { assertVersion, decodeCursor, toPage } from '../../lib/http.js'
import { italianHolidayOn } from '../../lib/holidays.js'
import { isUniqueViolation } from '../../lib/pg-errors.js'
import { isMunicipalStaff as isMunicipalCaseStaff, type CaseScope } from '../cases/cases.policy.js'
import { loadPersonAccess } from '../persons/persons.policy.js'
import {
  allowedApplicationTransitions,
  allowedGroupTransitions,
  applicationPermissions,
  groupPermissions,
  isMunicipalStaff,
  loadApplicationAccess,
  loadGroupAccess,
  loadProgrammeAccess,
  managedMunicipalities,
  partnersOf,
  programmePermissions,
  programmeRelation,
  visibleApplicationsCondition,
  visibleGroupsCondition,
  visibleProgrammesCondition,
  type GroupRelation,
  type ProgrammeRelation,
} from './groups.policy.js'
import type { Caller } from '../../lib/caller.js'
import * as repo from './groups.repository.js'
import { eligibilityOf, followUpDueDates, localClosureOn, planTalkSessions, raisesAlert, unjustifiedAbsenceStreak } from './groups.rules.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function decodeIdCursor(cursor: string | undefined): string | null {
  const values = decodeCursor(cursor, 1)
  if (!values) return null
  if (typeof values[0] !== 'string' || !UUID.test(values[0])) throw badRequest('Il cursore non è valido.', [{ pointer: '/cursor', detail: 'Invalid cursor' }])
  return values[0]
}

const iso = (d: Date) => d.toISOString()

const programmeEvent = (programme: Pick<GroupProgrammeRow, 'id' | 'ownerMunicipalityId'>, type: string, data: Record<string, unknown> = {}): DomainEvent => ({
  type,
  resourceType: 'group_programme',
  resourceId: programme.id,
  ownerOrganisationId: programme.ownerMunicipalityId,
  data,
})

/** Group events never carry a case or a person: only ids of the group's own records and codes. */
const groupEvent = (programme: Pick<GroupProgrammeRow, 'ownerMunicipalityId'>, resourceType: string, resourceId: string, type: string, data: Record<string, unknown> = {}): DomainEvent => ({
  type,
  resourceType,
  resourceId,
  ownerOrganisationId: programme.ownerMunicipalityId,
  data,
})

// ---------------------------------------------------------------------------------------------
// Programmes

async function programmeResponses(db: Db, rows: GroupProgrammeRow[], relationOf: (row: GroupProgrammeRow, partnerIds: string[]) => ProgrammeRelation): Promise<Programme[]> {
  const ids = rows.map((r) => r.id)
  const partners = await repo.partnersOfProgrammes(db, ids)
  const counts = await repo.applicationCounts(db, ids)
  const groupCounts = await repo.groupCounts(db, ids)
  const owners = await repo.organisationsByIds(db, [...new Set(rows.map((r) => r.ownerMunicipalityId))])
  return rows.map((row) => {
    const partnersOfRow = partners.filter((p) => p.programmeId === row.id)
    const relation = relationOf(row, partnersOfRow.map((p) => p.id))
    const applicationCounts = Object.fromEntries(GROUP_APPLICATION_STATUSES.map((s) => [s, counts.find((c) => c.programmeId === row.id && c.status === s)?.n ?? 0])) as Programme['applicationCounts']
    return {
      id: row.id,
      ownerMunicipality: { id: row.ownerMunicipalityId, name: owners.find((o) => o.id === row.ownerMunicipalityId)?.name ?? '' },
      name: row.name,
      coveredMunicipalities: row.coveredMunicipalities,
      partnerOrganisations: partnersOfRow.map((p) => ({ id: p.id, name: p.name })),
      funder: row.funder,
      periodStart: row.periodStart,
      periodEnd: row.periodEnd,
      localClosures: row.localClosures,
      applicationCounts,
      groupsCount: groupCounts.find((g) => g.programmeId === row.id)?.n ?? 0,
      permissions: programmePermissions(relation),
      version: row.version,
      createdAt: iso(row.createdAt),
      updatedAt: iso(row.updatedAt),
    }
  })
}

async function programmeResponse(db: Db, caller: Caller, row: GroupProgrammeRow): Promise<Programme> {
  return (await programmeResponses(db, [row], (r, partnerIds) => programmeRelation(caller.principal, r, partnerIds)))[0]!
}

async function assertPartners(db: Db, ids: readonly string[], errors: ProblemFieldError[]) {
  const found = await repo.organisationsByIds(db, ids)
  ids.forEach((id, i) => {
    const org = found.find((o) => o.id === id)
    if (!org || !org.isActive) errors.push({ pointer: `/partnerOrganisationIds/${i}`, code: 'not_an_active_organisation', detail: 'Il partner deve essere un ente attivo.' })
  })
}

const periodErrors = (start: string, end: string): ProblemFieldError[] =>
  start > end ? [{ pointer: '/periodEnd', code: 'period_end_before_start', detail: 'La fine del programma non può precedere l\'inizio.' }] : []

export async function createProgramme(db: Database, caller: Caller, input: ProgrammeCreate): Promise<Programme> {
  const managed = managedMunicipalities(caller.principal)
  if (managed.length === 0) throw forbidden('Solo un coordinatore del comune può creare un programma.')
  return db.transaction(async (tx) => {
    const errors = periodErrors(input.periodStart, input.periodEnd)
    if (!managed.includes(input.ownerMunicipalityId)) errors.push({ pointer: '/ownerMunicipalityId', code: 'not_your_municipality', detail: 'Puoi creare programmi solo per il comune che coordini.' })
    await assertPartners(tx, input.partnerOrganisationIds, errors)
    if (errors.length > 0) throw fieldUnprocessable(errors, 'Il programma non rispetta le regole.')
    const row = await repo.insertProgramme(tx, {
      ownerMunicipalityId: input.ownerMunicipalityId,
      name: input.name.trim(),
      coveredMunicipalities: input.coveredMunicipalities.map((m) => m.trim()),
      funder: input.funder.trim(),
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      localClosures: input.localClosures ?? [],
      createdBy: caller.principal.userId,
    })
    await repo.replacePartners(tx, row.id, input.partnerOrganisationIds)
    await recordAudit(tx, caller.actor, [{ action: 'create', resourceType: 'group_programme', resourceId: row.id, organisationId: row.ownerMunicipalityId, changedFields: Object.keys(input) }])
    await recordDomainEvent(tx, caller.actor, programmeEvent(row, 'group_programme.created'))
    return programmeResponse(tx, caller, row)
  })
}

export async function readProgramme(db: Database, caller: Caller, programmeId: string): Promise<Programme> {
  const { row } = await loadProgrammeAccess(db, caller.principal, programmeId, 'read')
  return programmeResponse(db, caller, row)
}

export async function listProgrammes(db: Database, caller: Caller, query: ProgrammeListQuery): Promise<ProgrammePage> {
  const limit = query.limit ?? 50
  const rows = await repo.listProgrammes(db, { visible: visibleProgrammesCondition(caller.principal), ...(query.current ? { currentOn: todayInItaly() } : {}), afterId: decodeIdCursor(query.cursor), limit })
  const items = await programmeResponses(db, rows.slice(0, limit), (r, partnerIds) => programmeRelation(caller.principal, r, partnerIds))
  return { items, nextCursor: rows.length > limit ? toPage(rows, limit, (r) => r, (r) => [r.id]).nextCursor : null }
}

export async function updateProgramme(db: Database, caller: Caller, programmeId: string, expectedVersion: number, patch: ProgrammePatch): Promise<Programme> {
  return db.transaction(async (tx) => {
    const { row, partnerIds } = await loadProgrammeAccess(tx, caller.principal, programmeId, 'manage', { forUpdate: true })
    assertVersion(row.version, expectedVersion)
    const changes: repo.ProgrammeChanges = {}
    if (patch.name !== undefined) changes.name = patch.name.trim()
    if (patch.coveredMunicipalities !== undefined) changes.coveredMunicipalities = patch.coveredMunicipalities.map((m) => m.trim())
    if (patch.funder !== undefined) changes.funder = patch.funder.trim()
    if (patch.periodStart !== undefined) changes.periodStart = patch.periodStart
    if (patch.periodEnd !== undefined) changes.periodEnd = patch.periodEnd
    if (patch.localClosures !== undefined) changes.localClosures = patch.localClosures
    const next = { ...row, ...changes }
    const errors = periodErrors(next.periodStart, next.periodEnd)
    if (patch.partnerOrganisationIds !== undefined) await assertPartners(tx, patch.partnerOrganisationIds, errors)
    if (errors.length > 0) throw fieldUnprocessable(errors, 'Il programma non rispetta le regole.')
    const fields = changedFields(row as unknown as Record<string, unknown>, changes as Record<string, unknown>)
    const partnersChanged = patch.partnerOrganisationIds !== undefined && [...patch.partnerOrganisationIds].sort().join() !== [...partnerIds].sort().join()
    if (partnersChanged) fields.push('partnerOrganisationIds')
    if (fields.length === 0) return programmeResponse(tx, caller, row)
    if (partnersChanged) await repo.replacePartners(tx, programmeId, patch.partnerOrganisationIds!)
    const updated = await repo.updateProgramme(tx, programmeId, changes)
    await recordAudit(tx, caller.actor, [{ action: 'update', resourceType: 'group_programme', resourceId: programmeId, organisationId: row.ownerMunicipalityId, changedFields: fields }])
    await recordDomainEvent(tx, caller.actor, programmeEvent(updated, 'group_programme.updated', { changedFields: fields }))
    return programmeResponse(tx, caller, updated)
  })
}

export async function listProgrammeFacilitators(db: Database, caller: Caller, programmeId: string): Promise<ProgrammeFacilitatorList> {
  const { row, partnerIds } = await loadProgrammeAccess(db, caller.principal, programmeId, 'manage')
  const rows = await repo.facilitatorsIn(db, [row.ownerMunicipalityId, ...partnerIds])
  return { items: rows.map((r) => ({ user: { id: r.userId, name: r.userName }, organisation: { id: r.organisationId, name: r.organisationName } })) }
}

// ---------------------------------------------------------------------------------------------
// Applications

function toApplication(row: GroupApplicationRow, programme: GroupProgrammeRow, relation: ProgrammeRelation, group: { id: string; name: string } | null): GroupApplication {
  return {
    id: row.id,
    programmeId: row.programmeId,
    personId: isMunicipalStaff(relation) ? row.personId : null,
    givenName: row.givenName,
    familyName: row.familyName,
    phone: row.phone,
    email: row.email,
    residenceMunicipality: row.residenceMunicipality,
    employmentStatus: row.employmentStatus,
    referralSource: row.referralSource,
    consentDate: row.consentDate,
    eligibility: eligibilityOf(row, programme.coveredMunicipalities),
    status: row.status,
    interviewDate: row.interviewDate,
    reason: row.reason,
    decidedOn: row.decidedOn,
    group,
    allowedTransitions: allowedApplicationTransitions(relation, row.status),
    permissions: applicationPermissions(relation, row.status, group !== null),
    version: row.version,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  }
}

async function applicationResponse(db: Db, row: GroupApplicationRow, programme: GroupProgrammeRow, relation: ProgrammeRelation) {
  const [group] = await repo.groupsOfApplications(db, [row.id])
  return toApplication(row, programme, relation, group ? { id: group.id, name: group.name } : null)
}

export async function createApplication(db: Database, caller: Caller, programmeId: string, input: GroupApplicationCreate): Promise<GroupApplication> {
  return db.transaction(async (tx) => {
    const { row: programme, relation } = await loadProgrammeAccess(tx, caller.principal, programmeId, 'apply')
    const errors: ProblemFieldError[] = []
    let fromPerson: { givenName: string; familyName: string; phone: string | null; email: string | null; residenceMunicipality: string | null; employmentStatus: string | null } | null = null
    if (input.personId !== undefined) {
      // Linking a registered person is for the municipality's staff who see them; for anyone else the person does not exist.
      if (!isMunicipalStaff(relation)) throw fieldUnprocessable([{ pointer: '/personId', code: 'person_not_found', detail: 'La persona non esiste o non è visibile.' }])
      try {
        await loadPersonAccess(tx, caller.principal, input.personId)
      } catch {
        throw fieldUnprocessable([{ pointer: '/personId', code: 'person_not_found', detail: 'La persona non esiste o non è visibile.' }])
      }
      const [person] = await tx.select().from(persons).where(eq(persons.id, input.personId))
      fromPerson = person!
    }
    const givenName = input.givenName?.trim() ?? fromPerson?.givenName
    const familyName = input.familyName?.trim() ?? fromPerson?.familyName
    const residenceMunicipality = input.residenceMunicipality?.trim() ?? fromPerson?.residenceMunicipality ?? undefined
    const employmentStatus = input.employmentStatus ?? (fromPerson?.employmentStatus as GroupApplicationCreate['employmentStatus']) ?? undefined
    if (!givenName) errors.push({ pointer: '/givenName', code: 'required', detail: 'Il nome è obbligatorio.' })
    if (!familyName) errors.push({ pointer: '/familyName', code: 'required', detail: 'Il cognome è obbligatorio.' })
    if (!residenceMunicipality) errors.push({ pointer: '/residenceMunicipality', code: 'required', detail: 'Il comune di residenza è obbligatorio.' })
    if (!employmentStatus) errors.push({ pointer: '/employmentStatus', code: 'required', detail: 'La condizione lavorativa è obbligatoria.' })
    if (input.consentDate > todayInItaly()) errors.push({ pointer: '/consentDate', code: 'date_in_future', detail: 'Il consenso non può essere futuro.' })
    if (errors.length > 0) throw fieldUnprocessable(errors, 'La candidatura non è completa.')
    let row: GroupApplicationRow
    try {
      row = await repo.insertApplication(tx, {
        programmeId,
        personId: input.personId ?? null,
        givenName: givenName!,
        familyName: familyName!,
        phone: input.phone !== undefined ? input.phone : (fromPerson?.phone ?? null),
        email: input.email !== undefined ? input.email : (fromPerson?.email ?? null),
        residenceMunicipality: residenceMunicipality!,
        employmentStatus: employmentStatus!,
        referralSource: input.referralSource,
        consentDate: input.consentDate,
        createdBy: caller.principal.userId,
      })
    } catch (error) {
      if (isUniqueViolation(error, 'group_applications_person_key')) throw conflict('duplicate-application', 'La persona ha già una candidatura aperta in questo programma.')
      throw error
    }
    await recordAudit(tx, caller.actor, [{ action: 'create', resourceType: 'group_application', resourceId: row.id, organisationId: programme.ownerMunicipalityId, changedFields: Object.keys(input) }])
    await recordDomainEvent(tx, caller.actor, groupEvent(programme, 'group_application', row.id, 'group_application.created', { programmeId, status: row.status }))
    return toApplication(row, programme, relation, null)
  })
}

export async function listApplications(db: Database, caller: Caller, programmeId: string, query: GroupApplicationListQuery): Promise<GroupApplicationPage> {
  const { row: programme, relation } = await loadProgrammeAccess(db, caller.principal, programmeId, 'read')
  const limit = query.limit ?? 50
  const rows = await repo.listApplications(db, { programmeId, visible: visibleApplicationsCondition(caller.principal, relation), ...(query.status ? { status: query.status } : {}), afterId: decodeIdCursor(query.cursor), limit })
  const page = rows.slice(0, limit)
  const groupsOf = await repo.groupsOfApplications(db, page.map((r) => r.id))
  let items = page.map((r) => {
    const g = groupsOf.find((x) => x.applicationId === r.id)
    return toApplication(r, programme, relation, g ? { id: g.id, name: g.name } : null)
  })
  if (query.eligible !== undefined) items = items.filter((a) => a.eligibility.eligible === query.eligible)
  for (const item of items) caller.auditRead('group_application', item.id, programme.ownerMunicipalityId, 'list')
  const nextCursor = rows.length > limit ? toPage(rows, limit, (r) => r, (r) => [r.id]).nextCursor : null
  return { items, nextCursor }
}

export async function readApplication(db: Database, caller: Caller, applicationId: string): Promise<GroupApplication> {
  const scope = await loadApplicationAccess(db, caller.principal, applicationId, 'read')
  caller.auditRead('group_application', applicationId, scope.row.ownerMunicipalityId)
  return applicationResponse(db, scope.application, scope.row, scope.relation)
}

export async function updateApplication(db: Database, caller: Caller, applicationId: string, expectedVersion: number, patch: GroupApplicationPatch): Promise<GroupApplication> {
  return db.transaction(async (tx) => {
    const { application, row: programme, relation } = await loadApplicationAccess(tx, caller.principal, applicationId, 'screen', { forUpdate: true })
    assertVersion(application.version, expectedVersion)
    if (application.status === 'not_admitted' || application.status === 'withdrawn') throw conflict('application-closed', 'La candidatura è chiusa.')
    const changes: repo.ApplicationChanges = {}
    if (patch.phone !== undefined) changes.phone = patch.phone
    if (patch.email !== undefined) changes.email = patch.email
    if (patch.residenceMunicipality !== undefined) changes.residenceMunicipality = patch.residenceMunicipality.trim()
    if (patch.employmentStatus !== undefined) changes.employmentStatus = patch.employmentStatus
    if (patch.interviewDate !== undefined) changes.interviewDate = patch.interviewDate
    const fields = changedFields(application as unknown as Record<string, unknown>, changes as Record<string, unknown>)
    if (fields.length === 0) return applicationResponse(tx, application, programme, relation)
    const updated = await repo.updateApplication(tx, applicationId, changes)
    await recordAudit(tx, caller.actor, [{ action: 'update', resourceType: 'group_application', resourceId: applicationId, organisationId: programme.ownerMunicipalityId, changedFields: fields }])
    await recordDomainEvent(tx, caller.actor, groupEvent(programme, 'group_application', applicationId, 'group_application.updated', { changedFields: fields }))
    return applicationResponse(tx, updated, programme, relation)
  })
}

export async function transitionApplication(db: Database, caller: Caller, applicationId: string, expectedVersion: number, request: GroupApplicationTransitionRequest): Promise<GroupApplication> {
  return db.transaction(async (tx) => {
    const { application, row: programme, relation } = await loadApplicationAccess(tx, caller.principal, applicationId, 'screen', { forUpdate: true })
    assertVersion(application.version, expectedVersion)
    const from = application.status
    if (!allowedApplicationTransitions(relation, from).includes(request.to)) throw transitionNotAllowed(from, request.to)
    const errors: ProblemFieldError[] = []
    const needsReason = (GROUP_APPLICATION_STATUSES_WITH_REASON as readonly GroupApplicationStatus[]).includes(request.to)
    if (needsReason && !request.reason) errors.push({ pointer: '/reason', code: 'required', detail: 'Indica il motivo scegliendolo dall\'elenco.' })
    if (!needsReason && request.reason) errors.push({ pointer: '/reason', code: 'not_applicable', detail: 'Il motivo si indica solo per le candidature non ammesse o ritirate.' })
    if (request.to === 'interview_scheduled' && !request.interviewDate) errors.push({ pointer: '/interviewDate', code: 'required', detail: 'Indica la data del colloquio.' })
    if (errors.length > 0) throw fieldUnprocessable(errors)
    if (request.to === 'withdrawn') {
      // A member who withdraws leaves their group through a drop-out, which keeps the attendance history straight.
      const [group] = await repo.groupsOfApplications(tx, [applicationId])
      if (group) throw conflict('application-in-group', 'La persona fa parte di un gruppo: registra il suo ritiro dal gruppo.')
    }
    const decided = request.to === 'admitted' || request.to === 'waiting_list' || request.to === 'not_admitted'
    const updated = await repo.updateApplication(tx, applicationId, {
      status: request.to,
      reason: needsReason ? request.reason! : null,
      ...(request.interviewDate ? { interviewDate: request.interviewDate } : {}),
      ...(decided ? { decidedOn: todayInItaly() } : {}),
    })
    await recordAudit(tx, caller.actor, [{ action: 'transition', resourceType: 'group_application', resourceId: applicationId, organisationId: programme.ownerMunicipalityId, changedFields: ['status'] }])
    await recordDomainEvent(tx, caller.actor, groupEvent(programme, 'group_application', applicationId, 'group_application.transitioned', { from, to: request.to, ...(request.reason ? { reason: request.reason } : {}) }))
    return applicationResponse(tx, updated, programme, relation)
  })
}

// ---------------------------------------------------------------------------------------------
// Information meetings

async function informationMeetingResponses(db: Db, meetings: { id: string; programmeId: string; date: string; startTime: string; place: string; version: number; createdAt: Date; updatedAt: Date }[]): Promise<InformationMeeting[]> {
  const attendance = await repo.informationMeetingAttendance(db, meetings.map((m) => m.id))
  return meetings.map((m) => {
    const rows = attendance.filter((a) => a.meetingId === m.id)
    return {
      id: m.id,
      programmeId: m.programmeId,
      date: m.date,
      startTime: m.startTime,
      place: m.place,
      attendance: rows.map((a) => ({ applicationId: a.applicationId, givenName: a.givenName, familyName: a.familyName, attended: a.attended })),
      attendedCount: rows.filter((a) => a.attended).length,
      version: m.version,
      createdAt: iso(m.createdAt),
      updatedAt: iso(m.updatedAt),
    }
  })
}

export async function createInformationMeeting(db: Database, caller: Caller, programmeId: string, input: InformationMeetingCreate): Promise<InformationMeeting> {
  return db.transaction(async (tx) => {
    const { row: programme } = await loadProgrammeAccess(tx, caller.principal, programmeId, 'screen')
    const meeting = await repo.insertInformationMeeting(tx, { programmeId, date: input.date, startTime: input.startTime, place: input.place.trim() })
    await recordAudit(tx, caller.actor, [{ action: 'create', resourceType: 'group_information_meeting', resourceId: meeting.id, organisationId: programme.ownerMunicipalityId, changedFields: Object.keys(input) }])
    await recordDomainEvent(tx, caller.actor, groupEvent(programme, 'group_information_meeting', meeting.id, 'group_information_meeting.created', { programmeId, date: input.date }))
    return (await informationMeetingResponses(tx, [meeting]))[0]!
  })
}

export async function listInformationMeetings(db: Database, caller: Caller, programmeId: string): Promise<InformationMeetingList> {
  const { row: programme, relation } = await loadProgrammeAccess(db, caller.principal, programmeId, 'read')
  const meetings = await repo.informationMeetingsOf(db, programmeId)
  const items = await informationMeetingResponses(db, meetings)
  // Case managers see the meetings, not who attended them.
  if (!(relation.asManager || relation.asFacilitator)) return { items: items.map((m) => ({ ...m, attendance: [] })) }
  for (const m of items) caller.auditRead('group_information_meeting', m.id, programme.ownerMunicipalityId, 'attendance')
  return { items }
}

export async function recordInformationMeetingAttendance(db: Database, caller: Caller, meetingId: string, expectedVersion: number, input: InformationMeetingAttendanceUpdate): Promise<InformationMeeting> {
  return db.transaction(async (tx) => {
    const meeting = await repo.findInformationMeeting(tx, meetingId)
    if (!meeting) throw notFound('L\'incontro informativo')
    let programme: GroupProgrammeRow
    try {
      programme = (await loadProgrammeAccess(tx, caller.principal, meeting.programmeId, 'screen')).row
    } catch (error) {
      if (error instanceof Error && 'status' in error && (error as { status: number }).status === 404) throw notFound('L\'incontro informativo')
      throw error
    }
    assertVersion(meeting.version, expectedVersion)
    if (meeting.date > todayInItaly()) throw unprocessable([{ rule: 'meeting_in_future', value: meeting.date, detail: 'Le presenze si registrano dal giorno dell\'incontro.' }])
    const ids = input.entries.map((e) => e.applicationId)
    const found = await tx.select({ id: groupApplications.id, programmeId: groupApplications.programmeId }).from(groupApplications).where(inArray(groupApplications.id, ids))
    const errors: ProblemFieldError[] = []
    input.entries.forEach((e, i) => {
      if (!found.some((f) => f.id === e.applicationId && f.programmeId === meeting.programmeId)) errors.push({ pointer: `/entries/${i}/applicationId`, code: 'not_an_applicant', detail: 'Non è una candidatura di questo programma.' })
      if (ids.indexOf(e.applicationId) !== i) errors.push({ pointer: `/entries/${i}/applicationId`, code: 'repeated', detail: 'Candidatura ripetuta.' })
    })
    if (errors.length > 0) throw fieldUnprocessable(errors)
    await repo.upsertInformationMeetingAttendance(tx, meetingId, input.entries)
    await recordAudit(tx, caller.actor, [{ action: 'update', resourceType: 'group_information_meeting', resourceId: meetingId, organisationId: programme.ownerMunicipalityId, changedFields: ['attendance'] }])
    await recordDomainEvent(tx, caller.actor, groupEvent(programme, 'group_information_meeting', meetingId, 'group_information_meeting.attendance_recorded', { entries: input.entries.length }))
    return (await informationMeetingResponses(tx, [(await repo.findInformationMeeting(tx, meetingId))!]))[0]!
  })
}

// ---------------------------------------------------------------------------------------------
// Groups

interface GroupData {
  members: repo.MemberView[]
  sessions: GroupSessionRow[]
  attendance: { sessionId: string; memberId: string; status: GroupAttendanceStatus }[]
}

async function loadGroupData(db: Db, groupIds: string[]): Promise<Map<string, GroupData>> {
  const members = await repo.membersOf(db, groupIds)
  const sessions = await repo.sessionsOf(db, groupIds)
  const attendance = await repo.attendanceOfGroups(db, groupIds)
  return new Map(
    groupIds.map((id) => {
      const sessionIds = new Set(sessions.filter((s) => s.groupId === id).map((s) => s.id))
      return [id, { members: members.filter((m) => m.row.groupId === id), sessions: sessions.filter((s) => s.groupId === id), attendance: attendance.filter((a) => sessionIds.has(a.sessionId)) }]
    }),
  )
}

/** A member's attendance in session order, their rate and their unjustified-absence streak. */
function memberAttendance(data: GroupData, memberId: string) {
  const byMember = new Map(data.attendance.filter((a) => a.memberId === memberId).map((a) => [a.sessionId, a.status]))
  const ordered = data.sessions.filter((s) => byMember.has(s.id))
  const records = ordered.map((s) => byMember.get(s.id)!)
  const present = records.filter((r) => r === 'present').length
  return {
    recorded: records.length,
    present,
    rate: records.length === 0 ? null : Math.round((present / records.length) * 1000) / 1000,
    streak: unjustifiedAbsenceStreak(records),
    lastSessionDate: ordered.at(-1)?.date ?? null,
  }
}

function toMember(view: repo.MemberView, data: GroupData): GroupMember {
  const a = memberAttendance(data, view.row.id)
  return {
    id: view.row.id,
    applicationId: view.row.applicationId,
    givenName: view.givenName,
    familyName: view.familyName,
    phone: view.phone,
    email: view.email,
    joinedOn: view.row.joinedOn,
    status: view.row.status,
    dropOutReason: view.row.dropOutReason,
    droppedOutOn: view.row.droppedOutOn,
    sessionsRecorded: a.recorded,
    sessionsPresent: a.present,
    attendanceRate: a.rate,
    unjustifiedAbsenceStreak: a.streak,
    version: view.row.version,
  }
}

function alertsOf(group: Pick<GroupRow, 'id' | 'name'>, data: GroupData): GroupAbsenceAlert[] {
  return data.members
    .filter((m) => m.row.status === 'active')
    .map((m) => ({ m, a: memberAttendance(data, m.row.id) }))
    .filter(({ a }) => raisesAlert(a.streak))
    .map(({ m, a }) => ({ groupId: group.id, groupName: group.name, memberId: m.row.id, givenName: m.givenName, familyName: m.familyName, streak: a.streak, lastSessionDate: a.lastSessionDate! }))
}

const toSessionRef = (s: GroupSessionRow): GroupSessionRef => ({ id: s.id, kind: s.kind, number: s.number, date: s.date, startTime: s.startTime, place: s.place })

function nextSessionOf(data: GroupData): GroupSessionRef | null {
  const today = todayInItaly()
  const next = data.sessions.find((s) => s.status === 'planned' && s.date >= today)
  return next ? toSessionRef(next) : null
}

function toFacilitators(rows: Awaited<ReturnType<typeof repo.facilitatorsOf>>, groupId: string) {
  return rows.filter((f) => f.groupId === groupId).map((f) => ({ user: { id: f.userId, name: f.userName }, organisation: { id: f.organisationId, name: f.organisationName }, lead: f.lead }))
}

async function groupResponse(db: Db, group: GroupRow, programme: GroupProgrammeRow, relation: GroupRelation): Promise<Group> {
  const data = (await loadGroupData(db, [group.id])).get(group.id)!
  const facilitators = await repo.facilitatorsOf(db, [group.id])
  return {
    id: group.id,
    programme: { id: programme.id, name: programme.name },
    name: group.name,
    capacity: group.capacity,
    cohort: group.cohort,
    status: group.status,
    requestedTopics: group.requestedTopics as Group['requestedTopics'],
    facilitators: toFacilitators(facilitators, group.id),
    members: data.members.map((m) => toMember(m, data)),
    activeMembers: data.members.filter((m) => m.row.status === 'active').length,
    alerts: alertsOf(group, data),
    nextSession: nextSessionOf(data),
    talkSessionsPlanned: data.sessions.filter((s) => s.kind === 'talk').length,
    allowedTransitions: allowedGroupTransitions(relation, group.status),
    permissions: groupPermissions(relation, group.status),
    version: group.version,
    createdAt: iso(group.createdAt),
    updatedAt: iso(group.updatedAt),
  }
}

/**
 * The facilitators of a group: each must hold the facilitator role in the programme's municipality
 * or in one of its partners; the organisation recorded is the first such one.
 */
async function resolveFacilitators(db: Db, programme: GroupProgrammeRow, partnerIds: string[], lead: string, coFacilitators: readonly string[]) {
  const eligible = new Set([programme.ownerMunicipalityId, ...partnerIds])
  const ids = [lead, ...coFacilitators.filter((id) => id !== lead)]
  const rows = await repo.facilitatorMemberships(db, ids)
  const errors: ProblemFieldError[] = []
  const resolved = ids.map((userId, i) => {
    const membership = rows.find((m) => m.userId === userId && m.isActive && m.roles.includes('facilitator') && eligible.has(m.organisationId))
    if (!membership) {
      errors.push({
        pointer: i === 0 ? '/facilitatorUserId' : `/coFacilitatorUserIds/${coFacilitators.indexOf(userId)}`,
        code: 'not_a_programme_facilitator',
        detail: 'Deve essere un facilitatore del comune del programma o di un suo partner.',
      })
    }
    return { userId, organisationId: membership?.organisationId ?? '', lead: i === 0 }
  })
  return { resolved, errors }
}

export async function createGroup(db: Database, caller: Caller, programmeId: string, input: GroupCreate): Promise<Group> {
  return db.transaction(async (tx) => {
    const { row: programme, partnerIds } = await loadProgrammeAccess(tx, caller.principal, programmeId, 'manage')
    const { resolved, errors } = await resolveFacilitators(tx, programme, partnerIds, input.facilitatorUserId, input.coFacilitatorUserIds ?? [])
    if (errors.length > 0) throw fieldUnprocessable(errors, 'I facilitatori non sono validi.')
    const group = await repo.insertGroup(tx, {
      programmeId,
      name: input.name.trim(),
      capacity: input.capacity ?? GROUP_CAPACITY.default,
      cohort: input.cohort,
      requestedTopics: input.requestedTopics ?? [],
      createdBy: caller.principal.userId,
    })
    await repo.replaceFacilitators(tx, group.id, resolved)
    await recordAudit(tx, caller.actor, [{ action: 'create', resourceType: 'group', resourceId: group.id, organisationId: programme.ownerMunicipalityId, changedFields: Object.keys(input) }])
    await recordDomainEvent(tx, caller.actor, groupEvent(programme, 'group', group.id, 'group.created', { programmeId }))
    return groupResponse(tx, group, programme, { asManager: true, asFacilitator: resolved.some((f) => f.userId === caller.principal.userId) })
  })
}

export async function readGroup(db: Database, caller: Caller, groupId: string): Promise<Group> {
  const { group, programme, relation } = await loadGroupAccess(db, caller.principal, groupId, 'read')
  caller.auditRead('group', groupId, programme.ownerMunicipalityId)
  return groupResponse(db, group, programme, relation)
}

export async function listGroups(db: Database, caller: Caller, query: GroupListQuery & { programmeId?: string }): Promise<GroupPage> {
  if (query.programmeId) await loadProgrammeAccess(db, caller.principal, query.programmeId, 'read')
  const limit = query.limit ?? 50
  const rows = await repo.listGroups(db, {
    visible: visibleGroupsCondition(caller.principal),
    ...(query.programmeId ? { programmeId: query.programmeId } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.facilitatedByMe ? { facilitatedBy: caller.principal.userId } : {}),
    afterId: decodeIdCursor(query.cursor),
    limit,
  })
  const page = rows.slice(0, limit)
  const ids = page.map((r) => r.group.id)
  const data = await loadGroupData(db, ids)
  const facilitators = await repo.facilitatorsOf(db, ids)
  const items = page.map(({ group, programme }) => {
    const d = data.get(group.id)!
    return {
      id: group.id,
      programme: { id: programme.id, name: programme.name },
      name: group.name,
      capacity: group.capacity,
      cohort: group.cohort,
      status: group.status,
      activeMembers: d.members.filter((m) => m.row.status === 'active').length,
      alertsCount: alertsOf(group, d).length,
      nextSession: nextSessionOf(d),
      facilitators: toFacilitators(facilitators, group.id),
    }
  })
  return { items, nextCursor: rows.length > limit ? toPage(rows, limit, (r) => r, (r) => [r.group.id]).nextCursor : null }
}

export async function updateGroup(db: Database, caller: Caller, groupId: string, expectedVersion: number, patch: GroupPatch): Promise<Group> {
  return db.transaction(async (tx) => {
    const { group, programme, relation } = await loadGroupAccess(tx, caller.principal, groupId, 'facilitate', { forUpdate: true })
    assertVersion(group.version, expectedVersion)
    if (group.status === 'completed' || group.status === 'cancelled') throw conflict('group-closed', 'Il gruppo è concluso o annullato.')
    const managerOnly = patch.capacity !== undefined || patch.facilitatorUserId !== undefined || patch.coFacilitatorUserIds !== undefined
    if (managerOnly && !relation.asManager) throw forbidden('Capienza e facilitatori li cambia un coordinatore del comune.')
    const changes: repo.GroupChanges = {}
    if (patch.name !== undefined) changes.name = patch.name.trim()
    if (patch.cohort !== undefined) changes.cohort = patch.cohort
    if (patch.requestedTopics !== undefined) changes.requestedTopics = patch.requestedTopics
    if (patch.capacity !== undefined) {
      const active = await repo.countActiveMembers(tx, groupId)
      if (patch.capacity < active) throw unprocessable([{ rule: 'group_capacity_below_members', value: patch.capacity, limit: active, detail: `La capienza non può scendere sotto i membri attivi (${active}).` }])
      changes.capacity = patch.capacity
    }
    const fields = changedFields(group as unknown as Record<string, unknown>, changes as Record<string, unknown>)
    if (patch.facilitatorUserId !== undefined || patch.coFacilitatorUserIds !== undefined) {
      const current = await repo.facilitatorsOf(tx, [groupId])
      const lead = patch.facilitatorUserId ?? current.find((f) => f.lead)!.userId
      const co = patch.coFacilitatorUserIds ?? current.filter((f) => !f.lead).map((f) => f.userId)
      const { partnerIds } = await loadProgrammeAccess(tx, caller.principal, programme.id, 'read')
      const { resolved, errors } = await resolveFacilitators(tx, programme, partnerIds, lead, co)
      if (errors.length > 0) throw fieldUnprocessable(errors, 'I facilitatori non sono validi.')
      await repo.replaceFacilitators(tx, groupId, resolved)
      fields.push('facilitators')
    }
    if (fields.length === 0) return groupResponse(tx, group, programme, relation)
    const updated = await repo.updateGroup(tx, groupId, changes)
    await recordAudit(tx, caller.actor, [{ action: 'update', resourceType: 'group', resourceId: groupId, organisationId: programme.ownerMunicipalityId, changedFields: fields }])
    await recordDomainEvent(tx, caller.actor, groupEvent(programme, 'group', groupId, 'group.updated', { changedFields: fields }))
    return groupResponse(tx, updated, programme, { ...relation })
  })
}

export async function transitionGroup(db: Database, caller: Caller, groupId: string, expectedVersion: number, request: GroupTransitionRequest): Promise<Group> {
  return db.transaction(async (tx) => {
    const { group, programme, relation } = await loadGroupAccess(tx, caller.principal, groupId, 'facilitate', { forUpdate: true })
    assertVersion(group.version, expectedVersion)
    const from = group.status
    if (!allowedGroupTransitions(relation, from).includes(request.to)) {
      if (request.to === 'cancelled' && from === 'planned') throw forbidden('Solo un coordinatore del comune può annullare un gruppo.')
      throw transitionNotAllowed(from, request.to)
    }
    if (request.to === 'running') {
      const sessions = await repo.sessionsOf(tx, [groupId])
      const violations = []
      if (!sessions.some((s) => s.kind === 'talk')) violations.push({ rule: 'group_sessions_not_planned', detail: 'Pianifica gli incontri prima di avviare il gruppo.' })
      if ((await repo.countActiveMembers(tx, groupId)) === 0) violations.push({ rule: 'group_without_members', detail: 'Aggiungi almeno un membro prima di avviare il gruppo.' })
      if (violations.length > 0) throw unprocessable(violations, 'Il gruppo non può ancora partire.')
    }
    if (request.to === 'completed') await repo.completeActiveMembers(tx, groupId)
    const updated = await repo.updateGroup(tx, groupId, { status: request.to })
    await recordAudit(tx, caller.actor, [{ action: 'transition', resourceType: 'group', resourceId: groupId, organisationId: programme.ownerMunicipalityId, changedFields: ['status'] }])
    await recordDomainEvent(tx, caller.actor, groupEvent(programme, 'group', groupId, 'group.transitioned', { from, to: request.to }))
    return groupResponse(tx, updated, programme, relation)
  })
}

// ---------------------------------------------------------------------------------------------
// Members

export async function addMember(db: Database, caller: Caller, groupId: string, input: GroupMemberCreate): Promise<Group> {
  return db.transaction(async (tx) => {
    // The group's row lock serialises concurrent additions: capacity is counted under it.
    const { group, programme, relation } = await loadGroupAccess(tx, caller.principal, groupId, 'facilitate', { forUpdate: true })
    if (group.status === 'completed' || group.status === 'cancelled') throw conflict('group-closed', 'Il gruppo è concluso o annullato.')
    if (group.status === 'running' && group.cohort === 'closed') throw conflict('cohort-closed', 'Il gruppo è a gruppo chiuso ed è già partito: non accoglie nuovi membri.')
    const [application] = await tx.select().from(groupApplications).where(eq(groupApplications.id, input.applicationId))
    if (!application || application.programmeId !== programme.id) throw fieldUnprocessable([{ pointer: '/applicationId', code: 'not_an_applicant', detail: 'Non è una candidatura di questo programma.' }])
    if (application.status !== 'admitted') throw unprocessable([{ rule: 'application_not_admitted', value: application.status, detail: 'Solo le candidature ammesse entrano in un gruppo.' }])
    const active = await repo.countActiveMembers(tx, groupId)
    if (active >= group.capacity) throw unprocessable([{ rule: 'group_full', value: active + 1, limit: group.capacity, detail: `Il gruppo è al completo (${group.capacity} posti).` }])
    let member
    try {
      member = await repo.insertMember(tx, { groupId, applicationId: input.applicationId, joinedOn: input.joinedOn ?? todayInItaly() })
    } catch (error) {
      if (isUniqueViolation(error, 'group_members_application_key')) throw conflict('already-member', 'La persona fa già parte di un gruppo.')
      throw error
    }
    await repo.updateGroup(tx, groupId, {})
    await recordAudit(tx, caller.actor, [{ action: 'create', resourceType: 'group_member', resourceId: member.id, organisationId: programme.ownerMunicipalityId, changedFields: ['applicationId', 'joinedOn'] }])
    await recordDomainEvent(tx, caller.actor, groupEvent(programme, 'group_member', member.id, 'group_member.added', { groupId }))
    const fresh = (await loadGroupAccess(tx, caller.principal, groupId, 'read')).group
    return groupResponse(tx, fresh, programme, relation)
  })
}

async function loadMemberAccess(db: Db, caller: Caller, memberId: string, options: { forUpdate?: boolean } = {}) {
  const member = await repo.findMember(db, memberId, options)
  if (!member) throw notFound('Il membro del gruppo')
  try {
    return { member, ...(await loadGroupAccess(db, caller.principal, member.groupId, 'facilitate')) }
  } catch (error) {
    if ((error as { status?: number }).status === 404) throw notFound('Il membro del gruppo')
    throw error
  }
}

export async function dropOut(db: Database, caller: Caller, memberId: string, expectedVersion: number, input: GroupDropOutRequest): Promise<GroupMember> {
  return db.transaction(async (tx) => {
    const { member, group, programme } = await loadMemberAccess(tx, caller, memberId, { forUpdate: true })
    assertVersion(member.version, expectedVersion)
    if (member.status !== 'active') throw conflict('member-not-active', 'La persona non è più un membro attivo del gruppo.')
    const date = input.date ?? todayInItaly()
    if (date < member.joinedOn || date > todayInItaly()) throw fieldUnprocessable([{ pointer: '/date', code: 'date_out_of_range', detail: 'La data del ritiro va dall\'ingresso nel gruppo a oggi.' }])
    await repo.updateMember(tx, memberId, { status: 'dropped_out', dropOutReason: input.reason, droppedOutOn: date })
    await recordAudit(tx, caller.actor, [{ action: 'transition', resourceType: 'group_member', resourceId: memberId, organisationId: programme.ownerMunicipalityId, changedFields: ['status', 'dropOutReason'] }])
    await recordDomainEvent(tx, caller.actor, groupEvent(programme, 'group_member', memberId, 'group_member.dropped_out', { groupId: group.id, reason: input.reason }))
    const data = (await loadGroupData(tx, [group.id])).get(group.id)!
    return toMember(data.members.find((m) => m.row.id === memberId)!, data)
  })
}

export async function listAlerts(db: Database, caller: Caller): Promise<{ items: GroupAbsenceAlert[] }> {
  const rows = await repo.listGroups(db, { visible: visibleGroupsCondition(caller.principal), status: 'running', afterId: null, limit: 200 })
  const data = await loadGroupData(db, rows.map((r) => r.group.id))
  return { items: rows.flatMap(({ group }) => alertsOf(group, data.get(group.id)!)) }
}

// ---------------------------------------------------------------------------------------------
// Sessions

function toSession(s: GroupSessionRow, data: GroupData): GroupSession {
  const rows = data.attendance.filter((a) => a.sessionId === s.id)
  return {
    id: s.id,
    groupId: s.groupId,
    kind: s.kind,
    number: s.number,
    topic: s.topic,
    date: s.date,
    startTime: s.startTime,
    durationMinutes: s.durationMinutes,
    place: s.place,
    status: s.status,
    movedFrom: s.movedFrom,
    changeReason: s.changeReason,
    themes: s.themes as GroupSession['themes'],
    attendance: {
      present: rows.filter((a) => a.status === 'present').length,
      absentJustified: rows.filter((a) => a.status === 'absent_justified').length,
      absentUnjustified: rows.filter((a) => a.status === 'absent_unjustified').length,
    },
    version: s.version,
  }
}

export async function listSessions(db: Database, caller: Caller, groupId: string): Promise<GroupSessionList> {
  await loadGroupAccess(db, caller.principal, groupId, 'read')
  const data = (await loadGroupData(db, [groupId])).get(groupId)!
  return { items: data.sessions.map((s) => toSession(s, data)) }
}

const assertOpenForSessions = (group: GroupRow) => {
  if (group.status !== 'planned' && group.status !== 'running') throw conflict('group-closed', 'Il gruppo è concluso o annullato.')
}

export async function planSessions(db: Database, caller: Caller, groupId: string, input: GroupSessionPlanRequest): Promise<GroupSessionPlan> {
  return db.transaction(async (tx) => {
    const { group, programme } = await loadGroupAccess(tx, caller.principal, groupId, 'facilitate', { forUpdate: true })
    assertOpenForSessions(group)
    const plan = planTalkSessions(input.startDate, input.weekday, programme.localClosures)
    const durationMinutes = input.durationMinutes ?? 120
    const place = input.place.trim()
    const shape = (id: string | null, p: { number: number; date: string }) => ({ id, number: p.number, date: p.date, startTime: input.startTime, durationMinutes, place })
    if (input.dryRun) return { saved: false, sessions: plan.sessions.map((p) => shape(null, p)), skipped: plan.skipped }
    const existing = await repo.sessionsOf(tx, [groupId])
    if (existing.some((s) => s.kind === 'talk')) throw conflict('sessions-already-planned', 'Gli incontri del gruppo sono già pianificati: spostali o annullali uno per uno.')
    const inserted = await repo.insertSessions(
      tx,
      plan.sessions.map((p) => ({ groupId, kind: 'talk' as const, number: p.number, date: p.date, startTime: input.startTime, durationMinutes, place })),
    )
    await repo.updateGroup(tx, groupId, {})
    await recordAudit(tx, caller.actor, [{ action: 'create', resourceType: 'group_session', resourceId: groupId, organisationId: programme.ownerMunicipalityId, changedFields: ['plan'] }])
    await recordDomainEvent(tx, caller.actor, groupEvent(programme, 'group', groupId, 'group_sessions.planned', { sessions: inserted.length, first: plan.sessions[0]?.date, last: plan.sessions.at(-1)?.date }))
    return { saved: true, sessions: inserted.sort((a, b) => a.number! - b.number!).map((s) => shape(s.id, { number: s.number!, date: s.date })), skipped: plan.skipped }
  })
}

function closedDateErrors(date: string, programme: GroupProgrammeRow, pointer: string): ProblemFieldError[] {
  const reason = italianHolidayOn(date) ?? localClosureOn(date, programme.localClosures)
  return reason ? [{ pointer, code: 'date_closed', detail: `Il ${date} è festivo o di chiusura (${reason}).` }] : []
}

export async function addThematicSession(db: Database, caller: Caller, groupId: string, input: GroupThematicSessionCreate): Promise<GroupSession> {
  return db.transaction(async (tx) => {
    const { group, programme } = await loadGroupAccess(tx, caller.principal, groupId, 'facilitate', { forUpdate: true })
    assertOpenForSessions(group)
    const errors = closedDateErrors(input.date, programme, '/date')
    if (!group.requestedTopics.includes(input.topic)) errors.push({ pointer: '/topic', code: 'topic_not_requested', detail: 'Il tema non è tra quelli chiesti dal gruppo: aggiungilo prima ai temi richiesti.' })
    if (errors.length > 0) throw fieldUnprocessable(errors, 'L\'incontro tematico non rispetta le regole.')
    const [session] = await repo.insertSessions(tx, [{ groupId, kind: 'thematic', topic: input.topic, date: input.date, startTime: input.startTime, durationMinutes: input.durationMinutes ?? 120, place: input.place.trim() }])
    await repo.updateGroup(tx, groupId, {})
    await recordAudit(tx, caller.actor, [{ action: 'create', resourceType: 'group_session', resourceId: session!.id, organisationId: programme.ownerMunicipalityId, changedFields: Object.keys(input) }])
    await recordDomainEvent(tx, caller.actor, groupEvent(programme, 'group_session', session!.id, 'group_session.created', { groupId, kind: 'thematic', topic: input.topic, date: input.date }))
    return toSession(session!, { members: [], sessions: [], attendance: [] })
  })
}

async function loadSessionAccess(db: Db, caller: Caller, sessionId: string, right: 'read' | 'facilitate', options: { forUpdate?: boolean } = {}) {
  const session = await repo.findSession(db, sessionId, options)
  if (!session) throw notFound('L\'incontro')
  try {
    return { session, ...(await loadGroupAccess(db, caller.principal, session.groupId, right)) }
  } catch (error) {
    if ((error as { status?: number }).status === 404) throw notFound('L\'incontro')
    throw error
  }
}

export async function moveSession(db: Database, caller: Caller, sessionId: string, expectedVersion: number, input: GroupSessionMove): Promise<GroupSession> {
  return db.transaction(async (tx) => {
    const { session, group, programme } = await loadSessionAccess(tx, caller, sessionId, 'facilitate', { forUpdate: true })
    assertVersion(session.version, expectedVersion)
    assertOpenForSessions(group)
    if (session.status !== 'planned') throw conflict('session-not-planned', 'Si spostano solo gli incontri non ancora tenuti né annullati.')
    const errors = closedDateErrors(input.date, programme, '/date')
    if (input.date < todayInItaly()) errors.push({ pointer: '/date', code: 'date_in_past', detail: 'Non si sposta un incontro nel passato.' })
    if (errors.length > 0) throw fieldUnprocessable(errors, 'La nuova data non è valida.')
    const updated = await repo.updateSession(tx, sessionId, {
      date: input.date,
      ...(input.startTime ? { startTime: input.startTime } : {}),
      ...(input.place ? { place: input.place.trim() } : {}),
      movedFrom: session.movedFrom ?? session.date,
      changeReason: input.reason,
    })
    await recordAudit(tx, caller.actor, [{ action: 'update', resourceType: 'group_session', resourceId: sessionId, organisationId: programme.ownerMunicipalityId, changedFields: ['date', 'changeReason'] }])
    // Members are told through the outbox: the webhooks deliver `group_session.moved` to the municipality's and the partners' systems.
    await recordDomainEvent(tx, caller.actor, {
      ...groupEvent(programme, 'group_session', sessionId, 'group_session.moved', { groupId: group.id, from: session.date, to: input.date, reason: input.reason, notify: 'members' }),
      audience: await partnersOf(tx, programme.id),
    })
    const data = (await loadGroupData(tx, [group.id])).get(group.id)!
    return toSession(updated, data)
  })
}

export async function cancelSession(db: Database, caller: Caller, sessionId: string, expectedVersion: number, input: GroupSessionCancel): Promise<GroupSession> {
  return db.transaction(async (tx) => {
    const { session, group, programme } = await loadSessionAccess(tx, caller, sessionId, 'facilitate', { forUpdate: true })
    assertVersion(session.version, expectedVersion)
    assertOpenForSessions(group)
    if (session.status !== 'planned') throw conflict('session-not-planned', 'Si annullano solo gli incontri non ancora tenuti.')
    const updated = await repo.updateSession(tx, sessionId, { status: 'cancelled', changeReason: input.reason })
    await recordAudit(tx, caller.actor, [{ action: 'transition', resourceType: 'group_session', resourceId: sessionId, organisationId: programme.ownerMunicipalityId, changedFields: ['status', 'changeReason'] }])
    await recordDomainEvent(tx, caller.actor, {
      ...groupEvent(programme, 'group_session', sessionId, 'group_session.cancelled', { groupId: group.id, date: session.date, reason: input.reason, notify: 'members' }),
      audience: await partnersOf(tx, programme.id),
    })
    return toSession(updated, { members: [], sessions: [], attendance: [] })
  })
}

export async function updateSession(db: Database, caller: Caller, sessionId: string, expectedVersion: number, patch: GroupSessionPatch): Promise<GroupSession> {
  return db.transaction(async (tx) => {
    const { session, group, programme } = await loadSessionAccess(tx, caller, sessionId, 'facilitate', { forUpdate: true })
    assertVersion(session.version, expectedVersion)
    if (session.status === 'cancelled') throw conflict('session-cancelled', 'L\'incontro è annullato.')
    const changes: Parameters<typeof repo.updateSession>[2] = {}
    if (patch.themes !== undefined) changes.themes = patch.themes
    if (patch.place !== undefined) changes.place = patch.place.trim()
    const fields = changedFields(session as unknown as Record<string, unknown>, changes as Record<string, unknown>)
    const data = (await loadGroupData(tx, [group.id])).get(group.id)!
    if (fields.length === 0) return toSession(session, data)
    const updated = await repo.updateSession(tx, sessionId, changes)
    await recordAudit(tx, caller.actor, [{ action: 'update', resourceType: 'group_session', resourceId: sessionId, organisationId: programme.ownerMunicipalityId, changedFields: fields }])
    await recordDomainEvent(tx, caller.actor, groupEvent(programme, 'group_session', sessionId, 'group_session.updated', { groupId: group.id, changedFields: fields }))
    return toSession(updated, data)
  })
}

/** Members expected at a session: joined by its date and not left before it. */
const expectedAt = (m: repo.MemberView, date: string) => m.row.joinedOn <= date && !(m.row.status === 'dropped_out' && m.row.droppedOutOn! < date)

function attendanceResponse(session: GroupSessionRow, group: GroupRow, data: GroupData): GroupSessionAttendance {
  const recorded = new Map(data.attendance.filter((a) => a.sessionId === session.id).map((a) => [a.memberId, a.status]))
  return {
    session: toSession(session, data),
    entries: data.members.filter((m) => expectedAt(m, session.date) || recorded.has(m.row.id)).map((m) => ({ memberId: m.row.id, givenName: m.givenName, familyName: m.familyName, status: recorded.get(m.row.id) ?? null })),
    alerts: alertsOf(group, data),
  }
}

export async function readAttendance(db: Database, caller: Caller, sessionId: string): Promise<GroupSessionAttendance> {
  const { session, group, programme } = await loadSessionAccess(db, caller, sessionId, 'read')
  caller.auditRead('group_session', sessionId, programme.ownerMunicipalityId, 'attendance')
  const data = (await loadGroupData(db, [group.id])).get(group.id)!
  return attendanceResponse(session, group, data)
}

export async function recordAttendance(db: Database, caller: Caller, sessionId: string, expectedVersion: number, input: GroupSessionAttendanceUpdate): Promise<GroupSessionAttendance> {
  return db.transaction(async (tx) => {
    const { session, group, programme } = await loadSessionAccess(tx, caller, sessionId, 'facilitate', { forUpdate: true })
    assertVersion(session.version, expectedVersion)
    if (session.status === 'cancelled') throw conflict('session-cancelled', 'L\'incontro è annullato: non ha presenze.')
    if (group.status !== 'running' && group.status !== 'completed') throw conflict('group-not-running', 'Le presenze si registrano quando il gruppo è partito.')
    if (session.date > todayInItaly()) throw unprocessable([{ rule: 'session_in_future', value: session.date, detail: 'Le presenze si registrano dal giorno dell\'incontro.' }])
    const before = (await loadGroupData(tx, [group.id])).get(group.id)!
    const errors: ProblemFieldError[] = []
    const ids = input.entries.map((e) => e.memberId)
    input.entries.forEach((e, i) => {
      const member = before.members.find((m) => m.row.id === e.memberId)
      if (!member || !expectedAt(member, session.date)) errors.push({ pointer: `/entries/${i}/memberId`, code: 'not_expected', detail: 'Non è un membro del gruppo a quella data.' })
      if (ids.indexOf(e.memberId) !== i) errors.push({ pointer: `/entries/${i}/memberId`, code: 'repeated', detail: 'Membro ripetuto.' })
    })
    if (errors.length > 0) throw fieldUnprocessable(errors, 'Le presenze non sono valide.')
    await repo.upsertAttendance(tx, sessionId, caller.principal.userId, input.entries)
    const updated = await repo.updateSession(tx, sessionId, { status: 'held' })
    const after = (await loadGroupData(tx, [group.id])).get(group.id)!
    await recordAudit(tx, caller.actor, [{ action: 'update', resourceType: 'group_session', resourceId: sessionId, organisationId: programme.ownerMunicipalityId, changedFields: ['attendance'] }])
    const events: DomainEvent[] = [groupEvent(programme, 'group_session', sessionId, 'group_session.attendance_recorded', { groupId: group.id, entries: input.entries.length })]
    for (const id of ids) {
      const was = memberAttendance(before, id).streak
      const now = memberAttendance(after, id).streak
      if (raisesAlert(now) && !raisesAlert(was)) events.push(groupEvent(programme, 'group_member', id, 'group_member.absence_alert_raised', { groupId: group.id, streak: now }))
    }
    await recordDomainEvent(tx, caller.actor, ...events)
    return attendanceResponse(updated, group, after)
  })
}

// ---------------------------------------------------------------------------------------------
// Calendar

const icsEscape = (text: string) => text.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\n/g, '\\n')
const icsLocal = (date: string, time: string) => `${date.replaceAll('-', '')}T${time.replace(':', '')}00`

/** Adds minutes to a local date and time, crossing midnight when it must. */
function endOf(date: string, time: string, minutes: number) {
  const [h, m] = time.split(':').map(Number) as [number, number]
  const total = h * 60 + m + minutes
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + Math.floor(total / 1440))
  const rest = total % 1440
  return { date: d.toISOString().slice(0, 10), time: `${String(Math.floor(rest / 60)).padStart(2, '0')}:${String(rest % 60).padStart(2, '0')}` }
}

/** Folds a content line at 75 octets (RFC 5545 §3.1). */
function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8')
  if (bytes.length <= 75) return line
  const parts: string[] = []
  let current = ''
  for (const ch of line) {
    if (Buffer.byteLength(current + ch, 'utf8') > (parts.length === 0 ? 75 : 74)) {
      parts.push(current)
      current = ''
    }
    current += ch
  }
  parts.push(current)
  return parts.join('\r\n ')
}

const TOPIC_LABELS: Record<string, string> = {
  cv_and_cover_letter: 'CV e lettera di presentazione',
  job_interview: 'Il colloquio di lavoro',
  online_job_search: 'Cercare lavoro online',
  contracts_and_labour_rights: 'Contratti e diritti del lavoro',
  training_opportunities: 'Opportunità di formazione',
  self_employment: 'Lavoro autonomo',
  digital_skills: 'Competenze digitali',
  employment_services: 'Servizi per il lavoro',
}

/** The group's sessions as iCalendar (RFC 5545): logistics only, no names of members. */
export async function calendar(db: Database, caller: Caller, groupId: string, publicUrl: string): Promise<string> {
  const { group } = await loadGroupAccess(db, caller.principal, groupId, 'read')
  const sessions = await repo.sessionsOf(db, [groupId])
  const host = new URL(publicUrl).host || 'ponte'
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Ponte//Gruppi di auto mutuo aiuto//IT',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${icsEscape(group.name)}`,
    'X-WR-TIMEZONE:Europe/Rome',
    'BEGIN:VTIMEZONE',
    'TZID:Europe/Rome',
    'BEGIN:DAYLIGHT',
    'TZOFFSETFROM:+0100',
    'TZOFFSETTO:+0200',
    'TZNAME:CEST',
    'DTSTART:19700329T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
    'END:DAYLIGHT',
    'BEGIN:STANDARD',
    'TZOFFSETFROM:+0200',
    'TZOFFSETTO:+0100',
    'TZNAME:CET',
    'DTSTART:19701025T030000',
    'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
    'END:STANDARD',
    'END:VTIMEZONE',
  ]
  for (const s of sessions) {
    const end = endOf(s.date, s.startTime, s.durationMinutes)
    const summary = s.kind === 'talk' ? `${group.name} — incontro ${s.number}/16` : `${group.name} — incontro tematico: ${TOPIC_LABELS[s.topic!] ?? s.topic}`
    lines.push(
      'BEGIN:VEVENT',
      `UID:${s.id}@${host}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;TZID=Europe/Rome:${icsLocal(s.date, s.startTime)}`,
      `DTEND;TZID=Europe/Rome:${icsLocal(end.date, end.time)}`,
      `SUMMARY:${icsEscape(summary)}`,
      `LOCATION:${icsEscape(s.place)}`,
      `STATUS:${s.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
      `SEQUENCE:${s.version - 1}`,
      'END:VEVENT',
    )
  }
  lines.push('END:VCALENDAR')
  return lines.map(fold).join('\r\n') + '\r\n'
}

// ---------------------------------------------------------------------------------------------
// Outcomes

export async function readOutcomes(db: Database, caller: Caller, groupId: string): Promise<GroupOutcomes> {
  const { group, programme } = await loadGroupAccess(db, caller.principal, groupId, 'read')
  caller.auditRead('group', groupId, programme.ownerMunicipalityId, 'outcomes')
  const data = (await loadGroupData(db, [groupId])).get(groupId)!
  const memberIds = data.members.map((m) => m.row.id)
  const outcomes = await repo.outcomesOf(db, memberIds)
  const followUps = await repo.followUpsOf(db, memberIds)
  const lastSessionDate = group.status === 'completed' ? (data.sessions.filter((s) => s.status !== 'cancelled').at(-1)?.date ?? null) : null
  const dueDates = followUpDueDates(lastSessionDate)
  const items = data.members.map((m) => {
    const o = outcomes.find((x) => x.memberId === m.row.id)
    return {
      memberId: m.row.id,
      givenName: m.givenName,
      familyName: m.familyName,
      memberStatus: m.row.status,
      wellbeingEntry: o?.wellbeingEntry ?? null,
      selfEfficacyEntry: o?.selfEfficacyEntry ?? null,
      wellbeingEnd: o?.wellbeingEnd ?? null,
      selfEfficacyEnd: o?.selfEfficacyEnd ?? null,
      jobSearchActions: (o?.jobSearchActions ?? []) as GroupOutcomes['items'][number]['jobSearchActions'],
      referrals: (o?.referrals ?? []) as GroupOutcomes['items'][number]['referrals'],
      followUps: dueDates.map((d) => {
        const f = followUps.find((x) => x.memberId === m.row.id && x.months === d.months)
        return { months: d.months, dueOn: d.dueOn, status: f?.status ?? null, recordedOn: f?.recordedOn ?? null }
      }),
      version: o?.version ?? 1,
    }
  })
  const avg = (values: (number | null)[]) => {
    const present = values.filter((v): v is number => v !== null)
    return present.length === 0 ? null : Math.round((present.reduce((a, b) => a + b, 0) / present.length) * 100) / 100
  }
  const rates = data.members.map((m) => memberAttendance(data, m.row.id).rate)
  return {
    groupId,
    lastSessionDate,
    items,
    summary: {
      members: data.members.length,
      retainedToEnd: data.members.filter((m) => m.row.status !== 'dropped_out').length,
      averageAttendanceRate: avg(rates),
      averageWellbeingEntry: avg(items.map((i) => i.wellbeingEntry)),
      averageWellbeingEnd: avg(items.map((i) => i.wellbeingEnd)),
      averageSelfEfficacyEntry: avg(items.map((i) => i.selfEfficacyEntry)),
      averageSelfEfficacyEnd: avg(items.map((i) => i.selfEfficacyEnd)),
    },
  }
}

export async function recordOutcome(db: Database, caller: Caller, memberId: string, expectedVersion: number | undefined, input: GroupMemberOutcomeUpdate): Promise<GroupOutcomes> {
  const groupId = await db.transaction(async (tx) => {
    const { member, group, programme } = await loadMemberAccess(tx, caller, memberId, { forUpdate: true })
    if (group.status === 'cancelled') throw conflict('group-closed', 'Il gruppo è annullato.')
    const [existing] = await repo.outcomesOf(tx, [memberId])
    if (existing) {
      if (expectedVersion === undefined) throw preconditionRequired()
      assertVersion(existing.version, expectedVersion)
    }
    const values: Parameters<typeof repo.upsertOutcome>[2] = {}
    for (const key of ['wellbeingEntry', 'selfEfficacyEntry', 'wellbeingEnd', 'selfEfficacyEnd', 'jobSearchActions', 'referrals'] as const) {
      if (input[key] !== undefined) (values as Record<string, unknown>)[key] = input[key]
    }
    if ((input.wellbeingEnd != null || input.selfEfficacyEnd != null) && group.status !== 'completed' && member.status === 'active') {
      throw unprocessable([{ rule: 'outcome_end_too_early', detail: 'Le scale finali si registrano alla fine del gruppo o all\'uscita della persona.' }])
    }
    await repo.upsertOutcome(tx, memberId, values)
    await recordAudit(tx, caller.actor, [{ action: existing ? 'update' : 'create', resourceType: 'group_member_outcome', resourceId: memberId, organisationId: programme.ownerMunicipalityId, changedFields: Object.keys(values) }])
    await recordDomainEvent(tx, caller.actor, groupEvent(programme, 'group_member', memberId, 'group_member.outcome_recorded', { groupId: group.id, changedFields: Object.keys(values) }))
    return group.id
  })
  return readOutcomes(db, caller, groupId)
}

export async function recordFollowUp(db: Database, caller: Caller, memberId: string, months: number, input: GroupFollowUpRecord): Promise<GroupOutcomes> {
  const groupId = await db.transaction(async (tx) => {
    const { group, programme } = await loadMemberAccess(tx, caller, memberId, { forUpdate: true })
    const sessions = await repo.sessionsOf(tx, [group.id])
    const last = group.status === 'completed' ? (sessions.filter((s) => s.status !== 'cancelled').at(-1)?.date ?? null) : null
    const due = followUpDueDates(last).find((d) => d.months === months)
    const today = todayInItaly()
    if (!due?.dueOn || due.dueOn > today) throw unprocessable([{ rule: 'follow_up_not_due', value: months, ...(due?.dueOn ? { limit: due.dueOn } : {}), detail: 'Il follow-up non è ancora dovuto: si registra dopo la scadenza.' }])
    const recordedOn = input.recordedOn ?? today
    if (recordedOn > today || recordedOn < due.dueOn) throw fieldUnprocessable([{ pointer: '/recordedOn', code: 'date_out_of_range', detail: 'La data va dalla scadenza a oggi.' }])
    await repo.upsertFollowUp(tx, { memberId, months, status: input.status, recordedOn, recordedBy: caller.principal.userId })
    await recordAudit(tx, caller.actor, [{ action: 'update', resourceType: 'group_member_follow_up', resourceId: memberId, organisationId: programme.ownerMunicipalityId, changedFields: [`followUp${months}`] }])
    await recordDomainEvent(tx, caller.actor, groupEvent(programme, 'group_member', memberId, 'group_member.follow_up_recorded', { groupId: group.id, months, status: input.status }))
    return group.id
  })
  return readOutcomes(db, caller, groupId)
}

export async function listFollowUpsDue(db: Database, caller: Caller): Promise<GroupFollowUpDueList> {
  const rows = await repo.listGroups(db, { visible: visibleGroupsCondition(caller.principal), status: 'completed', afterId: null, limit: 200 })
  const today = todayInItaly()
  const items: GroupFollowUpDueList['items'] = []
  for (const { group } of rows) {
    const data = (await loadGroupData(db, [group.id])).get(group.id)!
    const last = data.sessions.filter((s) => s.status !== 'cancelled').at(-1)?.date ?? null
    const done = await repo.followUpsOf(db, data.members.map((m) => m.row.id))
    for (const d of followUpDueDates(last)) {
      if (!d.dueOn || d.dueOn > today) continue
      for (const m of data.members.filter((x) => x.row.status === 'completed')) {
        if (done.some((f) => f.memberId === m.row.id && f.months === d.months)) continue
        items.push({ groupId: group.id, groupName: group.name, memberId: m.row.id, givenName: m.givenName, familyName: m.familyName, phone: m.phone, months: d.months, dueOn: d.dueOn })
      }
    }
  }
  items.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.familyName.localeCompare(b.familyName))
  return { items }
}

// ---------------------------------------------------------------------------------------------
// A case's participation

export async function caseParticipation(db: Database, caller: Caller, scope: CaseScope): Promise<CaseGroupParticipationList> {
  const { row, access } = scope
  // Partners reading a referred case's working profile do not learn about groups.
  if (!isMunicipalCaseStaff(access)) throw notFound('Il caso')
  const rows = await repo.participationsOfPerson(db, row.personId)
  const memberIds = rows.flatMap((r) => (r.member ? [r.member.id] : []))
  const attendance = await repo.attendanceOfMembers(db, memberIds)
  return {
    items: rows.map((r) => {
      const records = r.member ? attendance.filter((a) => a.memberId === r.member!.id) : []
      const present = records.filter((a) => a.status === 'present').length
      return {
        programme: { id: r.application.programmeId, name: r.programmeName },
        applicationStatus: r.application.status,
        inGroup: r.member !== null,
        memberStatus: r.member?.status ?? null,
        attendanceRate: records.length === 0 ? null : Math.round((present / records.length) * 1000) / 1000,
      }
    }),
  }
}

export type { GroupStatus }
