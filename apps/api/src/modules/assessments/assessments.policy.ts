/**
 * Who may see and change a case's assessments: the municipality staff on the case read and write
 * them (a partner gets 404, as for a missing one); only the author signs; a signed one is frozen.
 */
import type { AssessmentPermission } from '@ponte/shared'
import type { CaseRow } from '../../db/schema/index.js'
import { conflict, forbidden, notFound } from '../../lib/errors.js'
import { permitted } from '../../lib/permissions.js'
import type { Principal } from '../../lib/principal.js'
import { assertCaseOpen, canWorkCaseRecords, type CaseAccess, type CaseScope } from '../cases/cases.policy.js'

/** Assessments are municipality records: partners never see them (404, like a missing one). */
export function assertCanWorkAssessments(access: CaseAccess): void {
  if (!canWorkCaseRecords(access)) throw notFound('La valutazione')
}

/** A closed case keeps its records as they were (a reopened case is a new episode). */
export function assertCaseOpenForRecords(caseRow: CaseRow): void {
  assertCaseOpen(caseRow, 'Il caso è chiuso: le sue valutazioni non si possono più modificare.')
}

/** The signature is personal: only the author signs an assessment. */
export function assertCanSign(principal: Principal, authorId: string): void {
  if (authorId !== principal.userId) throw forbidden('Solo l\'autore può firmare la valutazione.')
}

/** A signed assessment is frozen. */
export function assertNotSigned(signedAt: Date | null): void {
  if (signedAt !== null) throw conflict('assessment-signed', 'La valutazione è firmata e non si può più modificare.')
}

/** What the write endpoints need to know of an assessment. */
type AssessmentState = { authorId: string; signedAt: Date | null }
/** The case as the caller reaches it (the gate's `CaseScope`, or the one locked in a write). */
type CaseView = Pick<CaseScope, 'access' | 'row' | 'principal'>

/** Editing an assessment (PATCH): municipality staff on the case, while unsigned, on an open case. */
export function assertCanUpdateAssessment(scope: CaseView, assessment: AssessmentState): void {
  assertCanWorkAssessments(scope.access)
  assertNotSigned(assessment.signedAt)
  assertCaseOpenForRecords(scope.row)
}

/** Signing it: the same, by its author only. */
export function assertCanSignAssessment(scope: CaseView, assessment: AssessmentState): void {
  assertCanWorkAssessments(scope.access)
  assertCanSign(scope.principal, assessment.authorId)
  assertNotSigned(assessment.signedAt)
  assertCaseOpenForRecords(scope.row)
}

/** `Assessment.permissions`: the actions whose check (the one its endpoint makes) passes now. */
export const assessmentPermissions = (scope: CaseView, assessment: AssessmentState): AssessmentPermission[] =>
  permitted({ update: () => assertCanUpdateAssessment(scope, assessment), sign: () => assertCanSignAssessment(scope, assessment) })
