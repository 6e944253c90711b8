/** The referrals of a case (a partner sees its own). */
import { defineCaseTab, recordTabProps, type CaseTab } from '../cases/case-tab'

export const caseTabs: CaseTab[] = [
  defineCaseTab({ id: 'referrals', labelKey: 'cases.tabs.referrals', order: 70, visible: () => true, load: () => import('./CaseReferralsTab.vue'), props: recordTabProps }),
]
