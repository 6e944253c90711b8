/** The case's timeline tab: every event of the case the caller may read. */
import { defineCaseTab, type CaseTab } from './case-tab'

export const caseTabs: CaseTab[] = [
  defineCaseTab({ id: 'timeline', labelKey: 'cases.tabs.timeline', order: 90, visible: () => true, load: () => import('./CaseTimelineTab.vue'), props: (caseItem) => ({ caseId: caseItem.id }) }),
]
