/** The assessments of a case (municipality staff). */
import { defineCaseTab, recordTabProps, type CaseTab } from '../cases/case-tab'

export const caseTabs: CaseTab[] = [
  defineCaseTab({ id: 'assessments', labelKey: 'cases.tabs.assessments', order: 30, visible: ({ caseItem }) => caseItem.permissions.includes('readRecords'), load: () => import('./CaseAssessmentsTab.vue'), props: recordTabProps }),
]
