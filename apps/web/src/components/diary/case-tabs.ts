/** The social diary of a case (municipality staff; restricted notes are filtered by the API). */
import { defineCaseTab, recordTabProps, type CaseTab } from '../cases/case-tab'

export const caseTabs: CaseTab[] = [
  defineCaseTab({ id: 'diary', labelKey: 'cases.tabs.diary', order: 60, visible: ({ caseItem }) => caseItem.permissions.includes('readRecords'), load: () => import('./CaseDiaryTab.vue'), props: recordTabProps }),
]
