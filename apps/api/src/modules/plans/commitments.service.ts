/**
 * Commitment use cases: the impegni of a plan version — added and edited while it is a draft; on
 * the signed version only their status moves (met, missed, rescheduled to a new date) — and the
 * overdue ones across the cases a coordinator or case manager works.
 */
import type { Commitment, CommitmentCreate, CommitmentListQuery, CommitmentPage, CommitmentPatch, OverdueCommitment, OverdueCommitmentListQuery, OverdueCommitmentPage, ProblemFieldError } from '@ponte/shared'
import type { Database, Db } from '../../db/client.js'
import type { CaseRow, CommitmentRow, PlanRow } from '../../db/schema/index.js'
import { type AuditActor, changedFields, recordAudit } from '../../lib/audit.js'
import { badRequest, conflict, fieldUnprocessable, notFound } from '../../lib/errors.js'
import { assertVersion, decodeCursor, toPage } from '../../lib/http.js'
import type { Principal } from '../../lib/principal.js'
import { recordCaseEvent } from '../cases/case-events.js'
import type { CaseScope } from '../cases/cases.policy.js'
import { assertCanWorkPlans, assertCaseOpenForPlans, assertPlanIsDraft, municipalCasesCondition } from './plans.policy.js'
import * as repo from './plans.repository.js'
import { todayInItaly } from '../../lib/dates.js'
import { loadCaseForPlanWrite, type RecordRead } from './plans.service.js'

const RESOURCE = 'plan_commitment'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const DATE = /^\d{4}-\d{2}-\d{2}$/

/** On a signed version these are the only fields that may still change. */
const STATUS_FIELDS = ['status', 'rescheduledTo', 'doneOn'] as const

export function toCommitment(row: CommitmentRow & { progressNoteCount?: number }): Commitment {
  return {
    id: row.id,
    planId: row.planId,
    caseId: row.caseId,
    who: row.who,
    responsibleName: row.responsibleName,
    what: row.what,
    dueDate: row.dueDate,
    status: row.status,
    rescheduledTo: row.rescheduledTo,
    doneOn: row.doneOn,
    partnerOrganisationId: row.partnerOrganisationId,
    progressNoteCount: row.progressNoteCount ?? 0,
    copiedFromId: row.copiedFromId,
    createdBy: row.createdBy,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

function decodeDateIdCursor(cursor: string | undefined) {
  const values = decodeCursor(cursor, 2)
  if (values && (!DATE.test(String(values[0])) || !UUID.test(String(values[1])))) throw badRequest('Il cursore non è valido.', [{ pointer: '/cursor', detail: 'Invalid cursor' }])
  return values ? { dueDate: String(values[0]), id: String(values[1]) } : null
}

export async function listCommitments(db: Database, principal: Principal, scope: CaseScope, planId: string, query: CommitmentListQuery, recordRead: RecordRead): Promise<CommitmentPage> {
  const { caseId, row: caseRow, access } = scope
  assertCanWorkPlans(access)
  const plan = await repo.findPlan(db, caseId, planId)
  if (!plan) throw notFound('Il progetto')
  const limit = query.limit ?? 50
  const rows = await repo.listCommitments(db, planId, { status: query.status, after: decodeDateIdCursor(query.cursor), limit })
  const page = toPage(rows, limit, toCommitment, (row) => [row.dueDate, row.id])
  for (const item of page.items) recordRead(RESOURCE, item.id, caseRow.municipalityId)
  return page
}

/**
 * The rules of a commitment's status as it would be after the write: `rescheduled` needs a new due
 * date after the original one; a new date is set only together with `rescheduled`.
 */
function statusErrors(current: Pick<CommitmentRow, 'dueDate' | 'status' | 'rescheduledTo' | 'doneOn'>, changes: repo.CommitmentChanges): ProblemFieldError[] {
  const next = { ...current, ...changes }
  if (next.doneOn) {
    if (next.status !== 'met') return [{ pointer: '/doneOn', code: 'only_when_met', detail: 'La data di svolgimento si indica solo per un impegno rispettato (stato "met").' }]
    if (next.doneOn > todayInItaly()) return [{ pointer: '/doneOn', code: 'in_future', detail: 'La data di svolgimento non può essere futura.' }]
  }
  if (next.status === 'rescheduled') {
    if (next.rescheduledTo === null || next.rescheduledTo === undefined) {
      return [{ pointer: '/rescheduledTo', code: 'required_when_rescheduled', detail: 'Un impegno rinviato ha bisogno della nuova scadenza.' }]
    }
    if (next.rescheduledTo <= next.dueDate) {
      return [{ pointer: '/rescheduledTo', code: 'not_after_due_date', detail: 'La nuova scadenza deve essere successiva a quella originale.' }]
    }
  } else if (changes.rescheduledTo !== undefined && changes.rescheduledTo !== null && changes.rescheduledTo !== current.rescheduledTo) {
    return [{ pointer: '/rescheduledTo', code: 'only_when_rescheduled', detail: 'La nuova scadenza si indica solo rinviando l\'impegno (stato "rescheduled").' }]
  }
  return []
}

/**
 * A `partner` commitment may name the partner organisation whose service takes it on: one the case
 * is referred to (a requested or accepted referral). Any other party names none.
 */
async function partnerErrors(tx: Db, caseId: string, who: CommitmentRow['who'], partnerOrganisationId: string | null | undefined): Promise<ProblemFieldError[]> {
  if (!partnerOrganisationId) return []
  if (who !== 'partner') return [{ pointer: '/partnerOrganisationId', code: 'only_for_partner', detail: 'L\'ente partner si indica solo per un impegno del partner.' }]
  if (!(await repo.isReferredTo(tx, caseId, partnerOrganisationId))) {
    return [{ pointer: '/partnerOrganisationId', code: 'not_referred', detail: 'Il caso non è inviato a questo ente: prima crea l\'invio.' }]
  }
  return []
}

export async function createCommitment(db: Database, principal: Principal, actor: AuditActor, scope: CaseScope, planId: string, input: CommitmentCreate): Promise<Commitment> {
  const { caseId } = scope
  return db.transaction(async (tx) => {
    const { caseRow } = await loadCaseForPlanWrite(tx, scope)
    const plan = await repo.findPlanForUpdate(tx, caseId, planId)
    if (!plan) throw notFound('Il progetto')
    assertPlanIsDraft(plan)
    assertCaseOpenForPlans(caseRow)
    const values = { who: input.who, responsibleName: input.responsibleName?.trim() || null, what: input.what.trim(), dueDate: input.dueDate, partnerOrganisationId: input.partnerOrganisationId ?? null }
    const errors = await partnerErrors(tx, caseId, values.who, values.partnerOrganisationId)
    if (errors.length > 0) throw fieldUnprocessable(errors)
    const [row] = await repo.insertCommitments(tx, [{ ...values, planId, caseId, status: 'open', createdBy: principal.userId }])
    await recordCaseEvent(tx, {
      caseId,
      type: 'commitment.created',
      audience: 'municipality',
      actorUserId: principal.userId,
      resourceType: RESOURCE,
      resourceId: row!.id,
      data: { planId, versionNumber: plan.versionNumber, who: row!.who, dueDate: row!.dueDate, ...partnerData(row!) },
    })
    await recordAudit(tx, actor, [
      { action: 'create', resourceType: RESOURCE, resourceId: row!.id, organisationId: caseRow.municipalityId, changedFields: Object.keys(values).filter((k) => values[k as keyof typeof values] !== null) },
    ])
    return toCommitment(row!)
  })
}

/** On a signed version, 409 naming each content field the patch would change. */
function assertOnlyStatusChanges(plan: PlanRow, changed: string[]): void {
  const content = changed.filter((k) => !(STATUS_FIELDS as readonly string[]).includes(k))
  if (content.length === 0) return
  const errors = content.map((k) => ({ pointer: `/${k}`, code: 'frozen', detail: 'Il progetto è firmato: dell\'impegno si può cambiare solo lo stato.' }))
  throw conflict('plan-signed', `Il progetto (versione ${plan.versionNumber}) è firmato: dei suoi impegni si può aggiornare solo lo stato e la nuova scadenza.`, { errors })
}

export async function updateCommitment(db: Database, principal: Principal, actor: AuditActor, scope: CaseScope, planId: string, commitmentId: string, expectedVersion: number, patch: CommitmentPatch): Promise<Commitment> {
  const { caseId } = scope
  return db.transaction(async (tx) => {
    const { caseRow } = await loadCaseForPlanWrite(tx, scope)
    const plan = await repo.findPlanForUpdate(tx, caseId, planId)
    if (!plan) throw notFound('Il progetto')
    const current = await repo.findCommitmentForUpdate(tx, planId, commitmentId)
    if (!current) throw notFound('L\'impegno')
    return applyCommitmentPatch(tx, principal, actor, caseRow, plan, current, expectedVersion, patch)
  })
}

/** The organisation a partner commitment's events are also addressed to (the change feed and webhooks of that partner). */
const partnerData = (row: Pick<CommitmentRow, 'partnerOrganisationId'>) => (row.partnerOrganisationId ? { partnerOrganisation: { id: row.partnerOrganisationId } } : {})

/**
 * Applies a merge patch to a locked commitment of a locked plan, by the rules of its version: every
 * field on a draft, only the status (met with its day, missed, rescheduled to a new date) on the
 * signed version. Writes the timeline, the domain event and the audit entry; shared by the plan's
 * route and the case-level route the partner's operators use.
 */
export async function applyCommitmentPatch(
  tx: Db,
  principal: Principal,
  actor: AuditActor,
  caseRow: CaseRow,
  plan: PlanRow,
  current: CommitmentRow,
  expectedVersion: number,
  patch: CommitmentPatch,
): Promise<Commitment> {
  assertVersion(current.version, expectedVersion)
  const changes: repo.CommitmentChanges = {}
  if (patch.who !== undefined) changes.who = patch.who
  if (patch.responsibleName !== undefined) changes.responsibleName = patch.responsibleName?.trim() || null
  if (patch.what !== undefined) changes.what = patch.what.trim()
  if (patch.dueDate !== undefined) changes.dueDate = patch.dueDate
  if (patch.status !== undefined) changes.status = patch.status
  if (patch.rescheduledTo !== undefined) changes.rescheduledTo = patch.rescheduledTo
  if (patch.doneOn !== undefined) changes.doneOn = patch.doneOn
  if (patch.partnerOrganisationId !== undefined) changes.partnerOrganisationId = patch.partnerOrganisationId
  // Met without a day: done today. Leaving `met` forgets the day it was done.
  if (changes.status === 'met' && current.status !== 'met' && changes.doneOn === undefined) changes.doneOn = todayInItaly()
  if (changes.status !== undefined && changes.status !== 'met' && changes.doneOn === undefined) changes.doneOn = null
  // No longer the partner's: no partner organisation either.
  if (changes.who !== undefined && changes.who !== 'partner' && changes.partnerOrganisationId === undefined) changes.partnerOrganisationId = null
  const changed = changedFields(current, changes)
  if (changed.length === 0) return toCommitment({ ...current, progressNoteCount: await repo.countProgressNotes(tx, current.id) })
  // The signed version is in force: its commitments are kept, met, missed or rescheduled, never rewritten.
  if (plan.status === 'signed') assertOnlyStatusChanges(plan, changed)
  else assertPlanIsDraft(plan)
  assertCaseOpenForPlans(caseRow)
  const errors = statusErrors(current, changes)
  if (changed.includes('partnerOrganisationId') || changed.includes('who')) errors.push(...(await partnerErrors(tx, caseRow.id, changes.who ?? current.who, changes.partnerOrganisationId !== undefined ? changes.partnerOrganisationId : current.partnerOrganisationId)))
  if (errors.length > 0) throw fieldUnprocessable(errors)
  const row = await repo.updateCommitment(tx, current.id, Object.fromEntries(changed.map((k) => [k, changes[k as keyof repo.CommitmentChanges]])))
  const statusChanged = row.status !== current.status
  const where = { caseId: caseRow.id, audience: 'municipality', actorUserId: principal.userId, resourceType: RESOURCE, resourceId: row.id } as const
  const data = {
    planId: plan.id,
    versionNumber: plan.versionNumber,
    ...(row.status === 'rescheduled' ? { rescheduledTo: row.rescheduledTo } : {}),
    ...(row.status === 'met' && row.doneOn ? { doneOn: row.doneOn } : {}),
    ...partnerData(row),
    changedFields: changed,
  }
  await recordCaseEvent(
    tx,
    statusChanged ? { ...where, type: 'commitment.status_changed', data: { ...data, from: current.status, to: row.status } } : { ...where, type: 'commitment.updated', data },
  )
  await recordAudit(tx, actor, [{ action: 'update', resourceType: RESOURCE, resourceId: row.id, organisationId: caseRow.municipalityId, changedFields: changed }])
  return toCommitment({ ...row, progressNoteCount: await repo.countProgressNotes(tx, row.id) })
}

/**
 * Open (or rescheduled) commitments past their due date on the signed plans of the open cases the
 * caller works as a coordinator or case manager — never through a partner's referral.
 */
export async function listOverdueCommitments(db: Database, principal: Principal, query: OverdueCommitmentListQuery, recordRead: RecordRead): Promise<OverdueCommitmentPage> {
  const limit = query.limit ?? 50
  const rows = await repo.listOverdueCommitments(db, {
    visibleCases: municipalCasesCondition(principal),
    today: todayInItaly(),
    assignedTo: query.assignedTo === 'me' ? principal.userId : query.assignedTo,
    after: decodeDateIdCursor(query.cursor),
    limit,
  })
  const page = toPage(
    rows,
    limit,
    (row): OverdueCommitment => ({ ...toCommitment(row.commitment), personId: row.personId, personName: row.personName, caseManagerId: row.caseManagerId }),
    (row) => [row.dueOn, row.commitment.id],
  )
  for (const row of rows.slice(0, limit)) recordRead(RESOURCE, row.commitment.id, row.municipalityId)
  return page
}
