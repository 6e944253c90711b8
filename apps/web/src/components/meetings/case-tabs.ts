/** The meetings of a case (municipality staff). */
import { defineCaseTab, recordTabProps, type CaseTab } from '../cases/case-tab'
import CaseMeetingsTab from './CaseMeetingsTab.vue'

export const caseTabs: CaseTab[] = [
  defineCaseTab({ id: 'meetings', labelKey: 'cases.tabs.meetings', order: 50, visible: ({ caseItem }) => caseItem.permissions.includes('readRecords'), component: CaseMeetingsTab, props: recordTabProps }),
]
