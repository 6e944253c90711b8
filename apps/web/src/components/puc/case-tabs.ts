/** The case page's PUC tab: the person's socially useful work, for the municipality's staff (partners never see it). */
import { defineCaseTab, type CaseTab } from '../cases/case-tab-registry'
import CasePucTab from './CasePucTab.vue'

export const caseTabs: CaseTab[] = [
  defineCaseTab({ id: 'puc', labelKey: 'puc.caseTab.label', order: 75, visible: ({ caseItem }) => caseItem.access !== 'partner', component: CasePucTab, props: (caseItem) => ({ caseId: caseItem.id }) }),
]
