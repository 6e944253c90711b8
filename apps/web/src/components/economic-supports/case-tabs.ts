/** The economic supports of a case (municipality staff). */
import { defineCaseTab, recordTabProps, type CaseTab } from '../cases/case-tab'
import CaseEconomicSupportsTab from './CaseEconomicSupportsTab.vue'

export const caseTabs: CaseTab[] = [
  defineCaseTab({ id: 'supports', labelKey: 'cases.tabs.supports', order: 80, visible: ({ caseItem }) => caseItem.permissions.includes('readRecords'), component: CaseEconomicSupportsTab, props: recordTabProps }),
]
