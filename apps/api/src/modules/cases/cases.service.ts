/**
 * Case rules: opening (one open case per person and municipality), the status diagram with its
 * closing and suspension rules, reassignment with history, colleagues, reopening as a new episode.
 * Every write runs in one transaction with its timeline event and audit entry.
 */
import {
  nextCaseStatuses,
  type Case,
  type CaseAssignmentPage,
  type CaseCounts,
  type CaseCountsQuery,
  type CaseCreate,
  type CaseListQuery,
  type CaseloadEntry,
  type CaseloadPage,
  type CasePage,
  type CasePatch,
  type CaseReassignRequest,
  type CaseReopenRequest,
  type CaseSummary,
  type CaseTransitionRequest,
  type ProblemFieldError,
} from '@ponte/shared'
import type { Database, Db } from '../../db/client.js'
import { CASE_STATUSES } from '../../db/schema/index.js'
import { type AuditActor, changedFields, recordAudit } from '../../lib/audit.js'
import { conflict, fieldUnprocessable, forbidden, notFound, transitionNotAllowed } from '../../lib/errors.js'
import { assertVersion, decodeInstantIdCursor, toPage } from '../../lib/http.js'
import { hasRole, type Principal } from '../../lib/principal.js'
import { recordCaseEvent } from './case-events.js'
import {
  assertCanCoordinate,
  assertCanReadCaseload,
  assertCanManageCase,
  canManageCase,
  caseCountScope,
  casePermissions,
  isMunicipalStaff,
  lockCaseScope,
  municipalitiesWhereCanOpenCases,
  visibleCasesCondition,
  type CaseAccess,
  type CaseScope,
} from './cases.policy.js'
import * as repo from './cases.repository.js'
import { todayInItaly } from '../../lib/dates.js'
import { isUniqueViolation } from '../../lib/pg-errors.js'
import { endLiveReferralsOfClosedCase } from '../referrals/referrals.service.js'

const ROLE_CAN_MANAGE_CASES = ['case_manager', 'coordinator']

function toSummary(row: repo.CaseSummaryRow): CaseSummary {
  return {
    id: row.id,
    status: row.status,
    episode: row.episode,
    person: { id: row.personId, givenName: row.personGivenName, familyName: row.personFamilyName },
    municipality: { id: row.municipalityId, name: row.municipalityName },
    caseManager: { id: row.caseManagerId, name: row.caseManagerName },
    openedOn: row.openedOn,
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  }
}

/** The case as the caller sees it: partners get the header without the municipality's notes. */
export function toCase(view: repo.CaseView, access: CaseAccess): Case {
  const row = view.row
  const staff = isMunicipalStaff(access)
  return {
    id: row.id,
    municipality: { id: row.municipalityId, name: view.municipalityName },
    person: { id: row.personId, givenName: view.personGivenName, familyName: view.personFamilyName },
    episode: row.episode,
    previousCaseId: row.previousCaseId,
    status: row.status,
    suspendedFrom: row.suspendedFrom,
    source: row.source,
    sourceNotes: staff ? row.sourceNotes : null,
    caseManager: { id: row.caseManagerId, name: view.caseManagerName },
    members: view.members,
    openedOn: row.openedOn,
    closedOn: row.closedOn,
    outcome: row.outcome,
    closingNote: staff ? row.closingNote : null,
    access,
    allowedTransitions: canManageCase(access) ? nextCaseStatuses(row.status, row.suspendedFrom) : [],
    permissions: casePermissions(access, row),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

async function caseResponse(db: Db, caseId: string, access: CaseAccess): Promise<Case> {
  const view = await repo.findCaseView(db, caseId)
  if (!view) throw notFound('Il caso')
  return toCase(view, access)
}

/** The case manager a coordinator (or the caller themself) may put on a case of `municipalityId`. */
async function resolveCaseManager(db: Db, principal: Principal, municipalityId: string, requested: string | undefined) {
  const caseManagerId = requested ?? principal.userId
  if (caseManagerId !== principal.userId && !hasRole(principal, 'coordinator', municipalityId)) {
    throw forbidden('Solo un coordinatore può assegnare il caso a un altro operatore.')
  }
  const roles = await repo.activeRolesIn(db, caseManagerId, municipalityId)
  if (!roles.some((r) => ROLE_CAN_MANAGE_CASES.includes(r))) {
    throw fieldUnprocessable([{ pointer: '/caseManagerId', code: 'not_a_case_manager', detail: 'Il case manager deve essere un assistente sociale o un coordinatore attivo del comune del caso.' }])
  }
  const user = await repo.findUserName(db, caseManagerId)
  return user!
}


/** Runs a write that inserts a case; a concurrent open case answers 409 with its id, as the check before would have. */
async function withOpenCaseConflict<T>(db: Database, target: () => { municipalityId: string; personId: string } | null, write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    const found = target()
    // Two episodes racing for the same person trip either index: both mean another case was just opened.
    if (found && isUniqueViolation(error, 'cases_one_open_per_person_key', 'cases_person_episode_key')) {
      const open = await repo.findOpenCase(db, found.municipalityId, found.personId)
      throw openCaseConflict(open?.id)
    }
    throw error
  }
}

const openCaseConflict = (existingId: string | undefined) =>
  conflict('case-already-open', 'La persona ha già un caso aperto in questo comune.', existingId ? { existingId } : {})

export async function openCase(db: Database, principal: Principal, actor: AuditActor, input: CaseCreate): Promise<Case> {
  const municipalities = municipalitiesWhereCanOpenCases(principal)
  if (municipalities.length === 0) throw forbidden('Solo gli assistenti sociali e i coordinatori di un comune possono aprire casi.')
  let target: { municipalityId: string; personId: string } | null = null
  return withOpenCaseConflict(db, () => target, () =>
    db.transaction(async (tx) => {
      const person = await repo.findPersonIn(tx, input.personId, municipalities)
      if (!person) throw fieldUnprocessable([{ pointer: '/personId', code: 'person_not_found', detail: 'La persona non esiste o non è registrata da un comune in cui operi.' }])
      target = { municipalityId: person.municipalityId, personId: person.id }
      const caseManager = await resolveCaseManager(tx, principal, person.municipalityId, input.caseManagerId)
      const open = await repo.findOpenCase(tx, person.municipalityId, person.id)
      if (open) throw openCaseConflict(open.id)
      const latest = await repo.latestEpisode(tx, person.municipalityId, person.id)
      const values = {
        municipalityId: person.municipalityId,
        personId: person.id,
        episode: latest.episode + 1,
        previousCaseId: latest.caseId,
        status: 'intake' as const,
        source: input.source ?? 'spontaneous',
        sourceNotes: input.sourceNotes ?? null,
        caseManagerId: caseManager.id,
        openedOn: todayInItaly(),
        createdBy: principal.userId,
      }
      const row = await repo.insertCase(tx, values)
      await repo.insertAssignment(tx, { caseId: row.id, caseManagerId: caseManager.id, assignedBy: principal.userId, reason: null })
      await recordCaseEvent(tx, {
        caseId: row.id,
        type: 'case.opened',
        audience: 'case',
        actorUserId: principal.userId,
        resourceType: 'case',
        resourceId: row.id,
        data: { episode: row.episode, caseManager },
      })
      await recordAudit(tx, actor, [
        { action: 'create', resourceType: 'case', resourceId: row.id, organisationId: row.municipalityId, changedFields: Object.keys(values).filter((k) => values[k as keyof typeof values] !== null) },
      ])
      return caseResponse(tx, row.id, creatorAccess(principal, row.municipalityId))
    }),
  )
}

/** The access of whoever opens a case: its coordinator or, since only a coordinator assigns others, its case manager. */
const creatorAccess = (principal: Principal, municipalityId: string): CaseAccess =>
  hasRole(principal, 'coordinator', municipalityId) ? 'coordinator' : 'case_manager'

function caseFilter(principal: Principal, query: { assignedTo?: string; municipalityId?: string }): repo.CaseFilter {
  return {
    ...(query.assignedTo ? { caseManagerId: query.assignedTo === 'me' ? principal.userId : query.assignedTo } : {}),
    ...(query.municipalityId ? { municipalityId: query.municipalityId } : {}),
  }
}

/** A page of the cases the principal sees; with `audit`, each case of the page is recorded (`list`) by the same statement. */
export async function listCases(db: Database, principal: Principal, query: CaseListQuery, audit: AuditActor | null = null): Promise<CasePage> {
  const limit = query.limit ?? 50
  const cursor = decodeInstantIdCursor(query.cursor)
  const rows = await repo.listCases(db, visibleCasesCondition(principal), {
    ...caseFilter(principal, query),
    ...(query.status ? { statuses: query.status } : {}),
    ...(query.updatedSince ? { updatedSince: query.updatedSince } : {}),
    ...(query.q?.trim() ? { q: query.q.trim() } : {}),
    after: cursor ? { updatedAt: cursor.at, id: cursor.id } : null,
    limit,
  }, undefined, audit)
  return toPage(rows, limit, toSummary, (row) => [row.cursorUpdatedAt, row.id])
}

export async function countCases(db: Database, principal: Principal, query: CaseCountsQuery): Promise<CaseCounts> {
  const rows = await repo.countCasesByStatus(db, caseCountScope(principal), caseFilter(principal, query))
  const byStatus = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as CaseCounts['byStatus']
  for (const row of rows) byStatus[row.status] = row.count
  return { total: rows.reduce((sum, r) => sum + r.count, 0), byStatus }
}

/** The case of the scope: its row is the one the gate read (the case is read once per request). */
export async function readCase(db: Database, scope: CaseScope): Promise<Case> {
  const view = scope.readView
  if (view) return toCase({ row: scope.row, ...view, cursorUpdatedAt: scope.row.updatedAt.toISOString() }, scope.access)
  return toCase(await repo.caseViewOf(db, scope.row), scope.access)
}

export async function updateCase(db: Database, principal: Principal, actor: AuditActor, scope: CaseScope, expectedVersion: number, patch: CasePatch): Promise<Case> {
  return db.transaction(async (tx) => {
    const { row, access } = await lockCaseScope(tx, scope)
    const caseId = scope.caseId
    assertCanManageCase(access)
    assertVersion(row.version, expectedVersion)
    const changes: repo.CaseChanges = {}
    if (patch.source !== undefined) changes.source = patch.source
    if (patch.sourceNotes !== undefined) changes.sourceNotes = patch.sourceNotes
    const changed = changedFields(row, changes)
    if (changed.length === 0) return caseResponse(tx, caseId, access)
    await repo.updateCase(tx, caseId, Object.fromEntries(changed.map((k) => [k, changes[k as keyof repo.CaseChanges]])))
    await recordCaseEvent(tx, { caseId, type: 'case.updated', audience: 'municipality', actorUserId: principal.userId, resourceType: 'case', resourceId: caseId, data: { changedFields: changed } })
    await recordAudit(tx, actor, [{ action: 'update', resourceType: 'case', resourceId: caseId, organisationId: row.municipalityId, changedFields: changed }])
    return caseResponse(tx, caseId, access)
  })
}

/** The fields a transition needs beyond the diagram: closing needs an outcome and a note, and only closing takes them. */
function transitionFieldErrors(input: CaseTransitionRequest): ProblemFieldError[] {
  const errors: ProblemFieldError[] = []
  if (input.to === 'closed') {
    if (!input.outcome) errors.push({ pointer: '/outcome', code: 'outcome_required', detail: 'Per chiudere il caso indica l\'esito.' })
    if (!input.note?.trim()) errors.push({ pointer: '/note', code: 'note_required', detail: 'Per chiudere il caso scrivi una nota di chiusura.' })
  } else {
    if (input.outcome !== undefined) errors.push({ pointer: '/outcome', code: 'outcome_only_when_closing', detail: 'L\'esito si indica solo alla chiusura del caso.' })
    if (input.note !== undefined) errors.push({ pointer: '/note', code: 'note_only_when_closing', detail: 'La nota di chiusura si indica solo alla chiusura del caso.' })
  }
  return errors
}

export async function transitionCase(db: Database, principal: Principal, actor: AuditActor, scope: CaseScope, expectedVersion: number, input: CaseTransitionRequest): Promise<Case> {
  return db.transaction(async (tx) => {
    const { row, access } = await lockCaseScope(tx, scope)
    const caseId = scope.caseId
    assertCanManageCase(access)
    assertVersion(row.version, expectedVersion)
    if (!nextCaseStatuses(row.status, row.suspendedFrom).includes(input.to)) throw transitionNotAllowed(row.status, input.to)
    const errors = transitionFieldErrors(input)
    if (errors.length > 0) throw fieldUnprocessable(errors, 'Il passaggio di stato richiede altri dati.')

    const changes: repo.CaseChanges = { status: input.to }
    if (input.to === 'suspended') changes.suspendedFrom = row.status
    else if (row.status === 'suspended') changes.suspendedFrom = null
    if (input.to === 'closed') Object.assign(changes, { closedOn: todayInItaly(), outcome: input.outcome!, closingNote: input.note!.trim() })
    await repo.updateCase(tx, caseId, changes)
    if (input.to === 'closed') await endLiveReferralsOfClosedCase(tx, principal, actor, row)

    const reason = input.reason.trim()
    // The reason may say why a person stopped (health, family…): municipality staff only, never partners.
    await recordCaseEvent(tx, {
      caseId,
      type: 'case.status_changed',
      audience: 'municipality',
      actorUserId: principal.userId,
      resourceType: 'case',
      resourceId: caseId,
      data: { from: row.status, to: input.to, reason, ...(input.to === 'closed' ? { outcome: input.outcome, note: input.note!.trim() } : {}) },
    })
    await recordAudit(tx, actor, [{ action: 'transition', resourceType: 'case', resourceId: caseId, organisationId: row.municipalityId, changedFields: Object.keys(changes) }])
    return caseResponse(tx, caseId, access)
  })
}

export async function reassignCase(db: Database, principal: Principal, actor: AuditActor, scope: CaseScope, expectedVersion: number | null, input: CaseReassignRequest): Promise<Case> {
  return db.transaction(async (tx) => {
    const { row, access } = await lockCaseScope(tx, scope)
    const caseId = scope.caseId
    assertCanCoordinate(access)
    if (expectedVersion !== null) assertVersion(row.version, expectedVersion)
    if (row.status === 'closed') throw conflict('case-closed', 'Il caso è chiuso: riaprilo come nuovo episodio per assegnarlo.')
    const next = await resolveCaseManager(tx, principal, row.municipalityId, input.caseManagerId)
    if (next.id === row.caseManagerId) {
      throw fieldUnprocessable([{ pointer: '/caseManagerId', code: 'already_assigned', detail: 'Il caso è già assegnato a questo operatore.' }])
    }
    const previous = await repo.findUserName(tx, row.caseManagerId)
    const reason = input.reason.trim()
    await repo.endCurrentAssignment(tx, caseId)
    await repo.insertAssignment(tx, { caseId, caseManagerId: next.id, assignedBy: principal.userId, reason })
    await repo.updateCase(tx, caseId, { caseManagerId: next.id })
    await recordCaseEvent(tx, {
      caseId,
      type: 'case.reassigned',
      audience: 'municipality',
      actorUserId: principal.userId,
      resourceType: 'case',
      resourceId: caseId,
      data: { from: previous, to: next, reason },
    })
    await recordAudit(tx, actor, [{ action: 'reassign', resourceType: 'case', resourceId: caseId, organisationId: row.municipalityId, changedFields: ['caseManagerId'] }])
    return caseResponse(tx, caseId, access)
  })
}

export async function listCaseAssignments(db: Database, scope: CaseScope, query: { limit?: number; cursor?: string }): Promise<{ page: CaseAssignmentPage; municipalityId: string }> {
  const { row, access } = scope
  const caseId = scope.caseId
  if (!isMunicipalStaff(access)) throw notFound('Il caso')
  const limit = query.limit ?? 50
  const cursor = decodeInstantIdCursor(query.cursor)
  const rows = await repo.listAssignments(db, caseId, cursor ? { startedAt: cursor.at, id: cursor.id } : null, limit)
  const page = toPage(
    rows,
    limit,
    (r) => ({
      id: r.row.id,
      caseManager: { id: r.row.caseManagerId, name: r.caseManagerName },
      assignedBy: r.row.assignedBy && r.assignedByName ? { id: r.row.assignedBy, name: r.assignedByName } : null,
      reason: r.row.reason,
      startedAt: r.row.startedAt.toISOString(),
      endedAt: r.row.endedAt?.toISOString() ?? null,
    }),
    (r) => [r.cursorStartedAt, r.row.id],
  )
  return { page, municipalityId: row.municipalityId }
}

export async function addCaseMember(db: Database, principal: Principal, actor: AuditActor, scope: CaseScope, userId: string): Promise<Case> {
  return db.transaction(async (tx) => {
    const { row, access } = await lockCaseScope(tx, scope)
    const caseId = scope.caseId
    assertCanCoordinate(access)
    const roles = await repo.activeRolesIn(tx, userId, row.municipalityId)
    if (!roles.includes('case_manager')) {
      throw fieldUnprocessable([{ pointer: '/userId', code: 'not_a_case_manager', detail: 'Si possono aggiungere solo assistenti sociali attivi del comune del caso.' }])
    }
    if (userId === row.caseManagerId) {
      throw fieldUnprocessable([{ pointer: '/userId', code: 'already_assigned', detail: 'L\'operatore è già il case manager del caso.' }])
    }
    const added = await repo.insertMember(tx, { caseId, userId, addedBy: principal.userId })
    if (added) {
      await repo.updateCase(tx, caseId, {})
      const member = await repo.findUserName(tx, userId)
      await recordCaseEvent(tx, { caseId, type: 'case.member_added', audience: 'municipality', actorUserId: principal.userId, resourceType: 'case', resourceId: caseId, data: { member } })
      await recordAudit(tx, actor, [{ action: 'add_member', resourceType: 'case', resourceId: caseId, organisationId: row.municipalityId, changedFields: ['members'] }])
    }
    return caseResponse(tx, caseId, access)
  })
}

export async function removeCaseMember(db: Database, principal: Principal, actor: AuditActor, scope: CaseScope, userId: string, expectedVersion: number): Promise<Case> {
  return db.transaction(async (tx) => {
    const { row, access } = await lockCaseScope(tx, scope)
    const caseId = scope.caseId
    assertCanCoordinate(access)
    assertVersion(row.version, expectedVersion)
    const member = await repo.findUserName(tx, userId)
    if (!(await repo.deleteMember(tx, caseId, userId))) throw notFound('Il collega indicato tra i membri del caso')
    await repo.updateCase(tx, caseId, {})
    await recordCaseEvent(tx, { caseId, type: 'case.member_removed', audience: 'municipality', actorUserId: principal.userId, resourceType: 'case', resourceId: caseId, data: { member } })
    await recordAudit(tx, actor, [{ action: 'remove_member', resourceType: 'case', resourceId: caseId, organisationId: row.municipalityId, changedFields: ['members'] }])
    return caseResponse(tx, caseId, access)
  })
}

/**
 * Reopens a closed case as a new episode: a new case row (same person and municipality, status
 * intake) pointing back at it; the closed episode and its history stay exactly as they were.
 */
export async function reopenCase(db: Database, principal: Principal, actor: AuditActor, scope: CaseScope, input: CaseReopenRequest): Promise<Case> {
  let target: { municipalityId: string; personId: string } | null = null
  return withOpenCaseConflict(db, () => target, () =>
    db.transaction(async (tx) => {
      const { row, access } = await lockCaseScope(tx, scope)
      assertCanManageCase(access)
      target = { municipalityId: row.municipalityId, personId: row.personId }
      if (row.status !== 'closed') throw conflict('case-not-closed', 'Solo un caso chiuso può essere riaperto come nuovo episodio.')
      const open = await repo.findOpenCase(tx, row.municipalityId, row.personId)
      if (open) throw openCaseConflict(open.id)
      const caseManager = await resolveCaseManager(tx, principal, row.municipalityId, input.caseManagerId)
      const latest = await repo.latestEpisode(tx, row.municipalityId, row.personId)
      const values = {
        municipalityId: row.municipalityId,
        personId: row.personId,
        episode: latest.episode + 1,
        previousCaseId: row.id,
        status: 'intake' as const,
        source: input.source ?? row.source,
        sourceNotes: input.sourceNotes !== undefined ? input.sourceNotes : row.sourceNotes,
        caseManagerId: caseManager.id,
        openedOn: todayInItaly(),
        createdBy: principal.userId,
      }
      const created = await repo.insertCase(tx, values)
      await repo.insertAssignment(tx, { caseId: created.id, caseManagerId: caseManager.id, assignedBy: principal.userId, reason: input.reason?.trim() ?? null })
      await recordCaseEvent(tx, {
        caseId: created.id,
        type: 'case.reopened',
        audience: 'municipality',
        actorUserId: principal.userId,
        resourceType: 'case',
        resourceId: created.id,
        data: { episode: created.episode, previousCaseId: row.id, caseManager, ...(input.reason ? { reason: input.reason.trim() } : {}) },
      })
      await recordAudit(tx, actor, [
        { action: 'reopen', resourceType: 'case', resourceId: created.id, organisationId: created.municipalityId, changedFields: Object.keys(values).filter((k) => values[k as keyof typeof values] !== null) },
      ])
      return caseResponse(tx, created.id, creatorAccess(principal, created.municipalityId))
    }),
  )
}


/**
 * The colleagues a case of `municipalityId` may be assigned to, for the staff who open and assign
 * cases there (coordinators and case managers of that municipality); anyone else gets 404.
 */
export async function listCaseManagers(db: Database, principal: Principal, municipalityId: string) {
  if (!municipalitiesWhereCanOpenCases(principal).includes(municipalityId)) throw notFound('Il comune')
  return { items: await repo.listCaseManagers(db, municipalityId), nextCursor: null }
}

/**
 * The team's caseload of a municipality, for its coordinators: each assignable colleague (case
 * managers and coordinators, with no open case too) by family name, then whoever else still holds
 * open cases there (no longer assignable: their cases wait to be reassigned), with the open cases
 * by status. Read from the case counters, so it costs the same with 50 or 50,000 cases.
 */
export async function readCaseload(db: Database, principal: Principal, municipalityId: string): Promise<CaseloadPage> {
  assertCanReadCaseload(principal, municipalityId)
  const [counts, assignable] = await Promise.all([repo.countOpenCasesByManager(db, municipalityId), repo.listCaseManagers(db, municipalityId)])
  const assignableIds = new Set(assignable.map((u) => u.id))
  const others = await repo.listUserNames(db, [...new Set(counts.map((c) => c.caseManagerId))].filter((id) => !assignableIds.has(id)))
  const entry = (caseManager: { id: string; name: string }, isAssignable: boolean): CaseloadEntry => {
    const byStatus: CaseloadEntry['byStatus'] = { intake: 0, assessment: 0, active: 0, monitoring: 0, suspended: 0 }
    for (const c of counts) if (c.caseManagerId === caseManager.id && c.status !== 'closed') byStatus[c.status] = Number(c.count)
    return { caseManager: { id: caseManager.id, name: caseManager.name }, isAssignable, open: Object.values(byStatus).reduce((sum, n) => sum + n, 0), byStatus }
  }
  return { items: [...assignable.map((u) => entry(u, true)), ...others.map((u) => entry(u, false))], nextCursor: null }
}
