/** The "Gruppi" tab of a case, for the municipality's staff: whether the person takes part in a self-help group and the attendance rate. */
import { defineCaseTab, type CaseTab } from '../cases/case-tab'

export const caseTabs: CaseTab[] = [
  defineCaseTab({ id: 'groups', labelKey: 'cases.tabs.groups', order: 78, visible: ({ caseItem }) => caseItem.permissions.includes('readRecords'), load: () => import('./CaseGroupsTab.vue'), props: (caseItem) => ({ caseId: caseItem.id }) }),
]
