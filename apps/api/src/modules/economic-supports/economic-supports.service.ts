/**
 * Economic support rules: requests with a positive amount and a coherent period, editable while
 * requested; the coordinator's decision (approved, possibly for less, or rejected with a reason);
 * the payment of an approved support. Every change writes a timeline event (municipality audience)
 * and an audit entry in its transaction; every read is audited.
 */
import type {
  EconomicSupport,
  EconomicSupportAwaitingDecisionListQuery,
  EconomicSupportAwaitingDecisionPage,
  EconomicSupportCreate,
  EconomicSupportDecision,
  EconomicSupportListQuery,
  EconomicSupportPage,
  EconomicSupportPatch,
  EconomicSupportPayment,
  ProblemFieldError,
} from '@ponte/shared'
import type { Database, Db } from '../../db/client.js'
import type { EconomicSupportRow } from '../../db/schema/index.js'
import { type AuditActor, changedFields, recordAudit } from '../../lib/audit.js'
import { badRequest, fieldUnprocessable, notFound } from '../../lib/errors.js'
import { assertVersion, decodeCursor, decodeInstantIdCursor, toPage } from '../../lib/http.js'
import type { Principal } from '../../lib/principal.js'
import { recordCaseEvent } from '../cases/case-events.js'
import { assertCaseOpen, coordinatedCasesCondition, type CaseScope } from '../cases/cases.policy.js'
import { assertCanDecideEconomicSupport, assertCanDecideEconomicSupports, assertCanRecordPayment, assertCanUpdateEconomicSupport, assertCanWorkEconomicSupports, economicSupportPermissions } from './economic-supports.policy.js'
import * as repo from './economic-supports.repository.js'
import { dateInItaly } from '../../lib/dates.js'

/** Who calls, as the services need it: the principal, the audit actor and the read-audit hook. */
export interface Caller {
  principal: Principal
  actor: AuditActor
  auditRead: (resourceType: string, resourceId: string, organisationId: string) => void
}

const RESOURCE = 'economic_support'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A date in Italy (payments and decisions are dated in local time). */

/** The support as the caller sees it through `scope`, with what they may do on it now. */
export function toEconomicSupport({ support, requestedByName, decidedByName }: repo.SupportView, scope: CaseScope): EconomicSupport {
  return {
    id: support.id,
    caseId: support.caseId,
    type: support.type,
    amountCents: support.amountCents,
    approvedAmountCents: support.approvedAmountCents,
    periodFrom: support.periodFrom,
    periodTo: support.periodTo,
    purpose: support.purpose,
    status: support.status,
    decisionNote: support.decisionNote,
    requestedBy: support.requestedBy,
    requestedByName,
    decidedBy: support.decidedBy,
    decidedByName,
    decidedAt: support.decidedAt?.toISOString() ?? null,
    paidOn: support.paidOn,
    permissions: economicSupportPermissions(scope, support),
    version: support.version,
    createdAt: support.createdAt.toISOString(),
    updatedAt: support.updatedAt.toISOString(),
  }
}

/** The amount and period rules of a request as it would be after the write, each naming its field. */
function requestErrors(request: { amountCents: number; periodFrom: string; periodTo: string }): ProblemFieldError[] {
  const errors: ProblemFieldError[] = []
  if (request.amountCents <= 0) errors.push({ pointer: '/amountCents', code: 'amount_not_positive', detail: 'L\'importo deve essere maggiore di zero.' })
  if (request.periodFrom > request.periodTo) errors.push({ pointer: '/periodTo', code: 'period_end_before_start', detail: 'La fine del periodo non può precedere l\'inizio.' })
  return errors
}

async function reload(db: Db, scope: CaseScope, id: string) {
  return toEconomicSupport((await repo.findSupport(db, scope.caseId, id))!, scope)
}

async function lockForChange(db: Db, caseId: string, supportId: string, expectedVersion: number): Promise<EconomicSupportRow> {
  const current = await repo.lockSupport(db, caseId, supportId)
  if (!current) throw notFound('Il contributo')
  assertVersion(current.version, expectedVersion)
  return current
}

export async function listEconomicSupports(db: Database, caller: Caller, scope: CaseScope, query: EconomicSupportListQuery): Promise<EconomicSupportPage> {
  const { caseId, row: caseRow, access } = scope
  assertCanWorkEconomicSupports(access)
  const limit = query.limit ?? 50
  const cursor = decodeCursor(query.cursor, 1)
  if (cursor && !UUID.test(String(cursor[0]))) throw badRequest('Il cursore non è valido.', [{ pointer: '/cursor', detail: 'Invalid cursor' }])
  const rows = await repo.listSupports(db, caseId, { status: query.status, type: query.type, beforeId: cursor ? String(cursor[0]) : null, limit })
  const page = toPage(rows, limit, (view) => toEconomicSupport(view, scope), (r) => [r.support.id])
  for (const item of page.items) caller.auditRead(RESOURCE, item.id, caseRow.municipalityId)
  return page
}

export async function readEconomicSupport(db: Database, caller: Caller, scope: CaseScope, supportId: string): Promise<EconomicSupport> {
  const { caseId, row: caseRow, access } = scope
  assertCanWorkEconomicSupports(access)
  const view = await repo.findSupport(db, caseId, supportId)
  if (!view) throw notFound('Il contributo')
  caller.auditRead(RESOURCE, view.support.id, caseRow.municipalityId)
  return toEconomicSupport(view, scope)
}

export async function requestEconomicSupport(db: Database, caller: Caller, scope: CaseScope, input: EconomicSupportCreate): Promise<EconomicSupport> {
  const { caseId } = scope
  return db.transaction(async (tx) => {
    const { row: caseRow, access } = scope
    assertCanWorkEconomicSupports(access)
    assertCaseOpen(caseRow)
    const errors = requestErrors(input)
    if (errors.length > 0) throw fieldUnprocessable(errors, 'La richiesta di contributo non rispetta le regole.')
    const row = await repo.insertSupport(tx, {
      caseId,
      type: input.type,
      amountCents: input.amountCents,
      periodFrom: input.periodFrom,
      periodTo: input.periodTo,
      purpose: input.purpose ?? null,
      requestedBy: caller.principal.userId,
    })
    await recordCaseEvent(tx, {
      caseId,
      type: 'economic_support.requested',
      audience: 'municipality',
      actorUserId: caller.principal.userId,
      resourceType: RESOURCE,
      resourceId: row.id,
      data: { supportType: row.type, amountCents: row.amountCents, periodFrom: row.periodFrom, periodTo: row.periodTo },
    })
    await recordAudit(tx, caller.actor, [
      { action: 'create', resourceType: RESOURCE, resourceId: row.id, organisationId: caseRow.municipalityId, changedFields: ['type', 'amountCents', 'periodFrom', 'periodTo', ...(row.purpose !== null ? ['purpose'] : [])] },
    ])
    return reload(tx, scope, row.id)
  })
}

export async function updateEconomicSupport(db: Database, caller: Caller, scope: CaseScope, supportId: string, expectedVersion: number, patch: EconomicSupportPatch): Promise<EconomicSupport> {
  const { caseId } = scope
  return db.transaction(async (tx) => {
    const { row: caseRow, access } = scope
    assertCanWorkEconomicSupports(access)
    const current = await lockForChange(tx, caseId, supportId, expectedVersion)
    assertCanUpdateEconomicSupport(scope, current)

    const changes: repo.EconomicSupportChanges = {}
    if (patch.type !== undefined) changes.type = patch.type
    if (patch.amountCents !== undefined) changes.amountCents = patch.amountCents
    if (patch.periodFrom !== undefined) changes.periodFrom = patch.periodFrom
    if (patch.periodTo !== undefined) changes.periodTo = patch.periodTo
    if (patch.purpose !== undefined) changes.purpose = patch.purpose
    const changed = changedFields(current, changes)
    if (changed.length === 0) return reload(tx, scope, supportId)
    const errors = requestErrors({ ...current, ...changes } as EconomicSupportRow)
    if (errors.length > 0) throw fieldUnprocessable(errors, 'La richiesta di contributo non rispetta le regole.')

    await repo.updateSupport(tx, supportId, Object.fromEntries(changed.map((k) => [k, changes[k as keyof repo.EconomicSupportChanges]])))
    await recordCaseEvent(tx, {
      caseId,
      type: 'economic_support.updated',
      audience: 'municipality',
      actorUserId: caller.principal.userId,
      resourceType: RESOURCE,
      resourceId: supportId,
      data: { changedFields: changed },
    })
    await recordAudit(tx, caller.actor, [{ action: 'update', resourceType: RESOURCE, resourceId: supportId, organisationId: caseRow.municipalityId, changedFields: changed }])
    return reload(tx, scope, supportId)
  })
}

function decisionErrors(support: EconomicSupportRow, input: EconomicSupportDecision): ProblemFieldError[] {
  const errors: ProblemFieldError[] = []
  if (input.to === 'rejected') {
    if (!input.note?.trim()) errors.push({ pointer: '/note', code: 'reason_required', detail: 'Per respingere una richiesta serve il motivo.' })
    if (input.approvedAmountCents !== undefined) errors.push({ pointer: '/approvedAmountCents', code: 'field_not_allowed', detail: 'L\'importo approvato si indica solo approvando.' })
  } else if (input.approvedAmountCents !== undefined) {
    if (input.approvedAmountCents <= 0) errors.push({ pointer: '/approvedAmountCents', code: 'amount_not_positive', detail: 'L\'importo approvato deve essere maggiore di zero.' })
    else if (input.approvedAmountCents > support.amountCents) {
      errors.push({ pointer: '/approvedAmountCents', code: 'approved_above_requested', detail: 'L\'importo approvato non può superare quello richiesto.' })
    }
  }
  return errors
}

export async function decideEconomicSupport(db: Database, caller: Caller, scope: CaseScope, supportId: string, expectedVersion: number, input: EconomicSupportDecision): Promise<EconomicSupport> {
  const { caseId } = scope
  return db.transaction(async (tx) => {
    const { row: caseRow, access } = scope
    assertCanWorkEconomicSupports(access)
    assertCanDecideEconomicSupports(access)
    const current = await lockForChange(tx, caseId, supportId, expectedVersion)
    assertCanDecideEconomicSupport(scope, current, input.to)
    const errors = decisionErrors(current, input)
    if (errors.length > 0) throw fieldUnprocessable(errors, 'La decisione sul contributo non è completa.')

    const approvedAmountCents = input.to === 'approved' ? (input.approvedAmountCents ?? current.amountCents) : null
    await repo.updateSupport(tx, supportId, {
      status: input.to,
      approvedAmountCents,
      decisionNote: input.note?.trim() ?? null,
      decidedBy: caller.principal.userId,
      decidedAt: new Date(),
    })
    await recordCaseEvent(tx, {
      caseId,
      type: `economic_support.${input.to}`,
      audience: 'municipality',
      actorUserId: caller.principal.userId,
      resourceType: RESOURCE,
      resourceId: supportId,
      data: { from: current.status, to: input.to, supportType: current.type, amountCents: current.amountCents, ...(approvedAmountCents !== null ? { approvedAmountCents } : {}) },
    })
    await recordAudit(tx, caller.actor, [
      { action: 'transition', resourceType: RESOURCE, resourceId: supportId, organisationId: caseRow.municipalityId, changedFields: ['status', 'decidedBy', 'decidedAt', ...(approvedAmountCents !== null ? ['approvedAmountCents'] : []), ...(input.note ? ['decisionNote'] : [])] },
    ])
    return reload(tx, scope, supportId)
  })
}

export async function recordPayment(db: Database, caller: Caller, scope: CaseScope, supportId: string, expectedVersion: number, input: EconomicSupportPayment): Promise<EconomicSupport> {
  const { caseId } = scope
  return db.transaction(async (tx) => {
    const { row: caseRow, access } = scope
    assertCanWorkEconomicSupports(access)
    assertCanDecideEconomicSupports(access)
    const current = await lockForChange(tx, caseId, supportId, expectedVersion)
    assertCanRecordPayment(scope, current)
    const errors: ProblemFieldError[] = []
    if (input.paidOn > dateInItaly()) errors.push({ pointer: '/paidOn', code: 'paid_in_future', detail: 'La data di pagamento non può essere futura.' })
    else if (current.decidedAt && input.paidOn < dateInItaly(current.decidedAt)) {
      errors.push({ pointer: '/paidOn', code: 'paid_before_approval', detail: 'La data di pagamento non può precedere l\'approvazione.' })
    }
    if (errors.length > 0) throw fieldUnprocessable(errors, 'Il pagamento non rispetta le regole.')

    await repo.updateSupport(tx, supportId, { status: 'paid', paidOn: input.paidOn, paymentRecordedBy: caller.principal.userId })
    await recordCaseEvent(tx, {
      caseId,
      type: 'economic_support.paid',
      audience: 'municipality',
      actorUserId: caller.principal.userId,
      resourceType: RESOURCE,
      resourceId: supportId,
      data: { from: current.status, to: 'paid', supportType: current.type, paidOn: input.paidOn, amountCents: current.approvedAmountCents },
    })
    await recordAudit(tx, caller.actor, [{ action: 'transition', resourceType: RESOURCE, resourceId: supportId, organisationId: caseRow.municipalityId, changedFields: ['status', 'paidOn'] }])
    return reload(tx, scope, supportId)
  })
}

/**
 * The coordinator's queue: supports still `requested` on the cases the caller sees as a
 * coordinator, the oldest request first. Anyone else (case managers, partners) gets an empty page.
 */
export async function listEconomicSupportsAwaitingDecision(db: Database, caller: Caller, query: EconomicSupportAwaitingDecisionListQuery): Promise<EconomicSupportAwaitingDecisionPage> {
  const limit = query.limit ?? 50
  const rows = await repo.listSupportsAwaitingDecision(db, { visibleCases: coordinatedCasesCondition(caller.principal), after: decodeInstantIdCursor(query.cursor), limit })
  const page = toPage(
    rows,
    limit,
    ({ support, requestedByName, person }) => ({
      id: support.id,
      caseId: support.caseId,
      type: support.type,
      amountCents: support.amountCents,
      periodFrom: support.periodFrom,
      periodTo: support.periodTo,
      requestedBy: support.requestedBy,
      requestedByName,
      createdAt: support.createdAt.toISOString(),
      person,
    }),
    (row) => [row.createdAtKey, row.support.id],
  )
  for (const row of rows.slice(0, limit)) caller.auditRead(RESOURCE, row.support.id, row.municipalityId)
  return page
}
