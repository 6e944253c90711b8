/**
 * A tab of the case page, as a domain declares it in its `case-tabs.ts` (collected by
 * case-tab-registry.ts; this module imports no tab, so the domains can import it without a cycle).
 * A tab gives its component (`component`, in the case page's own code: the profile, the first tab
 * shown) or how to load it (`load: () => import('./Tab.vue')`): the tab's code then downloads when
 * the tab is first opened, so the case page does not wait for every tab's.
 */
import type { Case, Person } from '@ponte/shared'
import type { Component } from 'vue'
import { tabLoader } from './case-tab-loader'
import LazyCaseTab from './LazyCaseTab.vue'

/** What a tab may look at to decide whether it is shown. */
export interface CaseTabContext {
  caseItem: Case
  /** The case's person (null while it loads or when it cannot be read). */
  person: Person | null
}

export interface CaseTab {
  /** The tab's id: its slot, its element ids and the `?tab=` of links to it. */
  id: string
  /** i18n key of its label. */
  labelKey: string
  /** Position on the tab bar: profile 10, sensitive 20, assessments 30, plan 40, meetings 50, diary 60, referrals 70, candidacies 75, supports 80, timeline 90. */
  order: number
  visible: (context: CaseTabContext) => boolean
  /** The component and the props it receives for a case. */
  view: (caseItem: Case) => { component: Component; props: object }
}

type TabDeclaration<P> = Omit<CaseTab, 'view'> & { props: (caseItem: Case) => P } & (
    | { component: Component<P>; load?: never }
    | { load: () => Promise<{ default: Component<P> }>; component?: never }
  )

/**
 * A tab whose props are checked against its component: `props` maps the case to exactly what the
 * component declares.
 */
export function defineCaseTab<P extends object>(tab: TabDeclaration<P>): CaseTab {
  const { component, load, props, ...rest } = tab
  if (component) return { ...rest, view: (caseItem) => ({ component, props: props(caseItem) }) }
  const loader = tabLoader(load!)
  return { ...rest, view: (caseItem) => ({ component: LazyCaseTab, props: { load: loader, ...props(caseItem) } }) }
}

/** The props of the tabs that show a case's records (assessments, plan, meetings, diary, referrals, supports). */
export const recordTabProps = (caseItem: Case) => ({ caseId: caseItem.id, permissions: caseItem.permissions, caseStatus: caseItem.status })
