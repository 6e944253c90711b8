/**
 * Plan use cases: the versions of a case's individual plan — create, edit the draft, submit,
 * approve or return, record the signature (superseding the version signed before) and revise —
 * each write with its timeline event and audit entry in one transaction.
 */
import { v7 as uuidv7 } from 'uuid'
import type { CaseEventPayload, Plan, PlanAwaitingApprovalListQuery, PlanAwaitingApprovalPage, PlanCreate, PlanListQuery, PlanObjectiveInput, PlanPage, PlanPatch, PlanSupport, PlanTransition, ProblemFieldError } from '@ponte/shared'
import type { Database, Transaction } from '../../db/client.js'
import type { CaseRow, PlanObjectiveValue, PlanRow, PlanSupportValue } from '../../db/schema/index.js'
import { type AuditActor, changedFields, recordAudit } from '../../lib/audit.js'
import { badRequest, conflict, fieldUnprocessable, notFound, unprocessable, validationFailed } from '../../lib/errors.js'
import { assertVersion, decodeCursor, decodeInstantIdCursor, toPage } from '../../lib/http.js'
import type { Principal } from '../../lib/principal.js'
import { recordCaseEvent } from '../cases/case-events.js'
import { coordinatedCasesCondition, lockCaseScope, type CaseAccess, type CaseScope } from '../cases/cases.policy.js'
import { assertCanTakeAction, assertCanWorkPlans, assertCaseOpenForPlans, assertPlanIsDraft, assertTransitionAllowed, REVISABLE_STATUSES } from './plans.policy.js'
import * as repo from './plans.repository.js'
import { todayInItaly } from '../../lib/dates.js'

/** Reports a read of personal data for the audit trail (request.auditRead). */
export type RecordRead = (resourceType: string, resourceId: string, organisationId: string) => void

const RESOURCE = 'plan'


/** JSON with object keys sorted, to compare values read from jsonb with values about to be written. */
const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v))

const iso = (value: Date | null) => value?.toISOString() ?? null

export function toPlan(row: PlanRow): Plan {
  return {
    id: row.id,
    caseId: row.caseId,
    versionNumber: row.versionNumber,
    status: row.status,
    revisedFromId: row.revisedFromId,
    objectives: row.objectives.map((o) => ({ id: o.id, title: o.title, expectedResult: o.expectedResult ?? null })),
    supports: row.supports.map((s) => ({ kind: s.kind, description: s.description, reference: s.reference ?? null })),
    reviewDate: row.reviewDate,
    notes: row.notes,
    returnReason: row.returnReason,
    submittedAt: iso(row.submittedAt),
    submittedBy: row.submittedBy,
    approvedAt: iso(row.approvedAt),
    approvedBy: row.approvedBy,
    signedOn: row.signedOn,
    supersededAt: iso(row.supersededAt),
    createdBy: row.createdBy,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

/** Objectives as stored: each keeps the id it was sent with (so measures stay linked across versions) or gets a new one. */
function normaliseObjectives(input: PlanObjectiveInput[]): PlanObjectiveValue[] {
  const errors: ProblemFieldError[] = []
  const seen = new Set<string>()
  const objectives = input.map((objective, index) => {
    const id = objective.id ?? uuidv7()
    if (seen.has(id)) errors.push({ pointer: `/objectives/${index}/id`, code: 'duplicate_objective', detail: 'Lo stesso obiettivo compare due volte.' })
    seen.add(id)
    return { id, title: objective.title.trim(), expectedResult: objective.expectedResult?.trim() || null }
  })
  if (errors.length > 0) throw fieldUnprocessable(errors)
  return objectives
}

const normaliseSupports = (input: PlanSupport[]): PlanSupportValue[] =>
  input.map((s) => ({ kind: s.kind, description: s.description.trim(), reference: s.reference?.trim() || null }))

/** The case, locked, with the caller's access, for a write on its plan. */
export async function loadCaseForPlanWrite(tx: Transaction, scope: CaseScope): Promise<{ caseRow: CaseRow; access: CaseAccess }> {
  const { row: caseRow, access } = await lockCaseScope(tx, scope)
  assertCanWorkPlans(access)
  return { caseRow, access }
}

/** An event of a plan version: its type with its data, less the version number and status the version itself gives. */
type PlanEvent = Extract<CaseEventPayload, { type: `plan.${string}` }> extends infer E
  ? E extends { type: string; data: object }
    ? { type: E['type']; data: Omit<E['data'], 'versionNumber' | 'status'> }
    : never
  : never

async function recordPlanChange(tx: Transaction, principal: Principal, actor: AuditActor, caseRow: CaseRow, plan: PlanRow, event: PlanEvent, action: string, fields: string[]) {
  await recordCaseEvent(tx, {
    caseId: caseRow.id,
    audience: 'municipality',
    actorUserId: principal.userId,
    resourceType: RESOURCE,
    resourceId: plan.id,
    // The type and its data travel together (PlanEvent); TypeScript cannot correlate them through the spread.
    ...({ type: event.type, data: { versionNumber: plan.versionNumber, status: plan.status, ...event.data } } as CaseEventPayload),
  })
  await recordAudit(tx, actor, [{ action, resourceType: RESOURCE, resourceId: plan.id, organisationId: caseRow.municipalityId, changedFields: fields }])
}

export async function listPlans(db: Database, principal: Principal, scope: CaseScope, query: PlanListQuery, recordRead: RecordRead): Promise<PlanPage> {
  const { caseId, row: caseRow, access } = scope
  assertCanWorkPlans(access)
  const limit = query.limit ?? 50
  const cursor = decodeCursor(query.cursor, 1)
  if (cursor && !Number.isInteger(cursor[0])) throw badRequest('Il cursore non è valido.', [{ pointer: '/cursor', detail: 'Invalid cursor' }])
  const rows = await repo.listPlans(db, caseId, { status: query.status, beforeVersionNumber: cursor ? Number(cursor[0]) : null, limit })
  const page = toPage(rows, limit, toPlan, (row) => [row.versionNumber])
  for (const item of page.items) recordRead(RESOURCE, item.id, caseRow.municipalityId)
  return page
}

export async function readPlan(db: Database, principal: Principal, scope: CaseScope, planId: string, recordRead: RecordRead): Promise<Plan> {
  const { caseId, row: caseRow, access } = scope
  assertCanWorkPlans(access)
  const plan = await repo.findPlan(db, caseId, planId)
  if (!plan) throw notFound('Il progetto')
  recordRead(RESOURCE, plan.id, caseRow.municipalityId)
  return toPlan(plan)
}

/**
 * A new version in draft: the first plan of the case, or a fresh version after the signed one.
 * 409 `plan-in-progress` (with its id) while another version is a draft, submitted or approved.
 */
export async function createPlan(db: Database, principal: Principal, actor: AuditActor, scope: CaseScope, input: PlanCreate): Promise<Plan> {
  const { caseId } = scope
  return db.transaction(async (tx) => {
    const { caseRow } = await loadCaseForPlanWrite(tx, scope)
    assertCaseOpenForPlans(caseRow)
    const inProgress = await repo.findPlanInProgress(tx, caseId)
    if (inProgress) {
      throw conflict('plan-in-progress', `Il caso ha già una versione del progetto in lavorazione (versione ${inProgress.versionNumber}): modificala invece di crearne un'altra.`, { existingId: inProgress.id })
    }
    const values = {
      objectives: normaliseObjectives(input.objectives ?? []),
      supports: normaliseSupports(input.supports ?? []),
      reviewDate: input.reviewDate ?? null,
      notes: input.notes ?? null,
    }
    const plan = await repo.insertPlan(tx, { ...values, caseId, versionNumber: (await repo.lastVersionNumber(tx, caseId)) + 1, status: 'draft', createdBy: principal.userId })
    const fields = ['status', ...Object.keys(values).filter((k) => { const v = values[k as keyof typeof values]; return v !== null && !(Array.isArray(v) && v.length === 0) })]
    await recordPlanChange(tx, principal, actor, caseRow, plan, { type: 'plan.created', data: {} }, 'create', fields)
    return toPlan(plan)
  })
}

export async function updatePlan(db: Database, principal: Principal, actor: AuditActor, scope: CaseScope, planId: string, expectedVersion: number, patch: PlanPatch): Promise<Plan> {
  const { caseId } = scope
  return db.transaction(async (tx) => {
    const { caseRow } = await loadCaseForPlanWrite(tx, scope)
    const current = await repo.findPlanForUpdate(tx, caseId, planId)
    if (!current) throw notFound('Il progetto')
    assertVersion(current.version, expectedVersion)
    assertPlanIsDraft(current)
    assertCaseOpenForPlans(caseRow)
    const changes: repo.PlanChanges = {}
    if (patch.objectives !== undefined) changes.objectives = normaliseObjectives(patch.objectives)
    if (patch.supports !== undefined) changes.supports = normaliseSupports(patch.supports)
    if (patch.reviewDate !== undefined) changes.reviewDate = patch.reviewDate
    if (patch.notes !== undefined) changes.notes = patch.notes
    // jsonb stores object keys in its own order: compare the content, not the serialisation.
    const changed = changedFields(current, changes).filter((k) => canonicalJson(current[k as keyof PlanRow]) !== canonicalJson(changes[k as keyof repo.PlanChanges]))
    if (changed.length === 0) return toPlan(current)
    const plan = await repo.updatePlan(tx, current.id, Object.fromEntries(changed.map((k) => [k, changes[k as keyof repo.PlanChanges]])))
    await recordPlanChange(tx, principal, actor, caseRow, plan, { type: 'plan.updated', data: { changedFields: changed } }, 'update', changed)
    return toPlan(plan)
  })
}

export async function transitionPlan(db: Database, principal: Principal, actor: AuditActor, scope: CaseScope, planId: string, expectedVersion: number, input: PlanTransition): Promise<Plan> {
  const { caseId } = scope
  return db.transaction(async (tx) => {
    const { caseRow, access } = await loadCaseForPlanWrite(tx, scope)
    const current = await repo.findPlanForUpdate(tx, caseId, planId)
    if (!current) throw notFound('Il progetto')
    assertCanTakeAction(access, input.action)
    assertVersion(current.version, expectedVersion)
    const rule = assertTransitionAllowed(current, input.action)
    assertCaseOpenForPlans(caseRow)
    const now = new Date()
    let changes: repo.PlanChanges
    const fromTo = { from: current.status, to: rule.to }
    let event: PlanEvent
    switch (input.action) {
      case 'submit':
        if (current.objectives.length === 0) {
          throw unprocessable([{ rule: 'plan_needs_objectives', value: 0, limit: 1, detail: 'Il progetto deve avere almeno un obiettivo per essere inviato in approvazione.' }])
        }
        changes = { status: 'submitted', submittedAt: now, submittedBy: principal.userId }
        event = { type: 'plan.submitted', data: fromTo }
        break
      case 'approve':
        changes = { status: 'approved', approvedAt: now, approvedBy: principal.userId }
        event = { type: 'plan.approved', data: fromTo }
        break
      case 'return': {
        const reason = input.reason?.trim()
        if (!reason) throw validationFailed([{ pointer: '/reason', code: 'required', detail: 'Indica il motivo per cui il progetto torna in bozza.' }])
        changes = { status: 'draft', returnReason: reason, returnedAt: now, returnedBy: principal.userId, submittedAt: null, submittedBy: null }
        event = { type: 'plan.returned', data: { ...fromTo, reason } }
        break
      }
      case 'sign': {
        if (input.signedOn === undefined) throw validationFailed([{ pointer: '/signedOn', code: 'required', detail: 'Indica la data in cui la persona ha firmato il patto.' }])
        if (input.signedOn > todayInItaly()) throw fieldUnprocessable([{ pointer: '/signedOn', code: 'date_in_future', detail: 'La data della firma non può essere nel futuro.' }])
        // The version signed before stops being in force: superseded first, so only one is ever signed.
        const previous = await repo.findSignedPlan(tx, caseId, current.id)
        if (previous) {
          const superseded = await repo.updatePlan(tx, previous.id, { status: 'superseded', supersededAt: now })
          await recordPlanChange(tx, principal, actor, caseRow, superseded, { type: 'plan.superseded', data: { from: 'signed', to: 'superseded', byPlanId: current.id } }, 'supersede', ['status', 'supersededAt'])
        }
        changes = { status: 'signed', signedOn: input.signedOn, signedRecordedBy: principal.userId }
        event = { type: 'plan.signed', data: { ...fromTo, signedOn: input.signedOn, ...(previous ? { supersededPlanId: previous.id } : {}) } }
        break
      }
    }
    const plan = await repo.updatePlan(tx, current.id, changes)
    await recordPlanChange(tx, principal, actor, caseRow, plan, event, input.action, Object.keys(changes))
    return toPlan(plan)
  })
}

/**
 * A new draft version from a submitted, approved or signed one, carrying over its objectives,
 * supports, review date and pending commitments. A submitted or approved source is superseded at
 * once; a signed one stays in force until the new version is signed.
 */
export async function revisePlan(db: Database, principal: Principal, actor: AuditActor, scope: CaseScope, planId: string): Promise<Plan> {
  const { caseId } = scope
  return db.transaction(async (tx) => {
    const { caseRow } = await loadCaseForPlanWrite(tx, scope)
    const source = await repo.findPlanForUpdate(tx, caseId, planId)
    if (!source) throw notFound('Il progetto')
    if (!REVISABLE_STATUSES.includes(source.status)) {
      throw conflict(
        'plan-not-revisable',
        source.status === 'draft' ? 'Una bozza si modifica direttamente: la revisione parte da una versione inviata, approvata o firmata.' : 'Questa versione è stata sostituita: rivedi la versione più recente.',
      )
    }
    assertCaseOpenForPlans(caseRow)
    const now = new Date()
    if (source.status === 'signed') {
      const inProgress = await repo.findPlanInProgress(tx, caseId)
      if (inProgress) throw conflict('plan-in-progress', `Esiste già una revisione in lavorazione (versione ${inProgress.versionNumber}).`, { existingId: inProgress.id })
    } else {
      const superseded = await repo.updatePlan(tx, source.id, { status: 'superseded', supersededAt: now })
      await recordPlanChange(tx, principal, actor, caseRow, superseded, { type: 'plan.superseded', data: { from: source.status, to: 'superseded' } }, 'supersede', ['status', 'supersededAt'])
    }
    const plan = await repo.insertPlan(tx, {
      caseId,
      versionNumber: (await repo.lastVersionNumber(tx, caseId)) + 1,
      status: 'draft',
      revisedFromId: source.id,
      objectives: source.objectives,
      supports: source.supports,
      reviewDate: source.reviewDate,
      createdBy: principal.userId,
    })
    const pending = await repo.listPendingCommitments(tx, source.id)
    const copied = await repo.insertCommitments(
      tx,
      pending.map((c) => ({
        planId: plan.id,
        caseId,
        who: c.who,
        responsibleName: c.responsibleName,
        partnerOrganisationId: c.partnerOrganisationId,
        what: c.what,
        dueDate: c.status === 'rescheduled' && c.rescheduledTo ? c.rescheduledTo : c.dueDate,
        status: 'open' as const,
        copiedFromId: c.id,
        createdBy: principal.userId,
      })),
    )
    await recordPlanChange(
      tx,
      principal,
      actor,
      caseRow,
      plan,
      { type: 'plan.revised', data: { revisedFromId: source.id, revisedFromVersionNumber: source.versionNumber, commitmentsCarriedOver: copied.length } },
      'create',
      ['status', 'objectives', 'supports', 'reviewDate'],
    )
    if (copied.length > 0) {
      await recordAudit(tx, actor, copied.map((c) => ({ action: 'create', resourceType: 'plan_commitment', resourceId: c.id, organisationId: caseRow.municipalityId, changedFields: ['who', 'responsibleName', 'what', 'dueDate'] })))
    }
    return toPlan(plan)
  })
}

/**
 * The coordinator's queue: submitted versions of the open cases the caller sees as a coordinator,
 * the oldest submission first. Anyone else (case managers, partners) gets an empty page.
 */
export async function listPlansAwaitingApproval(db: Database, principal: Principal, query: PlanAwaitingApprovalListQuery, recordRead: RecordRead): Promise<PlanAwaitingApprovalPage> {
  const limit = query.limit ?? 50
  const rows = await repo.listPlansAwaitingApproval(db, { visibleCases: coordinatedCasesCondition(principal), after: decodeInstantIdCursor(query.cursor), limit })
  const page = toPage(
    rows,
    limit,
    (row) => ({
      id: row.id,
      caseId: row.caseId,
      versionNumber: row.versionNumber,
      submittedAt: row.submittedAt!.toISOString(),
      submittedBy: row.submittedBy,
      submittedByName: row.submittedByName,
      person: row.person,
    }),
    (row) => [row.submittedAtKey, row.id],
  )
  for (const row of rows.slice(0, limit)) recordRead(RESOURCE, row.id, row.municipalityId)
  return page
}
