/**
 * Who may see and move a referral: the municipality's staff who see its case, and the operators of
 * the partner organisation it is addressed to — who see it from the moment it is requested (to
 * accept or reject it), but see the case itself only while it is accepted (cases.policy.ts).
 */
import { inArray, or, sql, type SQL } from 'drizzle-orm'
import { REFERRAL_ACTION_RULES, type ReferralAction } from '@ponte/shared'
import type { Db } from '../../db/client.js'
import { cases, referrals, type ReferralRow } from '../../db/schema/index.js'
import { AppError, forbidden } from '../../lib/errors.js'
import { organisationsWithRole, type Principal } from '../../lib/principal.js'
import { canManageCase, loadCaseAccess, municipalCasesCondition, type CaseAccess } from '../cases/cases.policy.js'

/** The SQL condition on `referrals` selecting the referrals the principal may see. */
export function visibleReferralsCondition(principal: Principal): SQL {
  const operatorOrgs = organisationsWithRole(principal, 'operator')
  const municipal = sql`exists (select 1 from ${cases} where ${cases.id} = ${referrals.caseId} and ${municipalCasesCondition(principal)})`
  return operatorOrgs.length > 0 ? or(inArray(referrals.partnerOrganisationId, operatorOrgs), municipal)! : municipal
}

/** How the caller relates to one referral: as its partner, and/or as municipality staff on its case. */
export interface ReferralRelation {
  asPartner: boolean
  /** The caller's municipal access to the case, or null (partners and outsiders). */
  caseAccess: Exclude<CaseAccess, 'partner'> | null
}

export async function referralRelation(db: Db, principal: Principal, referral: Pick<ReferralRow, 'caseId' | 'partnerOrganisationId'>): Promise<ReferralRelation> {
  const asPartner = organisationsWithRole(principal, 'operator').includes(referral.partnerOrganisationId)
  let caseAccess: ReferralRelation['caseAccess'] = null
  try {
    const { access } = await loadCaseAccess(db, principal, referral.caseId)
    if (access !== 'partner') caseAccess = access
  } catch (error) {
    if (!(error instanceof AppError && error.status === 404)) throw error
  }
  return { asPartner, caseAccess }
}

export const canSeeReferral = (relation: ReferralRelation) => relation.asPartner || relation.caseAccess !== null

/** Whether the caller's side may ever take the action: accept/reject the partner, revoke the municipality, complete either. */
export function mayTakeAction(relation: ReferralRelation, action: ReferralAction): boolean {
  const municipality = relation.caseAccess !== null && canManageCase(relation.caseAccess)
  switch (action) {
    case 'accept':
    case 'reject':
      return relation.asPartner
    case 'complete':
      return relation.asPartner || municipality
    case 'revoke':
      return municipality
  }
}

/** The actions the caller may take on the referral now (for the web app's buttons). */
export const allowedReferralActions = (relation: ReferralRelation, status: ReferralRow['status']): ReferralAction[] =>
  (Object.keys(REFERRAL_ACTION_RULES) as ReferralAction[]).filter((a) => mayTakeAction(relation, a) && REFERRAL_ACTION_RULES[a].from.includes(status))

export function assertMayTakeAction(relation: ReferralRelation, action: ReferralAction): void {
  if (mayTakeAction(relation, action)) return
  const detail: Record<ReferralAction, string> = {
    accept: 'Solo un operatore dell\'ente destinatario può accettare l\'invio.',
    reject: 'Solo un operatore dell\'ente destinatario può rifiutare l\'invio.',
    complete: 'Solo l\'ente destinatario, il coordinatore o il case manager assegnato possono concludere l\'invio.',
    revoke: 'Solo il coordinatore o il case manager assegnato possono revocare l\'invio.',
  }
  throw forbidden(detail[action])
}

/** Whether the partner's view of the referral still names the person: only while it is live. */
export const partnerSeesPerson = (status: ReferralRow['status']) => status === 'requested' || status === 'accepted'
