/** The partner's operator's tab: the commitments of the plan in force assigned to their organisation, with status and progress notes. */
import { defineCaseTab, recordTabProps, type CaseTab } from '../cases/case-tab'

export const caseTabs: CaseTab[] = [
  defineCaseTab({
    id: 'partner-commitments',
    labelKey: 'cases.tabs.partnerCommitments',
    order: 45,
    visible: ({ caseItem }) => caseItem.access === 'partner',
    load: () => import('./CasePartnerCommitmentsTab.vue'),
    props: recordTabProps,
  }),
]
