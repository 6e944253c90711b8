/**
 * Rules of socially useful work (DOMAIN.md §5): projects with sites and seats by category, the
 * assignments of people with a case (status diagram; seats never overbooked, the project row locked
 * while seats are counted), and the attendance register with the weekly limit. Every write records
 * its audit entry and domain event in its transaction; every read of a person's data is audited.
 */
import {
  PUC_SEAT_CATEGORIES,
  PUC_STATUSES_WITH_REASON,
  type ProblemFieldError,
  type ProblemViolation,
  type PucAssignment,
  type PucAssignmentCreate,
  type PucAssignmentListQuery,
  type PucAssignmentPage,
  type PucAssignmentPatch,
  type PucAssignmentTransitionRequest,
  type PucAttendanceDay,
  type PucAttendanceEntry,
  type PucAttendanceList,
  type PucAttendanceWeek,
  type PucAttendanceWeekUpdate,
  type PucCandidateList,
  type PucCandidateQuery,
  type PucProject,
  type PucProjectCreate,
  type PucProjectListQuery,
  type PucProjectPage,
  type PucProjectPatch,
  type PucSeatCategory,
  type PucSeats,
  type PucSeatsInput,
  type PucSite,
  type PucSiteCreate,
  type PucSitePatch,
} from '@ponte/shared'
import type { Database, Db } from '../../db/client.js'
import type { PucAssignmentRow, PucProjectRow, PucSiteRow } from '../../db/schema/index.js'
import { changedFields, recordAudit } from '../../lib/audit.js'
import { todayInItaly } from '../../lib/dates.js'
import { badRequest, conflict, fieldUnprocessable, notFound, preconditionFailed, preconditionRequired, transitionNotAllowed, unprocessable } from '../../lib/errors.js'
import { recordDomainEvent } from '../../lib/events.js'
import { assertVersion, decodeCursor, toPage } from '../../lib/http.js'
import {
  allowedAssignmentTransitions,
  assertManagesSomePuc,
  assignmentPermissions,
  loadAssignmentAccess,
  loadProjectAccess,
  projectPermissions,
  projectRelation,
  showsCase,
  visibleAssignmentsCondition,
  visibleProjectsCondition,
  type AssignmentRelation,
  type ProjectRelation,
} from './puc.policy.js'
import type { Caller } from '../../lib/caller.js'
import type { CaseScope } from '../cases/cases.policy.js'
import type { RegisterData, RegisterSite } from './puc.documents.js'
import * as repo from './puc.repository.js'
import { addDays, assignmentHoursViolations, attendanceDateViolations, datesOfIsoWeek, dayEntryViolations, hoursToMinutes, isoWeekOf, minutesToHours, monthRange, weeklyLimitViolations } from './puc.rules.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function decodeIdCursor(cursor: string | undefined): string | null {
  const values = decodeCursor(cursor, 1)
  if (!values) return null
  if (typeof values[0] !== 'string' || !UUID.test(values[0])) throw badRequest('Il cursore non è valido.', [{ pointer: '/cursor', detail: 'Invalid cursor' }])
  return values[0]
}

const SEAT_COLUMNS = {
  municipality_beneficiaries: 'seatsMunicipality',
  employment_centre_beneficiaries: 'seatsEmploymentCentre',
  volunteers: 'seatsVolunteers',
} as const satisfies Record<PucSeatCategory, keyof PucProjectRow>

const seatTotal = (row: PucProjectRow, category: PucSeatCategory) => row[SEAT_COLUMNS[category]]

function seatsOf(row: PucProjectRow, held: Map<PucSeatCategory, number> | undefined): PucSeats[] {
  return PUC_SEAT_CATEGORIES.map((category) => {
    const total = seatTotal(row, category)
    const taken = held?.get(category) ?? 0
    return { category, total, taken, free: Math.max(0, total - taken) }
  })
}

const seatsInputToColumns = (seats: PucSeatsInput) => ({
  seatsMunicipality: seats.municipalityBeneficiaries,
  seatsEmploymentCentre: seats.employmentCentreBeneficiaries,
  seatsVolunteers: seats.volunteers,
})

const toSite = (row: PucSiteRow): PucSite => ({
  id: row.id,
  projectId: row.projectId,
  name: row.name,
  address: row.address,
  supervisorName: row.supervisorName,
  supervisorPhone: row.supervisorPhone,
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
})

const projectEvent = (row: PucProjectRow, type: string, data: Record<string, unknown> = {}) => ({
  type,
  resourceType: 'puc_project',
  resourceId: row.id,
  ownerOrganisationId: row.ownerMunicipalityId,
  partnerOrganisationId: row.implementingOrganisationId === row.ownerMunicipalityId ? null : row.implementingOrganisationId,
  data,
})

const assignmentEvent = (row: PucAssignmentRow, project: PucProjectRow, type: string, data: Record<string, unknown> = {}) => ({
  type,
  resourceType: 'puc_assignment',
  resourceId: row.id,
  caseId: row.caseId,
  ownerOrganisationId: project.ownerMunicipalityId,
  partnerOrganisationId: project.implementingOrganisationId === project.ownerMunicipalityId ? null : project.implementingOrganisationId,
  data,
})

// ---------------------------------------------------------------------------------------------
// Projects

async function projectResponse(db: Db, relation: ProjectRelation, projectId: string): Promise<PucProject> {
  const view = await repo.findProjectView(db, projectId)
  if (!view) throw notFound('Il progetto PUC')
  // One after the other: inside a transaction the queries share one connection.
  const sites = await repo.sitesOfProjects(db, [projectId])
  const held = await repo.heldSeats(db, [projectId])
  const active = await repo.activeAssignmentCounts(db, [projectId])
  const row = view.row
  return {
    id: row.id,
    ownerMunicipality: { id: row.ownerMunicipalityId, name: view.ownerName },
    implementingOrganisation: { id: row.implementingOrganisationId, name: view.implementerName },
    title: row.title,
    area: row.area,
    description: row.description,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    weeklySchedule: row.weeklySchedule,
    seats: seatsOf(row, held.get(projectId)),
    sites: sites.map(toSite),
    activeAssignments: active.get(projectId) ?? 0,
    permissions: projectPermissions(relation),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

function projectRuleViolations(values: { periodStart: string; periodEnd: string; weeklySchedule: { weekday: number; from: string; to: string }[] }): ProblemFieldError[] {
  const errors: ProblemFieldError[] = []
  if (values.periodStart > values.periodEnd) errors.push({ pointer: '/periodEnd', code: 'period_end_before_start', detail: 'La fine del progetto non può precedere l\'inizio.' })
  values.weeklySchedule.forEach((slot, i) => {
    if (slot.from >= slot.to) errors.push({ pointer: `/weeklySchedule/${i}/to`, code: 'slot_end_before_start', detail: 'L\'orario di fine deve seguire quello di inizio.' })
  })
  return errors
}

async function assertImplementingOrganisation(db: Db, id: string, errors: ProblemFieldError[]) {
  const org = await repo.findOrganisation(db, id)
  if (!org || !org.isActive || org.kind === 'district') {
    errors.push({ pointer: '/implementingOrganisationId', code: 'not_an_implementer', detail: 'L\'ente attuatore deve essere un ente attivo (il comune stesso, una cooperativa, un consorzio o un altro ente).' })
  }
}

export async function createProject(db: Database, caller: Caller, input: PucProjectCreate): Promise<PucProject> {
  const managed = assertManagesSomePuc(caller.principal)
  return db.transaction(async (tx) => {
    const errors = projectRuleViolations(input)
    if (!managed.includes(input.ownerMunicipalityId)) {
      errors.push({ pointer: '/ownerMunicipalityId', code: 'not_your_municipality', detail: 'Puoi creare progetti solo per i comuni di cui gestisci i PUC.' })
    }
    await assertImplementingOrganisation(tx, input.implementingOrganisationId, errors)
    if (errors.length > 0) throw fieldUnprocessable(errors, 'Il progetto non rispetta le regole.')
    const row = await repo.insertProject(tx, {
      ownerMunicipalityId: input.ownerMunicipalityId,
      implementingOrganisationId: input.implementingOrganisationId,
      title: input.title.trim(),
      area: input.area,
      description: input.description.trim(),
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      weeklySchedule: input.weeklySchedule,
      ...seatsInputToColumns(input.seats),
      createdBy: caller.principal.userId,
    })
    for (const site of input.sites ?? []) {
      const created = await repo.insertSite(tx, { projectId: row.id, name: site.name.trim(), address: site.address.trim(), supervisorName: site.supervisorName.trim(), supervisorPhone: site.supervisorPhone ?? null })
      await recordDomainEvent(tx, caller.actor, { ...projectEvent(row, 'puc_site.created'), resourceType: 'puc_site', resourceId: created.id, data: { projectId: row.id } })
    }
    await recordAudit(tx, caller.actor, [{ action: 'create', resourceType: 'puc_project', resourceId: row.id, organisationId: row.ownerMunicipalityId, changedFields: Object.keys(input) }])
    await recordDomainEvent(tx, caller.actor, projectEvent(row, 'puc_project.created'))
    return projectResponse(tx, projectRelation(caller.principal, row), row.id)
  })
}

export async function readProject(db: Database, caller: Caller, projectId: string): Promise<PucProject> {
  const { relation } = await loadProjectAccess(db, caller.principal, projectId, 'read')
  return projectResponse(db, relation, projectId)
}

export async function listProjects(db: Database, caller: Caller, query: PucProjectListQuery): Promise<PucProjectPage> {
  const limit = query.limit ?? 50
  const rows = await repo.listProjects(db, {
    visible: visibleProjectsCondition(caller.principal),
    ...(query.q ? { q: query.q.trim() } : {}),
    ...(query.area ? { area: query.area } : {}),
    ...(query.current ? { currentOn: todayInItaly() } : {}),
    afterId: decodeIdCursor(query.cursor),
    limit,
  })
  const ids = rows.slice(0, limit).map((r) => r.row.id)
  const [sites, held, active] = await Promise.all([repo.sitesOfProjects(db, ids), repo.heldSeats(db, ids), repo.activeAssignmentCounts(db, ids)])
  return toPage(
    rows,
    limit,
    (view) => ({
      id: view.row.id,
      ownerMunicipality: { id: view.row.ownerMunicipalityId, name: view.ownerName },
      implementingOrganisation: { id: view.row.implementingOrganisationId, name: view.implementerName },
      title: view.row.title,
      area: view.row.area,
      periodStart: view.row.periodStart,
      periodEnd: view.row.periodEnd,
      seats: seatsOf(view.row, held.get(view.row.id)),
      sitesCount: sites.filter((s) => s.projectId === view.row.id).length,
      activeAssignments: active.get(view.row.id) ?? 0,
    }),
    (view) => [view.row.id],
  )
}

export async function updateProject(db: Database, caller: Caller, projectId: string, expectedVersion: number, patch: PucProjectPatch): Promise<PucProject> {
  return db.transaction(async (tx) => {
    // The lock serialises seat changes with assignments being created (they lock the same row).
    const { row } = await loadProjectAccess(tx, caller.principal, projectId, 'manage', { forUpdate: true })
    assertVersion(row.version, expectedVersion)
    const changes: repo.ProjectChanges = {}
    if (patch.implementingOrganisationId !== undefined) changes.implementingOrganisationId = patch.implementingOrganisationId
    if (patch.title !== undefined) changes.title = patch.title.trim()
    if (patch.area !== undefined) changes.area = patch.area
    if (patch.description !== undefined) changes.description = patch.description.trim()
    if (patch.periodStart !== undefined) changes.periodStart = patch.periodStart
    if (patch.periodEnd !== undefined) changes.periodEnd = patch.periodEnd
    if (patch.weeklySchedule !== undefined) changes.weeklySchedule = patch.weeklySchedule
    if (patch.seats !== undefined) Object.assign(changes, seatsInputToColumns(patch.seats))
    const next = { ...row, ...changes }
    const errors = projectRuleViolations(next)
    if (patch.implementingOrganisationId !== undefined) await assertImplementingOrganisation(tx, patch.implementingOrganisationId, errors)
    if (errors.length > 0) throw fieldUnprocessable(errors, 'Il progetto non rispetta le regole.')
    if (patch.seats !== undefined) {
      const held = (await repo.heldSeats(tx, [projectId])).get(projectId)
      const violations: ProblemViolation[] = []
      for (const category of PUC_SEAT_CATEGORIES) {
        const taken = held?.get(category) ?? 0
        const total = seatTotal(next, category)
        if (total < taken) violations.push({ rule: 'puc_seats_below_taken', value: total, limit: taken, detail: `I posti "${category}" non possono scendere sotto quelli già occupati (${taken}).` })
      }
      if (violations.length > 0) throw unprocessable(violations, 'I posti non bastano per le assegnazioni in corso.')
    }
    const fields = changedFields(row as unknown as Record<string, unknown>, changes as Record<string, unknown>)
    if (fields.length > 0) {
      const updated = await repo.updateProject(tx, projectId, changes)
      await recordAudit(tx, caller.actor, [{ action: 'update', resourceType: 'puc_project', resourceId: projectId, organisationId: row.ownerMunicipalityId, changedFields: fields }])
      await recordDomainEvent(tx, caller.actor, projectEvent(updated, 'puc_project.updated', { changedFields: fields }))
      if (updated.implementingOrganisationId !== row.implementingOrganisationId && row.implementingOrganisationId !== row.ownerMunicipalityId) {
        // The former implementing organisation no longer sees the project nor its assignments.
        await recordDomainEvent(tx, caller.actor, { ...projectEvent(row, 'puc_project.visibility_lost'), partnerOrganisationId: row.implementingOrganisationId })
      }
    }
    return projectResponse(tx, projectRelation(caller.principal, next), projectId)
  })
}

// ---------------------------------------------------------------------------------------------
// Sites

export async function createSite(db: Database, caller: Caller, projectId: string, input: PucSiteCreate): Promise<PucSite> {
  return db.transaction(async (tx) => {
    const { row } = await loadProjectAccess(tx, caller.principal, projectId, 'manage')
    const site = await repo.insertSite(tx, { projectId, name: input.name.trim(), address: input.address.trim(), supervisorName: input.supervisorName.trim(), supervisorPhone: input.supervisorPhone ?? null })
    await recordAudit(tx, caller.actor, [{ action: 'create', resourceType: 'puc_site', resourceId: site.id, organisationId: row.ownerMunicipalityId, changedFields: Object.keys(input) }])
    await recordDomainEvent(tx, caller.actor, { ...projectEvent(row, 'puc_site.created'), resourceType: 'puc_site', resourceId: site.id, data: { projectId } })
    return toSite(site)
  })
}

export async function updateSite(db: Database, caller: Caller, projectId: string, siteId: string, expectedVersion: number, patch: PucSitePatch): Promise<PucSite> {
  return db.transaction(async (tx) => {
    const { row } = await loadProjectAccess(tx, caller.principal, projectId, 'manage')
    const site = await repo.findSite(tx, siteId)
    if (!site || site.projectId !== projectId) throw notFound('La postazione')
    assertVersion(site.version, expectedVersion)
    const changes: Parameters<typeof repo.updateSite>[2] = {}
    if (patch.name !== undefined) changes.name = patch.name.trim()
    if (patch.address !== undefined) changes.address = patch.address.trim()
    if (patch.supervisorName !== undefined) changes.supervisorName = patch.supervisorName.trim()
    if (patch.supervisorPhone !== undefined) changes.supervisorPhone = patch.supervisorPhone
    const fields = changedFields(site as unknown as Record<string, unknown>, changes as Record<string, unknown>)
    if (fields.length === 0) return toSite(site)
    const updated = await repo.updateSite(tx, siteId, changes)
    await recordAudit(tx, caller.actor, [{ action: 'update', resourceType: 'puc_site', resourceId: siteId, organisationId: row.ownerMunicipalityId, changedFields: fields }])
    await recordDomainEvent(tx, caller.actor, { ...projectEvent(row, 'puc_site.updated'), resourceType: 'puc_site', resourceId: siteId, data: { projectId, changedFields: fields } })
    return toSite(updated)
  })
}

// ---------------------------------------------------------------------------------------------
// Assignments

export function toAssignment(view: repo.AssignmentView, relation: AssignmentRelation): PucAssignment {
  const row = view.row
  return {
    id: row.id,
    project: { id: view.project.id, title: view.project.title },
    site: { id: row.siteId, name: view.siteName },
    ownerMunicipality: { id: view.project.ownerMunicipalityId, name: view.ownerName },
    implementingOrganisation: { id: view.project.implementingOrganisationId, name: view.implementerName },
    caseId: showsCase(relation) ? row.caseId : null,
    person: { givenName: view.personGivenName, familyName: view.personFamilyName },
    category: row.category,
    weeklyHours: row.weeklyHours,
    startDate: row.startDate,
    endDate: row.endDate,
    endedOn: row.endedOn,
    status: row.status,
    statusReason: row.statusReason,
    daysWorked: view.workedDays,
    hoursWorked: minutesToHours(view.workedMinutes),
    allowedTransitions: allowedAssignmentTransitions(relation, row.status),
    permissions: assignmentPermissions(relation, row.status),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

async function assignmentResponse(db: Db, caller: Caller, id: string, relation: AssignmentRelation): Promise<PucAssignment> {
  const view = await repo.findAssignmentView(db, id)
  if (!view) throw notFound('L\'assegnazione PUC')
  caller.auditRead('puc_assignment', id, view.project.ownerMunicipalityId)
  return toAssignment(view, relation)
}

function assignmentPeriodViolations(values: { startDate: string; endDate: string; weeklyHours: number }, project: PucProjectRow): ProblemViolation[] {
  const violations = assignmentHoursViolations(values.weeklyHours)
  if (values.startDate > values.endDate) violations.push({ rule: 'puc_assignment_period', value: { startDate: values.startDate, endDate: values.endDate }, detail: 'La fine dell\'assegnazione non può precedere l\'inizio.' })
  if (values.startDate < project.periodStart || values.endDate > project.periodEnd) {
    violations.push({
      rule: 'puc_assignment_within_project',
      value: { startDate: values.startDate, endDate: values.endDate },
      limit: { from: project.periodStart, to: project.periodEnd },
      detail: `L'assegnazione deve stare nel periodo del progetto (${project.periodStart} – ${project.periodEnd}).`,
    })
  }
  return violations
}

const seatsFull = (category: PucSeatCategory, total: number) =>
  conflict('seats-full', `Non ci sono posti liberi nella categoria "${category}" (${total} in tutto): i posti non possono essere superati.`)

export async function createAssignment(db: Database, caller: Caller, projectId: string, input: PucAssignmentCreate): Promise<PucAssignment> {
  return db.transaction(async (tx) => {
    // Locking the project row serialises every request that takes one of its seats: of two
    // requests for the last seat, the second counts after the first committed and gets 409.
    const { row: project, relation } = await loadProjectAccess(tx, caller.principal, projectId, 'manage', { forUpdate: true })
    const errors: ProblemFieldError[] = []
    const caseRow = await repo.findCase(tx, input.caseId)
    if (!caseRow || caseRow.municipalityId !== project.ownerMunicipalityId || caseRow.status === 'closed') {
      errors.push({ pointer: '/caseId', code: 'not_an_open_case', detail: 'Serve un caso aperto del comune titolare del progetto.' })
    }
    const site = await repo.findSite(tx, input.siteId)
    if (!site || site.projectId !== projectId) errors.push({ pointer: '/siteId', code: 'not_a_site_of_project', detail: 'La postazione non è di questo progetto.' })
    if (errors.length > 0) throw fieldUnprocessable(errors, 'L\'assegnazione non rispetta le regole.')
    const violations = assignmentPeriodViolations(input, project)
    if (violations.length > 0) throw unprocessable(violations, 'L\'assegnazione non rispetta le regole dei PUC.')
    const live = await repo.findLiveAssignment(tx, projectId, input.caseId)
    if (live) throw conflict('assignment-already-live', 'La persona ha già un\'assegnazione in corso su questo progetto.', { existingId: live.id })
    const total = seatTotal(project, input.category)
    if ((await repo.countHeldSeats(tx, projectId, input.category)) >= total) throw seatsFull(input.category, total)
    const row = await repo.insertAssignment(tx, {
      projectId,
      siteId: input.siteId,
      caseId: input.caseId,
      personId: caseRow!.personId,
      category: input.category,
      weeklyHours: input.weeklyHours,
      startDate: input.startDate,
      endDate: input.endDate,
      status: 'to_assign',
      createdBy: caller.principal.userId,
    })
    await recordAudit(tx, caller.actor, [{ action: 'create', resourceType: 'puc_assignment', resourceId: row.id, organisationId: project.ownerMunicipalityId, changedFields: Object.keys(input) }])
    await recordDomainEvent(tx, caller.actor, assignmentEvent(row, project, 'puc_assignment.created', { projectId, status: row.status }))
    return assignmentResponse(tx, caller, row.id, { ...relation, asCaseStaff: false })
  })
}

export async function readAssignment(db: Database, caller: Caller, assignmentId: string): Promise<PucAssignment> {
  const { relation } = await loadAssignmentAccess(db, caller.principal, assignmentId, 'read')
  return assignmentResponse(db, caller, assignmentId, relation)
}

async function toAssignmentPage(db: Db, caller: Caller, rows: repo.AssignmentView[], limit: number, relationOf: (view: repo.AssignmentView) => Promise<AssignmentRelation>): Promise<PucAssignmentPage> {
  const relations = new Map<string, AssignmentRelation>()
  for (const view of rows.slice(0, limit)) {
    relations.set(view.row.id, await relationOf(view))
    caller.auditRead('puc_assignment', view.row.id, view.project.ownerMunicipalityId, 'list')
  }
  return toPage(rows, limit, (view) => toAssignment(view, relations.get(view.row.id)!), (view) => [view.row.id])
}

export async function listProjectAssignments(db: Database, caller: Caller, projectId: string, query: PucAssignmentListQuery): Promise<PucAssignmentPage> {
  const { relation } = await loadProjectAccess(db, caller.principal, projectId, 'read')
  const limit = query.limit ?? 50
  const rows = await repo.listAssignments(db, {
    visible: visibleAssignmentsCondition(caller.principal),
    projectId,
    ...(query.status ? { statuses: query.status } : {}),
    afterId: decodeIdCursor(query.cursor),
    limit,
  })
  // Through the project the relation is the same for every row; the case link is the municipality's.
  return toAssignmentPage(db, caller, rows, limit, async () => ({ ...relation, asCaseStaff: false }))
}

/** The assignments of a case, for the municipality staff who work it (the case page's PUC card). */
export async function listCaseAssignments(db: Database, caller: Caller, scope: CaseScope, query: PucAssignmentListQuery): Promise<PucAssignmentPage> {
  const { caseId } = scope
  const limit = query.limit ?? 50
  const rows = await repo.listAssignments(db, {
    visible: visibleAssignmentsCondition(caller.principal),
    caseId,
    ...(query.status ? { statuses: query.status } : {}),
    afterId: decodeIdCursor(query.cursor),
    limit,
  })
  return toAssignmentPage(db, caller, rows, limit, async (view) => ({ ...projectRelation(caller.principal, view.project), asCaseStaff: true }))
}

export async function updateAssignment(db: Database, caller: Caller, assignmentId: string, expectedVersion: number, patch: PucAssignmentPatch): Promise<PucAssignment> {
  return db.transaction(async (tx) => {
    const first = await loadAssignmentAccess(tx, caller.principal, assignmentId, 'manage')
    // Lock the project first (as creation does), then the assignment: seats are counted under the lock.
    const { row: project } = await loadProjectAccess(tx, caller.principal, first.project.id, 'manage', { forUpdate: true })
    const { row, relation } = await loadAssignmentAccess(tx, caller.principal, assignmentId, 'manage', { forUpdate: true })
    assertVersion(row.version, expectedVersion)
    if (row.status !== 'to_assign' && row.status !== 'proposed' && row.status !== 'active') {
      throw conflict('assignment-ended', 'L\'assegnazione è conclusa: non si modifica più.')
    }
    const changes: repo.AssignmentChanges = {}
    for (const key of ['siteId', 'category', 'weeklyHours', 'startDate', 'endDate'] as const) if (patch[key] !== undefined) Object.assign(changes, { [key]: patch[key] })
    const next = { ...row, ...changes }
    if (patch.siteId !== undefined) {
      const site = await repo.findSite(tx, patch.siteId)
      if (!site || site.projectId !== project.id) throw fieldUnprocessable([{ pointer: '/siteId', code: 'not_a_site_of_project', detail: 'La postazione non è di questo progetto.' }])
    }
    const violations = assignmentPeriodViolations(next, project)
    if (violations.length > 0) throw unprocessable(violations, 'L\'assegnazione non rispetta le regole dei PUC.')
    if (patch.category !== undefined && patch.category !== row.category) {
      const total = seatTotal(project, patch.category)
      if ((await repo.countHeldSeats(tx, project.id, patch.category, row.id)) >= total) throw seatsFull(patch.category, total)
    }
    const fields = changedFields(row as unknown as Record<string, unknown>, changes as Record<string, unknown>)
    if (fields.length > 0) {
      const updated = await repo.updateAssignment(tx, assignmentId, changes)
      await recordAudit(tx, caller.actor, [{ action: 'update', resourceType: 'puc_assignment', resourceId: assignmentId, organisationId: project.ownerMunicipalityId, changedFields: fields }])
      await recordDomainEvent(tx, caller.actor, assignmentEvent(updated, project, 'puc_assignment.updated', { changedFields: fields }))
    }
    return assignmentResponse(tx, caller, assignmentId, relation)
  })
}

export async function transitionAssignment(db: Database, caller: Caller, assignmentId: string, expectedVersion: number, input: PucAssignmentTransitionRequest): Promise<PucAssignment> {
  return db.transaction(async (tx) => {
    const { row, project, relation } = await loadAssignmentAccess(tx, caller.principal, assignmentId, 'manage', { forUpdate: true })
    assertVersion(row.version, expectedVersion)
    if (!allowedAssignmentTransitions(relation, row.status).includes(input.to)) throw transitionNotAllowed(row.status, input.to)
    const reason = input.reason?.trim() || null
    const errors: ProblemFieldError[] = []
    if ((PUC_STATUSES_WITH_REASON as readonly string[]).includes(input.to) && !reason) errors.push({ pointer: '/reason', code: 'reason_required', detail: 'Indica il motivo.' })
    const changes: repo.AssignmentChanges = { status: input.to, statusReason: reason }
    if (input.to === 'completed' || input.to === 'interrupted') {
      const endedOn = input.date ?? (input.to === 'completed' ? row.endDate : todayInItaly())
      if (endedOn < row.startDate) errors.push({ pointer: '/date', code: 'ended_before_start', detail: 'L\'ultimo giorno non può precedere l\'inizio.' })
      else if (endedOn > row.endDate) errors.push({ pointer: '/date', code: 'ended_after_end', detail: 'L\'ultimo giorno non può seguire la fine prevista.' })
      else if (await hasAttendanceAfter(tx, row, endedOn)) errors.push({ pointer: '/date', code: 'attendance_after_end', detail: 'Ci sono presenze registrate dopo questo giorno.' })
      changes.endedOn = endedOn
    }
    if (errors.length > 0) throw fieldUnprocessable(errors)
    const updated = await repo.updateAssignment(tx, assignmentId, changes)
    await recordAudit(tx, caller.actor, [{ action: 'transition', resourceType: 'puc_assignment', resourceId: assignmentId, organisationId: project.ownerMunicipalityId, changedFields: Object.keys(changes) }])
    await recordDomainEvent(tx, caller.actor, assignmentEvent(updated, project, 'puc_assignment.transitioned', { from: row.status, to: input.to }))
    return assignmentResponse(tx, caller, assignmentId, relation)
  })
}

async function hasAttendanceAfter(db: Db, row: PucAssignmentRow, date: string): Promise<boolean> {
  return (await repo.attendanceBetween(db, [row.id], addDays(date, 1), row.endDate)).length > 0
}

export async function searchCandidates(db: Database, caller: Caller, query: PucCandidateQuery): Promise<PucCandidateList> {
  const managed = assertManagesSomePuc(caller.principal)
  const municipalities = query.municipalityId ? managed.filter((m) => m === query.municipalityId) : managed
  if (municipalities.length === 0) return { items: [], nextCursor: null }
  const rows = await repo.searchCandidates(db, municipalities, query.q.trim(), query.limit ?? 20)
  for (const row of rows) caller.auditRead('case', row.caseId, row.municipalityId, 'search')
  return {
    items: rows.map((row) => ({
      caseId: row.caseId,
      person: { givenName: row.givenName, familyName: row.familyName },
      birthYear: Number(row.birthDate.slice(0, 4)),
      sex: row.sex,
      municipality: { id: row.municipalityId, name: row.municipalityName },
      liveAssignments: row.liveAssignments,
    })),
    nextCursor: null,
  }
}

// ---------------------------------------------------------------------------------------------
// Attendance

const toAttendance = (view: repo.AttendanceView): PucAttendanceEntry => ({
  id: view.row.id,
  assignmentId: view.row.assignmentId,
  date: view.row.date,
  status: view.row.status,
  hours: minutesToHours(view.row.minutes),
  note: view.row.note,
  recordedBy: view.row.recordedBy && view.recordedByName ? { id: view.row.recordedBy, name: view.recordedByName } : null,
  version: view.row.version,
  updatedAt: view.row.updatedAt.toISOString(),
})

const RECORDABLE_STATUSES = new Set(['active', 'completed', 'interrupted'])

interface DayChange {
  assignment: PucAssignmentRow
  date: string
  status: PucAttendanceDay['status']
  minutes: number
  note: string | null
  /** The version the client read; undefined when it sent none. */
  expectedVersion: number | undefined
  pointer: string
}

/**
 * Applies day changes of assignments already locked: checks the days (within the assignment, not
 * future, hours coherent with the status), the versions of days already recorded, and the weekly
 * limit of every week touched, then writes. All or nothing: 422 lists every violation.
 */
async function applyDayChanges(tx: Db, caller: Caller, project: PucProjectRow, changes: DayChange[]): Promise<{ created: boolean }[]> {
  const today = todayInItaly()
  const violations: ProblemViolation[] = []
  for (const change of changes) {
    if (!RECORDABLE_STATUSES.has(change.assignment.status)) {
      throw conflict('assignment-not-active', 'Le presenze si registrano per le assegnazioni avviate (in corso, concluse o interrotte).')
    }
    violations.push(...attendanceDateViolations(change.date, change.assignment, today), ...dayEntryViolations(change))
  }
  // The weekly limit, per assignment and ISO week, with the days after the change.
  const weeks = new Map<string, { assignment: PucAssignmentRow; week: string; dates: string[] }>()
  for (const change of changes) {
    const week = isoWeekOf(change.date)
    weeks.set(`${change.assignment.id}:${week}`, { assignment: change.assignment, week, dates: datesOfIsoWeek(week)! })
  }
  const existing = new Map<string, repo.AttendanceView>()
  for (const { assignment, dates } of weeks.values()) {
    for (const view of await repo.attendanceBetween(tx, [assignment.id], dates[0]!, dates[6]!)) existing.set(`${assignment.id}:${view.row.date}`, view)
  }
  const changed = new Map(changes.map((c) => [`${c.assignment.id}:${c.date}`, c]))
  for (const { assignment, week, dates } of weeks.values()) {
    const minutes = dates.map((d) => changed.get(`${assignment.id}:${d}`)?.minutes ?? existing.get(`${assignment.id}:${d}`)?.row.minutes ?? 0)
    violations.push(...weeklyLimitViolations(week, minutes, assignment.weeklyHours))
  }
  if (violations.length > 0) throw unprocessable(violations, 'Le presenze non rispettano le regole dei PUC.')
  for (const change of changes) {
    const found = existing.get(`${change.assignment.id}:${change.date}`)
    if (found && change.expectedVersion === undefined) throw preconditionRequired()
    if (found && found.row.version !== change.expectedVersion) throw preconditionFailed()
  }

  const results: { created: boolean }[] = []
  for (const change of changes) {
    const found = existing.get(`${change.assignment.id}:${change.date}`)
    const values = { status: change.status, minutes: change.minutes, note: change.note, recordedBy: caller.principal.userId }
    let id: string
    if (found) {
      await repo.updateAttendance(tx, found.row.id, values)
      id = found.row.id
    } else {
      id = (await repo.insertAttendance(tx, { assignmentId: change.assignment.id, date: change.date, ...values })).id
    }
    results.push({ created: !found })
    await recordAudit(tx, caller.actor, [
      { action: found ? 'update' : 'create', resourceType: 'puc_attendance', resourceId: id, organisationId: project.ownerMunicipalityId, changedFields: ['status', 'hours', 'note'] },
    ])
  }
  // One event per assignment touched: the register changed on these dates.
  const byAssignment = new Map<string, { assignment: PucAssignmentRow; dates: string[] }>()
  for (const change of changes) {
    if (!byAssignment.has(change.assignment.id)) byAssignment.set(change.assignment.id, { assignment: change.assignment, dates: [] })
    byAssignment.get(change.assignment.id)!.dates.push(change.date)
  }
  for (const { assignment, dates } of byAssignment.values()) {
    await recordDomainEvent(tx, caller.actor, assignmentEvent(assignment, project, 'puc_assignment.attendance_recorded', { dates: dates.sort() }))
  }
  return results
}

export async function recordDay(
  db: Database,
  caller: Caller,
  assignmentId: string,
  date: string,
  expectedVersion: number | undefined,
  input: PucAttendanceDay,
): Promise<{ entry: PucAttendanceEntry; created: boolean }> {
  return db.transaction(async (tx) => {
    // The assignment row lock serialises every attendance write of the person: the weekly sum holds.
    const { row, project } = await loadAssignmentAccess(tx, caller.principal, assignmentId, 'attendance', { forUpdate: true })
    const [result] = await applyDayChanges(tx, caller, project, [
      { assignment: row, date, status: input.status, minutes: hoursToMinutes(input.hours), note: input.note?.trim() || null, expectedVersion, pointer: '' },
    ])
    const [view] = await repo.attendanceBetween(tx, [assignmentId], date, date)
    caller.auditRead('puc_assignment', assignmentId, project.ownerMunicipalityId, 'attendance')
    return { entry: toAttendance(view!), created: result!.created }
  })
}

export async function deleteDay(db: Database, caller: Caller, assignmentId: string, date: string, expectedVersion: number): Promise<void> {
  await db.transaction(async (tx) => {
    const { project } = await loadAssignmentAccess(tx, caller.principal, assignmentId, 'attendance', { forUpdate: true })
    const found = await repo.findAttendance(tx, assignmentId, date)
    if (!found) throw notFound('La presenza')
    assertVersion(found.version, expectedVersion)
    await repo.deleteAttendance(tx, found.id)
    await recordAudit(tx, caller.actor, [{ action: 'delete', resourceType: 'puc_attendance', resourceId: found.id, organisationId: project.ownerMunicipalityId, changedFields: ['status', 'hours', 'note'] }])
    await recordDomainEvent(tx, caller.actor, { ...assignmentEvent((await repo.findAssignmentView(tx, assignmentId))!.row, project, 'puc_assignment.attendance_recorded'), data: { dates: [date], deleted: true } })
  })
}

export async function listAssignmentAttendance(db: Database, caller: Caller, assignmentId: string, month: string): Promise<PucAttendanceList> {
  const { project } = await loadAssignmentAccess(db, caller.principal, assignmentId, 'read')
  const range = monthRange(month)
  if (!range) throw badRequest('Il mese non è valido.', [{ pointer: '/month', detail: 'Invalid month' }])
  const views = await repo.attendanceBetween(db, [assignmentId], range.from, range.to)
  caller.auditRead('puc_assignment', assignmentId, project.ownerMunicipalityId, 'attendance')
  return { items: views.map(toAttendance), nextCursor: null }
}

function weekDatesOr400(week: string): string[] {
  const dates = datesOfIsoWeek(week)
  if (!dates) throw badRequest('La settimana non esiste.', [{ pointer: '/week', detail: 'No such ISO week' }])
  return dates
}

async function weekResponse(db: Db, caller: Caller, project: PucProjectRow, relation: ProjectRelation, week: string, dates: string[]): Promise<PucAttendanceWeek> {
  const views = await repo.assignmentsOverlapping(db, project.id, dates[0]!, dates[6]!)
  const entries = await repo.attendanceBetween(
    db,
    views.map((v) => v.row.id),
    dates[0]!,
    dates[6]!,
  )
  const rows = views.map((view) => {
    const own = entries.filter((e) => e.row.assignmentId === view.row.id).map(toAttendance)
    caller.auditRead('puc_assignment', view.row.id, project.ownerMunicipalityId, 'attendance')
    return {
      assignmentId: view.row.id,
      person: { givenName: view.personGivenName, familyName: view.personFamilyName },
      site: { id: view.row.siteId, name: view.siteName },
      status: view.row.status,
      weeklyHours: view.row.weeklyHours,
      startDate: view.row.startDate,
      endDate: view.row.endDate,
      endedOn: view.row.endedOn,
      entries: own,
      totalHours: own.reduce((sum, e) => sum + e.hours, 0),
    }
  })
  return { projectId: project.id, week, dates, rows, canRecord: relation.asManager || relation.asImplementer }
}

export async function readWeek(db: Database, caller: Caller, projectId: string, week: string): Promise<PucAttendanceWeek> {
  const dates = weekDatesOr400(week)
  const { row, relation } = await loadProjectAccess(db, caller.principal, projectId, 'attendance')
  return weekResponse(db, caller, row, relation, week, dates)
}

export async function recordWeek(db: Database, caller: Caller, projectId: string, week: string, input: PucAttendanceWeekUpdate): Promise<PucAttendanceWeek> {
  const dates = weekDatesOr400(week)
  return db.transaction(async (tx) => {
    const { row: project, relation } = await loadProjectAccess(tx, caller.principal, projectId, 'attendance')
    const ids = [...new Set(input.entries.map((e) => e.assignmentId))]
    const locked = new Map((await repo.lockAssignments(tx, ids)).map((a) => [a.id, a]))
    const errors: ProblemFieldError[] = []
    const seen = new Set<string>()
    input.entries.forEach((entry, i) => {
      const assignment = locked.get(entry.assignmentId)
      if (!assignment || assignment.projectId !== projectId) errors.push({ pointer: `/entries/${i}/assignmentId`, code: 'not_an_assignment_of_project', detail: 'Non è un\'assegnazione di questo progetto.' })
      if (!dates.includes(entry.date)) errors.push({ pointer: `/entries/${i}/date`, code: 'outside_week', detail: `Il giorno non è nella settimana ${week}.` })
      const key = `${entry.assignmentId}:${entry.date}`
      if (seen.has(key)) errors.push({ pointer: `/entries/${i}`, code: 'duplicate_day', detail: 'Lo stesso giorno compare due volte.' })
      seen.add(key)
    })
    if (errors.length > 0) throw fieldUnprocessable(errors, 'Il modulo settimanale contiene righe non valide.')
    await applyDayChanges(
      tx,
      caller,
      project,
      input.entries.map((entry, i) => ({
        assignment: locked.get(entry.assignmentId)!,
        date: entry.date,
        status: entry.status,
        minutes: hoursToMinutes(entry.hours),
        note: entry.note?.trim() || null,
        expectedVersion: entry.version,
        pointer: `/entries/${i}`,
      })),
    )
    return weekResponse(tx, caller, project, relation, week, dates)
  })
}

/** The month's register of a project, grouped by site: for the PDF the supervisors sign and the XLSX. */
export async function attendanceRegister(db: Database, caller: Caller, projectId: string, month: string): Promise<RegisterData> {
  const range = monthRange(month)
  if (!range) throw badRequest('Il mese non è valido.', [{ pointer: '/month', detail: 'Invalid month' }])
  const { row: project } = await loadProjectAccess(db, caller.principal, projectId, 'attendance')
  const view = (await repo.findProjectView(db, projectId))!
  const [sites, assignments] = await Promise.all([repo.sitesOfProjects(db, [projectId]), repo.assignmentsOverlapping(db, projectId, range.from, range.to)])
  const entries = await repo.attendanceBetween(
    db,
    assignments.map((a) => a.row.id),
    range.from,
    range.to,
  )
  const registerSites: RegisterSite[] = sites
    .map((site) => ({
      name: site.name,
      address: site.address,
      supervisorName: site.supervisorName,
      persons: assignments
        .filter((a) => a.row.siteId === site.id)
        .map((a) => {
          caller.auditRead('puc_assignment', a.row.id, project.ownerMunicipalityId, 'register')
          return {
            assignmentId: a.row.id,
            givenName: a.personGivenName,
            familyName: a.personFamilyName,
            weeklyHours: a.row.weeklyHours,
            startDate: a.row.startDate,
            lastDate: a.row.endedOn ?? a.row.endDate,
            days: new Map(entries.filter((e) => e.row.assignmentId === a.row.id).map((e) => [e.row.date, { status: e.row.status, hours: minutesToHours(e.row.minutes) }])),
          }
        }),
    }))
    .filter((site) => site.persons.length > 0)
  return { municipality: view.ownerName, implementingOrganisation: view.implementerName, projectTitle: project.title, month, days: range.days, sites: registerSites }
}
