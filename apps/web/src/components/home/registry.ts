/**
 * The cards the home page is made of, registered by the domains: each folder of `components/` may
 * have a `home-cards.ts` exporting `homeCards` (collected here by import.meta.glob, so a new area
 * adds its file and touches nothing central). Each card names the roles it is for and how to load
 * its component (only the cards of the active membership's roles are downloaded); the home page
 * shows every card of the roles of the active membership (a card listed for several roles appears
 * once), by `order` across the roles — what is due first, whichever role it comes from; each role's
 * welcome card (90) last.
 */
import { ROLES, type Membership, type Role } from '@ponte/shared'
import { markRaw, shallowReactive, type Component } from 'vue'
import { byCodeUnits } from '../../composables/code-order'

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
  /** The card's component, downloaded only for a membership that shows it (a chunk of its own). */
  load: () => Promise<{ default: Component<HomeCardProps> }>
}

const registered = import.meta.glob<HomeCard[]>('../*/home-cards.ts', { eager: true, import: 'homeCards' })

/** Every registered card, by order (then id, so the order never depends on file names). */
export const homeCards: HomeCard[] = Object.values(registered)
  .flat()
  .sort((a, b) => a.order - b.order || byCodeUnits(a.id, b.id))

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

/** The components downloaded so far, by card (reactive: a page showing the cards sees them arrive). */
const components = shallowReactive(new Map<string, Component<HomeCardProps>>())

/** A card's component when it is here already (else undefined: loadCards). */
export const loadedCard = (card: HomeCard) => components.get(card.id)

/**
 * Downloads the components of these cards (each once): the home route asks for its membership's
 * before the page is shown (routes.ts), so the page is drawn whole, and a case manager's phone never
 * downloads a PUC manager's cards.
 */
export async function loadCards(cards: readonly HomeCard[]): Promise<void> {
  await Promise.all(
    cards.map(async (card) => {
      if (components.has(card.id)) return
      components.set(card.id, markRaw((await card.load()).default))
    }),
  )
}

/** Downloads the cards of a membership (routes.ts: before the home page is shown). */
export const loadCardsOf = (membership: Membership) => loadCards(cardsFor(membership).map(({ card }) => card))
