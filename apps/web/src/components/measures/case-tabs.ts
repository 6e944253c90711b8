/** The "Percorsi" tab: the case's work measures (a partner sees those it runs; the API lists what the caller may see). */
import { defineCaseTab, type CaseTab } from '../cases/case-tab'
import CaseMeasuresTab from './CaseMeasuresTab.vue'

export const caseTabs: CaseTab[] = [
  defineCaseTab({
    id: 'measures',
    labelKey: 'measures.caseTab.label',
    order: 79,
    visible: () => true,
    component: CaseMeasuresTab,
    props: (caseItem) => ({ caseId: caseItem.id, permissions: caseItem.permissions, caseStatus: caseItem.status }),
  }),
]
