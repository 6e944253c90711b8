/** The case's timeline tab: every event of the case the caller may read. */
import { defineCaseTab, type CaseTab } from './case-tab'
import CaseTimelineTab from './CaseTimelineTab.vue'

export const caseTabs: CaseTab[] = [
  defineCaseTab({ id: 'timeline', labelKey: 'cases.tabs.timeline', order: 90, visible: () => true, component: CaseTimelineTab, props: (caseItem) => ({ caseId: caseItem.id }) }),
]
