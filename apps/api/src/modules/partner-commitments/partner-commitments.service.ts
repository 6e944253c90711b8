/**
 * Partner commitments: the commitments of a case's plan in force assigned to a partner's service,
 * as its operators work them on a referred case (status, the day done, progress notes) and as the
 * municipality's staff follow them; the partner's list across its referred cases. Reads are
 * audited; every write records the timeline, the domain event (addressed to the partner too) and
 * the audit entry in one transaction.
 */
import type {
  CasePartnerCommitmentListQuery,
  Commitment,
  CommitmentPatch,
  CommitmentProgressNote,
  CommitmentProgressNoteCreate,
  CommitmentProgressNoteListQuery,
  CommitmentProgressNotePage,
  PartnerCommitment,
  PartnerCommitmentListQuery,
  PartnerCommitmentPage,
} from '@ponte/shared'
import { eq } from 'drizzle-orm'
import type { Database, Db } from '../../db/client.js'
import { plans } from '../../db/schema/index.js'
import { recordAudit } from '../../lib/audit.js'
import type { Caller } from '../../lib/caller.js'
import { badRequest } from '../../lib/errors.js'
import { decodeCursor, toPage } from '../../lib/http.js'
import { recordCaseEvent } from '../cases/case-events.js'
import { lockCaseScope, type CaseAccess, type CaseScope } from '../cases/cases.policy.js'
import { applyCommitmentPatch, toCommitment } from '../plans/commitments.service.js'
import { assertCanAddProgressNote, caseCommitmentsCondition, commitmentNotFound, partnerCommitmentPermissions, partnerCommitmentsCondition } from './partner-commitments.policy.js'
import * as repo from './partner-commitments.repository.js'

const RESOURCE = 'plan_commitment'
const NOTE_RESOURCE = 'commitment_progress_note'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const DATE = /^\d{4}-\d{2}-\d{2}$/

const invalidCursor = () => badRequest('Il cursore non è valido.', [{ pointer: '/cursor', detail: 'Invalid cursor' }])

function decodeDueCursor(cursor: string | undefined) {
  const values = decodeCursor(cursor, 2)
  if (values && (!DATE.test(String(values[0])) || !UUID.test(String(values[1])))) throw invalidCursor()
  return values ? { dueDate: String(values[0]), id: String(values[1]) } : null
}

function decodeIdCursor(cursor: string | undefined) {
  const values = decodeCursor(cursor, 1)
  if (values && !UUID.test(String(values[0]))) throw invalidCursor()
  return values ? String(values[0]) : null
}

export function toPartnerCommitment(view: repo.CommitmentView): PartnerCommitment {
  return {
    ...toCommitment(view.commitment),
    partnerOrganisation: { id: view.commitment.partnerOrganisationId!, name: view.partnerName ?? '' },
    person: view.person,
    planVersionNumber: view.planVersionNumber,
    permissions: partnerCommitmentPermissions({ status: view.caseStatus }, { status: view.planStatus }),
  }
}

function toProgressNote(view: repo.ProgressNoteView): CommitmentProgressNote {
  const row = view.row
  return {
    id: row.id,
    commitmentId: row.commitmentId,
    caseId: row.caseId,
    text: row.text,
    author: row.authorId && view.authorName ? { id: row.authorId, name: view.authorName } : null,
    authorOrganisation: { id: row.authorOrganisationId, name: view.organisationName },
    version: row.version,
    createdAt: row.createdAt.toISOString(),
  }
}

/** The commitment of the case the caller's access reaches, or 404. */
async function visibleCommitment(db: Db, caller: Caller, access: CaseAccess, caseId: string, commitmentId: string) {
  const view = await repo.findCommitmentView(db, caseId, commitmentId, caseCommitmentsCondition(caller.principal, access))
  if (!view) throw commitmentNotFound()
  return view
}

/**
 * The partner commitments of a case's plan in force: a partner's operators see those assigned to
 * their organisation, the municipality's staff every one assigned to a partner.
 */
export async function listCasePartnerCommitments(db: Database, caller: Caller, scope: CaseScope, query: CasePartnerCommitmentListQuery): Promise<PartnerCommitmentPage> {
  const { caseId, row: caseRow, access } = scope
  const limit = query.limit ?? 50
  const rows = await repo.listPartnerCommitments(db, {
    condition: caseCommitmentsCondition(caller.principal, access) ?? eq(plans.status, 'signed'),
    caseId,
    after: decodeDueCursor(query.cursor),
    limit,
  })
  const page = toPage(rows, limit, toPartnerCommitment, (row) => [row.dueOn, row.commitment.id])
  for (const item of page.items) caller.auditRead(RESOURCE, item.id, caseRow.municipalityId)
  return page
}

/** The commitments a partner's operator takes on across the cases referred to their organisation. */
export async function listPartnerCommitments(db: Database, caller: Caller, query: PartnerCommitmentListQuery): Promise<PartnerCommitmentPage> {
  const limit = query.limit ?? 50
  const rows = await repo.listPartnerCommitments(db, {
    condition: partnerCommitmentsCondition(caller.principal),
    ...(query.status ? { statuses: query.status } : {}),
    ...(query.dueBefore ? { dueBefore: query.dueBefore } : {}),
    after: decodeDueCursor(query.cursor),
    limit,
  })
  const page = toPage(rows, limit, toPartnerCommitment, (row) => [row.dueOn, row.commitment.id])
  for (const row of rows.slice(0, limit)) caller.auditRead(RESOURCE, row.commitment.id, row.municipalityId)
  return page
}

export async function readCaseCommitment(db: Database, caller: Caller, scope: CaseScope, commitmentId: string): Promise<Commitment> {
  const { caseId, row: caseRow, access } = scope
  const view = await visibleCommitment(db, caller, access, caseId, commitmentId)
  caller.auditRead(RESOURCE, view.commitment.id, caseRow.municipalityId)
  return toCommitment(view.commitment)
}

/**
 * A status update by whoever sees the commitment: a partner's operator on the plan in force (only
 * the status, the new date or the day done may change there), the municipality's staff by the
 * plan's rules.
 */
export async function updateCaseCommitment(db: Database, caller: Caller, scope: CaseScope, commitmentId: string, expectedVersion: number, patch: CommitmentPatch): Promise<Commitment> {
  return db.transaction(async (tx) => {
    // The case row locked: the write serialises with the case's other writes.
    const { caseId, row: caseRow, access } = await lockCaseScope(tx, scope)
    const view = await visibleCommitment(tx, caller, access, caseId, commitmentId)
    const plan = await repo.lockPlan(tx, view.commitment.planId)
    const current = await repo.lockCommitment(tx, commitmentId)
    if (!plan || !current) throw commitmentNotFound()
    return applyCommitmentPatch(tx, caller.principal, caller.actor, caseRow, plan, current, expectedVersion, patch)
  })
}

export async function listProgressNotes(db: Database, caller: Caller, scope: CaseScope, commitmentId: string, query: CommitmentProgressNoteListQuery): Promise<CommitmentProgressNotePage> {
  const { caseId, row: caseRow, access } = scope
  await visibleCommitment(db, caller, access, caseId, commitmentId)
  const limit = query.limit ?? 50
  const rows = await repo.listProgressNotes(db, commitmentId, { beforeId: decodeIdCursor(query.cursor), limit })
  const page = toPage(rows, limit, toProgressNote, (row) => [row.row.id])
  for (const item of page.items) caller.auditRead(NOTE_RESOURCE, item.id, caseRow.municipalityId)
  return page
}

/**
 * A progress note on a commitment, by a partner's operator (for their organisation) or by the
 * municipality's staff (for the municipality); read by both. A closed case takes none.
 */
export async function createProgressNote(db: Database, caller: Caller, scope: CaseScope, commitmentId: string, input: CommitmentProgressNoteCreate): Promise<CommitmentProgressNote> {
  return db.transaction(async (tx) => {
    // The case row locked: the write serialises with the case's other writes.
    const { caseId, row: caseRow, access } = await lockCaseScope(tx, scope)
    const view = await visibleCommitment(tx, caller, access, caseId, commitmentId)
    assertCanAddProgressNote(caseRow)
    const authorOrganisationId = access === 'partner' ? view.commitment.partnerOrganisationId! : caseRow.municipalityId
    const row = await repo.insertProgressNote(tx, { commitmentId, caseId, text: input.text.trim(), authorId: caller.principal.userId, authorOrganisationId })
    await recordCaseEvent(tx, {
      caseId,
      type: 'commitment.progress_noted',
      audience: 'municipality',
      actorUserId: caller.principal.userId,
      resourceType: NOTE_RESOURCE,
      resourceId: row.id,
      data: { commitmentId, planId: view.commitment.planId, ...(view.commitment.partnerOrganisationId ? { partnerOrganisation: { id: view.commitment.partnerOrganisationId } } : {}) },
    })
    await recordAudit(tx, caller.actor, [{ action: 'create', resourceType: NOTE_RESOURCE, resourceId: row.id, organisationId: caseRow.municipalityId, changedFields: ['text'] }])
    const created = await repo.findProgressNote(tx, row.id)
    return toProgressNote(created!)
  })
}
