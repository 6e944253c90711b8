/** The PUC assignments of a case (the municipality staff working it; partners never see it). */
import { defineCaseTab, type CaseTab } from '../cases/case-tab'

export const caseTabs: CaseTab[] = [
  defineCaseTab({
    id: 'puc',
    labelKey: 'cases.tabs.puc',
    order: 85,
    visible: ({ caseItem }) => caseItem.permissions.includes('readRecords'),
    load: () => import('./CasePucTab.vue'),
    props: (caseItem) => ({
      caseId: caseItem.id,
      permissions: caseItem.permissions,
      caseStatus: caseItem.status,
      personName: `${caseItem.person.givenName} ${caseItem.person.familyName}`,
      municipalityId: caseItem.municipality.id,
    }),
  }),
]
