/**
 * The cards the home page is made of. Each card names the roles it is for; the home page shows,
 * for each role of the active membership, every card of that role (a card listed for several
 * roles appears once). A capability adds its own card here, e.g. the case manager's caseload.
 */
import { ROLES, type Membership, type Role } from '@ponte/shared'
import type { Component } from 'vue'
import CaseDeadlinesHomeCard from '../cases/CaseDeadlinesHomeCard.vue'
import CaseloadHomeCard from '../cases/CaseloadHomeCard.vue'
import MunicipalityCasesHomeCard from '../cases/MunicipalityCasesHomeCard.vue'
import ReferralInboxHomeCard from '../referrals/ReferralInboxHomeCard.vue'
import AuditHomeCard from '../audit/AuditHomeCard.vue'
import ApprovalsHomeCard from '../approvals/ApprovalsHomeCard.vue'
import HomeRoleCard from './HomeRoleCard.vue'

/** Every card component receives the role it is shown for and the active membership. */
export interface HomeCardProps {
  role: Role
  membership: Membership
}

export interface HomeCard {
  id: string
  roles: readonly Role[]
  component: Component<HomeCardProps>
}

export const homeCards: HomeCard[] = [
  // The welcome summary of each role comes first.
  ...ROLES.map((role) => ({ id: `role-${role}`, roles: [role], component: HomeRoleCard })),
  // Cases: the coordinator's municipality counts, the case manager's caseload and deadlines, the operator's referral inbox.
  { id: 'cases-municipality', roles: ['coordinator'], component: MunicipalityCasesHomeCard },
  { id: 'approvals', roles: ['coordinator'], component: ApprovalsHomeCard },
  { id: 'cases-caseload', roles: ['case_manager'], component: CaseloadHomeCard },
  { id: 'cases-deadlines', roles: ['case_manager'], component: CaseDeadlinesHomeCard },
  { id: 'referrals-inbox', roles: ['operator'], component: ReferralInboxHomeCard },
  { id: 'audit-trail', roles: ['auditor'], component: AuditHomeCard },
]

/** The cards for a membership, in the order of its roles (ROLES order), each card once. */
export function cardsFor(membership: Membership, cards: readonly HomeCard[] = homeCards) {
  const seen = new Set<string>()
  const result: { card: HomeCard; role: Role }[] = []
  for (const role of ROLES.filter((r) => membership.roles.includes(r))) {
    for (const card of cards) {
      if (!card.roles.includes(role) || seen.has(card.id)) continue
      seen.add(card.id)
      result.push({ card, role })
    }
  }
  return result
}
