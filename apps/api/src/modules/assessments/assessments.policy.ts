/**
 * Who may see and change a case's assessments: the municipality staff on the case read and write
 * them (a partner gets 404, as for a missing one); only the author signs; a signed one is frozen.
 */
import type { CaseRow } from '../../db/schema/index.js'
import { conflict, forbidden, notFound } from '../../lib/errors.js'
import type { Principal } from '../../lib/principal.js'
import { assertCaseOpen, canWorkCaseRecords, type CaseAccess } from '../cases/cases.policy.js'

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
