/** The "Percorsi" tab: the case's work measures (a partner sees those it runs; the API lists what the caller may see). */
import { defineCaseTab, type CaseTab } from '../cases/case-tab'

export const caseTabs: CaseTab[] = [
  defineCaseTab({
    id: 'measures',
    labelKey: 'cases.tabs.measures',
    order: 79,
    visible: () => true,
    load: () => import('./CaseMeasuresTab.vue'),
    props: (caseItem) => ({ caseId: caseItem.id, permissions: caseItem.permissions, caseStatus: caseItem.status }),
  }),
]
