/** The individual plan of a case, its versions and commitments (municipality staff). */
import { defineCaseTab, recordTabProps, type CaseTab } from '../cases/case-tab'
import CasePlanTab from './CasePlanTab.vue'

export const caseTabs: CaseTab[] = [
  defineCaseTab({ id: 'plan', labelKey: 'cases.tabs.plan', order: 40, visible: ({ caseItem }) => caseItem.permissions.includes('readRecords'), component: CasePlanTab, props: recordTabProps }),
]
