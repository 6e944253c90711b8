/**
 * Assessment use cases: list, read, record, edit and sign a case's assessments, each write with its
 * timeline event and audit entry in one transaction; every read reported for the audit trail.
 */
import { ASSESSMENT_AREAS, type Assessment, type AssessmentArea, type AssessmentCreate, type AssessmentListQuery, type AssessmentPage, type AssessmentPatch, type AssessmentScoresInput } from '@ponte/shared'
import type { Database } from '../../db/client.js'
import type { AssessmentRow } from '../../db/schema/index.js'
import { type AuditActor, changedFields, recordAudit } from '../../lib/audit.js'
import { AppError, badRequest, fieldUnprocessable, notFound } from '../../lib/errors.js'
import { assertVersion, decodeCursor, toPage } from '../../lib/http.js'
import type { Principal } from '../../lib/principal.js'
import { recordCaseEvent } from '../cases/case-events.js'
import { lockCaseScope, type CaseScope } from '../cases/cases.policy.js'
import { assertCanSignAssessment, assertCanUpdateAssessment, assertCanWorkAssessments, assertCaseOpenForRecords, assessmentPermissions } from './assessments.policy.js'
import * as repo from './assessments.repository.js'
import { todayInItaly } from '../../lib/dates.js'

/** Reports a read of personal data for the audit trail (request.auditRead). */
export type RecordRead = (resourceType: string, resourceId: string, organisationId: string) => void

const RESOURCE = 'assessment'

const SCORE_COLUMNS = {
  work: 'scoreWork',
  education: 'scoreEducation',
  health: 'scoreHealth',
  housing: 'scoreHousing',
  family: 'scoreFamily',
  economic: 'scoreEconomic',
  socialNetwork: 'scoreSocialNetwork',
} as const satisfies Record<AssessmentArea, keyof AssessmentRow>

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const DATE = /^\d{4}-\d{2}-\d{2}$/


/** The assessment as the caller sees it through `scope`, with what they may do on it now. */
export function toAssessment({ row, authorName }: repo.AssessmentWithAuthor, scope: CaseScope): Assessment {
  return {
    id: row.id,
    caseId: row.caseId,
    kind: row.kind,
    assessedOn: row.assessedOn,
    scores: Object.fromEntries(ASSESSMENT_AREAS.map((area) => [area, row[SCORE_COLUMNS[area]]])) as Assessment['scores'],
    strengths: row.strengths,
    needs: row.needs,
    employabilityLevel: row.employabilityLevel,
    notes: row.notes,
    authorId: row.authorId,
    authorName,
    signedAt: row.signedAt?.toISOString() ?? null,
    permissions: assessmentPermissions(scope, row),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

function scoreColumns(scores: AssessmentScoresInput | undefined): repo.AssessmentChanges {
  const columns: repo.AssessmentChanges = {}
  for (const area of ASSESSMENT_AREAS) {
    const value = scores?.[area]
    if (value !== undefined) columns[SCORE_COLUMNS[area]] = value
  }
  return columns
}

function assertAssessedOnNotInFuture(assessedOn: string | undefined): void {
  if (assessedOn !== undefined && assessedOn > todayInItaly()) {
    throw fieldUnprocessable([{ pointer: '/assessedOn', code: 'date_in_future', detail: 'La data della valutazione non può essere nel futuro.' }])
  }
}

/** What an assessment holds besides its kind and date: at least one of these must be filled in. */
interface AssessmentContent {
  scores: Partial<Record<AssessmentArea, number | null>>
  strengths: string | null
  needs: string | null
  employabilityLevel: string | null
  notes: string | null
}

const isFilled = (text: string | null) => text !== null && text.trim() !== ''

/** An assessment with no score, strength, need, employability level or note records nothing: 422. */
function assertHasContent(content: AssessmentContent): void {
  const hasScore = ASSESSMENT_AREAS.some((area) => content.scores[area] != null)
  if (hasScore || content.employabilityLevel !== null || isFilled(content.strengths) || isFilled(content.needs) || isFilled(content.notes)) return
  throw new AppError(422, 'assessment-empty', 'Regola violata', {
    detail: 'La valutazione non contiene nulla: indica almeno un punteggio di area, i punti di forza, i bisogni, il livello di occupabilità o una nota.',
  })
}

export async function listAssessments(db: Database, principal: Principal, scope: CaseScope, query: AssessmentListQuery, recordRead: RecordRead): Promise<AssessmentPage> {
  const { caseId, row: caseRow, access } = scope
  assertCanWorkAssessments(access)
  const limit = query.limit ?? 50
  const cursor = decodeCursor(query.cursor, 2)
  if (cursor && (!DATE.test(String(cursor[0])) || !UUID.test(String(cursor[1])))) throw badRequest('Il cursore non è valido.', [{ pointer: '/cursor', detail: 'Invalid cursor' }])
  const after = cursor ? { assessedOn: String(cursor[0]), id: String(cursor[1]) } : null
  const rows = await repo.listAssessments(db, caseId, { kind: query.kind, after, limit })
  const page = toPage(rows, limit, (view) => toAssessment(view, scope), ({ row }) => [row.assessedOn, row.id])
  for (const item of page.items) recordRead(RESOURCE, item.id, caseRow.municipalityId)
  return page
}

export async function readAssessment(db: Database, principal: Principal, scope: CaseScope, assessmentId: string, recordRead: RecordRead): Promise<Assessment> {
  const { caseId, row: caseRow, access } = scope
  assertCanWorkAssessments(access)
  const found = await repo.findAssessment(db, caseId, assessmentId)
  if (!found) throw notFound('La valutazione')
  recordRead(RESOURCE, found.row.id, caseRow.municipalityId)
  return toAssessment(found, scope)
}

export async function createAssessment(db: Database, principal: Principal, actor: AuditActor, scope: CaseScope, input: AssessmentCreate): Promise<Assessment> {
  const { caseId } = scope
  return db.transaction(async (tx) => {
    const locked = await lockCaseScope(tx, scope)
    const { row: caseRow, access } = locked
    assertCanWorkAssessments(access)
    assertCaseOpenForRecords(caseRow)
    assertAssessedOnNotInFuture(input.assessedOn)
    const values = {
      kind: input.kind,
      assessedOn: input.assessedOn,
      ...scoreColumns(input.scores),
      strengths: input.strengths ?? null,
      needs: input.needs ?? null,
      employabilityLevel: input.employabilityLevel ?? null,
      notes: input.notes ?? null,
    }
    assertHasContent({ scores: input.scores ?? {}, strengths: values.strengths, needs: values.needs, employabilityLevel: values.employabilityLevel, notes: values.notes })
    const row = await repo.insertAssessment(tx, { ...values, caseId, authorId: principal.userId })
    await recordCaseEvent(tx, {
      caseId,
      type: 'assessment.created',
      audience: 'municipality',
      actorUserId: principal.userId,
      resourceType: RESOURCE,
      resourceId: row.id,
      data: { kind: row.kind, assessedOn: row.assessedOn },
    })
    await recordAudit(tx, actor, [
      { action: 'create', resourceType: RESOURCE, resourceId: row.id, organisationId: caseRow.municipalityId, changedFields: Object.keys(values).filter((k) => values[k as keyof typeof values] !== null) },
    ])
    return toAssessment({ row, authorName: await repo.userName(tx, row.authorId) }, locked)
  })
}

export async function updateAssessment(db: Database, principal: Principal, actor: AuditActor, scope: CaseScope, assessmentId: string, expectedVersion: number, patch: AssessmentPatch): Promise<Assessment> {
  const { caseId } = scope
  return db.transaction(async (tx) => {
    const locked = await lockCaseScope(tx, scope)
    const { row: caseRow, access } = locked
    assertCanWorkAssessments(access)
    const current = await repo.findAssessmentForUpdate(tx, caseId, assessmentId)
    if (!current) throw notFound('La valutazione')
    assertVersion(current.version, expectedVersion)
    assertCanUpdateAssessment(locked, current)
    assertAssessedOnNotInFuture(patch.assessedOn)
    const changes: repo.AssessmentChanges = { ...scoreColumns(patch.scores) }
    if (patch.kind !== undefined) changes.kind = patch.kind
    if (patch.assessedOn !== undefined) changes.assessedOn = patch.assessedOn
    if (patch.strengths !== undefined) changes.strengths = patch.strengths
    if (patch.needs !== undefined) changes.needs = patch.needs
    if (patch.employabilityLevel !== undefined) changes.employabilityLevel = patch.employabilityLevel
    if (patch.notes !== undefined) changes.notes = patch.notes
    const next = { ...current, ...changes }
    assertHasContent({
      scores: Object.fromEntries(ASSESSMENT_AREAS.map((area) => [area, next[SCORE_COLUMNS[area]]])),
      strengths: next.strengths,
      needs: next.needs,
      employabilityLevel: next.employabilityLevel,
      notes: next.notes,
    })
    const changed = changedFields(current, changes)
    let row = current
    if (changed.length > 0) {
      row = await repo.updateAssessment(tx, current.id, Object.fromEntries(changed.map((k) => [k, changes[k as keyof repo.AssessmentChanges]])))
      await recordCaseEvent(tx, {
        caseId,
        type: 'assessment.updated',
        audience: 'municipality',
        actorUserId: principal.userId,
        resourceType: RESOURCE,
        resourceId: row.id,
        data: { kind: row.kind, assessedOn: row.assessedOn, changedFields: changed },
      })
      await recordAudit(tx, actor, [{ action: 'update', resourceType: RESOURCE, resourceId: row.id, organisationId: caseRow.municipalityId, changedFields: changed }])
    }
    return toAssessment({ row, authorName: await repo.userName(tx, row.authorId) }, locked)
  })
}

export async function signAssessment(db: Database, principal: Principal, actor: AuditActor, scope: CaseScope, assessmentId: string, expectedVersion: number): Promise<Assessment> {
  const { caseId } = scope
  return db.transaction(async (tx) => {
    const locked = await lockCaseScope(tx, scope)
    const { row: caseRow, access } = locked
    assertCanWorkAssessments(access)
    const current = await repo.findAssessmentForUpdate(tx, caseId, assessmentId)
    if (!current) throw notFound('La valutazione')
    assertVersion(current.version, expectedVersion)
    assertCanSignAssessment(locked, current)
    const row = await repo.updateAssessment(tx, current.id, { signedAt: new Date() })
    await recordCaseEvent(tx, {
      caseId,
      type: 'assessment.signed',
      audience: 'municipality',
      actorUserId: principal.userId,
      resourceType: RESOURCE,
      resourceId: row.id,
      data: { kind: row.kind, assessedOn: row.assessedOn },
    })
    await recordAudit(tx, actor, [{ action: 'sign', resourceType: RESOURCE, resourceId: row.id, organisationId: caseRow.municipalityId, changedFields: ['signedAt'] }])
    return toAssessment({ row, authorName: await repo.userName(tx, row.authorId) }, locked)
  })
}
