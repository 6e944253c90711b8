/**
 * Who sees a plan commitment outside the plan tab: the municipality's staff on the case (every
 * commitment of its plans), and a partner's operators — only the commitments of the plan in force
 * (signed) assigned to their organisation, while the case's referral to it is accepted (DOMAIN.md §1
 * rule 3). Nothing else of the plan reaches the partner. Anyone else: 404.
 */
import type { PartnerCommitmentPermission } from '@ponte/shared'
import { and, eq, exists, inArray, sql, type SQL } from 'drizzle-orm'
import { planCommitments, plans, referrals, type CaseRow, type PlanRow } from '../../db/schema/index.js'
import { notFound } from '../../lib/errors.js'
import { permitted } from '../../lib/permissions.js'
import { organisationsWithRole, type Principal } from '../../lib/principal.js'
import { assertCaseOpen, type CaseAccess } from '../cases/cases.policy.js'
import { assertCommitmentsMayChange } from '../plans/plans.policy.js'

/**
 * The SQL condition on `plan_commitments` (joined to `plans`) selecting the commitments the
 * principal's partner organisations take on: assigned to one of them, on the signed version, with
 * the case referred to that very organisation (accepted).
 */
export function partnerCommitmentsCondition(principal: Principal): SQL {
  const operatorOrgs = organisationsWithRole(principal, 'operator')
  if (operatorOrgs.length === 0) return sql`false`
  return and(
    inArray(planCommitments.partnerOrganisationId, operatorOrgs),
    eq(plans.status, 'signed'),
    exists(
      sql`(select 1 from ${referrals} where ${referrals.caseId} = ${planCommitments.caseId} and ${referrals.partnerOrganisationId} = ${planCommitments.partnerOrganisationId} and ${referrals.status} = 'accepted')`,
    ),
  )!
}

/**
 * Which commitments of a case the access reaches: the municipality's staff every one (`null`: no
 * further condition), a partner only its own (the condition above).
 */
export const caseCommitmentsCondition = (principal: Principal, access: CaseAccess): SQL | null => (access === 'partner' ? partnerCommitmentsCondition(principal) : null)

/** 404 for a commitment the caller may not see, exactly like a missing one. */
export const commitmentNotFound = () => notFound('L\'impegno')

/**
 * A status update (`updateCaseCommitment`) on a commitment the caller sees: by the rules of its plan
 * version (on the plan in force, the status only) while the case is open — the very check the
 * update makes (`applyCommitmentPatch`).
 */
export const assertCanUpdateCommitmentStatus = (caseRow: Pick<CaseRow, 'status'>, plan: Pick<PlanRow, 'status'>): void => assertCommitmentsMayChange(caseRow, plan)

/** A progress note (`createCommitmentProgressNote`) on a commitment the caller sees: while the case is open. */
export const assertCanAddProgressNote = (caseRow: Pick<CaseRow, 'status'>): void =>
  assertCaseOpen(caseRow, 'Il caso è chiuso: non si possono aggiungere note di avanzamento.')

/** `PartnerCommitment.permissions`: the actions whose check (the one its endpoint makes) passes now. */
export const partnerCommitmentPermissions = (caseRow: Pick<CaseRow, 'status'>, plan: Pick<PlanRow, 'status'>): PartnerCommitmentPermission[] =>
  permitted({
    updateStatus: () => assertCanUpdateCommitmentStatus(caseRow, plan),
    addProgressNote: () => assertCanAddProgressNote(caseRow),
  })
