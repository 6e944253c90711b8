/** The "Gruppi" tab of a case, for the municipality's staff: whether the person takes part in a self-help group and the attendance rate. */
import { defineCaseTab, type CaseTab } from '../cases/case-tab'
import CaseGroupsTab from './CaseGroupsTab.vue'

export const caseTabs: CaseTab[] = [
  defineCaseTab({ id: 'groups', labelKey: 'groups.case.tab', order: 78, visible: ({ caseItem }) => caseItem.permissions.includes('readRecords'), component: CaseGroupsTab, props: (caseItem) => ({ caseId: caseItem.id }) }),
]
