/** The meetings of a case (municipality staff). */
import { defineCaseTab, recordTabProps, type CaseTab } from '../cases/case-tab'

export const caseTabs: CaseTab[] = [
  defineCaseTab({ id: 'meetings', labelKey: 'cases.tabs.meetings', order: 50, visible: ({ caseItem }) => caseItem.permissions.includes('readRecords'), load: () => import('./CaseMeetingsTab.vue'), props: recordTabProps }),
]
