/**
 * A tab of the case page, as a domain declares it in its `case-tabs.ts` (collected by
 * case-tab-registry.ts; this module imports no tab, so the domains can import it without a cycle).
 */
import type { Case, Person } from '@ponte/shared'
import type { Component } from 'vue'

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

/**
 * A tab whose props are checked against its component: `props` maps the case to exactly what the
 * component declares.
 */
export function defineCaseTab<P extends object>(tab: Omit<CaseTab, 'view'> & { component: Component<P>; props: (caseItem: Case) => P }): CaseTab {
  const { component, props, ...rest } = tab
  return { ...rest, view: (caseItem) => ({ component, props: props(caseItem) }) }
}

/** The props of the tabs that show a case's records (assessments, plan, meetings, diary, referrals, supports). */
export const recordTabProps = (caseItem: Case) => ({ caseId: caseItem.id, permissions: caseItem.permissions, caseStatus: caseItem.status })
