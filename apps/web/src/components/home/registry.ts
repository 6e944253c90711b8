/**
 * The cards the home page is made of, registered by the domains: each folder of `components/` may
 * have a `home-cards.ts` exporting `homeCards` (collected here by import.meta.glob, so a new area
 * adds its file and touches nothing central). Each card names the roles it is for; the home page
 * shows every card of the roles of the active membership (a card listed for several roles appears
 * once), by `order` across the roles — what is due first, whichever role it comes from; each role's
 * welcome card (90) last.
 */
import { ROLES, type Membership, type Role } from '@ponte/shared'
import type { Component } from 'vue'

/** Every card component receives the role it is shown for and the active membership. */
export interface HomeCardProps {
  role: Role
  membership: Membership
}

export interface HomeCard {
  id: string
  roles: readonly Role[]
  /** Position on the home page (cases 5–30, audit 60; each role's welcome card 90, after the work). */
  order: number
  component: Component<HomeCardProps>
}

const registered = import.meta.glob<HomeCard[]>('../*/home-cards.ts', { eager: true, import: 'homeCards' })

/** Every registered card, by order (then id, so the order never depends on file names). */
export const homeCards: HomeCard[] = Object.values(registered)
  .flat()
  .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id))

/**
 * The cards for a membership by order, each card once, shown for the first of its roles the
 * membership holds (ROLES order); cards of the same order keep the order of their roles.
 */
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
  // Array.prototype.sort is stable: equal orders stay in role order.
  return result.sort((a, b) => a.card.order - b.card.order)
}
