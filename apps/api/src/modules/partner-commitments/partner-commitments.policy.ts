/**
 * Who sees a plan commitment outside the plan tab: the municipality's staff on the case (every
 * commitment of its plans), and a partner's operators — only the commitments of the plan in force
 * (signed) assigned to their organisation, while the case's referral to it is accepted (DOMAIN.md §1
 * rule 3). Nothing else of the plan reaches the partner. Anyone else: 404.
 */
import { and, eq, exists, inArray, sql, type SQL } from 'drizzle-orm'
import { planCommitments, plans, referrals } from '../../db/schema/index.js'
import { notFound } from '../../lib/errors.js'
import { organisationsWithRole, type Principal } from '../../lib/principal.js'
import type { CaseAccess } from '../cases/cases.policy.js'

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
