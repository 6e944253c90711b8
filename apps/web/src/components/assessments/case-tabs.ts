/** The assessments of a case (municipality staff). */
import { defineCaseTab, recordTabProps, type CaseTab } from '../cases/case-tab'
import CaseAssessmentsTab from './CaseAssessmentsTab.vue'

export const caseTabs: CaseTab[] = [
  defineCaseTab({ id: 'assessments', labelKey: 'cases.tabs.assessments', order: 30, visible: ({ caseItem }) => caseItem.permissions.includes('readRecords'), component: CaseAssessmentsTab, props: recordTabProps }),
]
