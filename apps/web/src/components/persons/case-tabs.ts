/**
 * The person on the case page: the profile (a partner sees the working profile only) and the
 * sensitive section, shown only to whom the API lets read it (`permissions.canReadSensitive`).
 */
import { defineCaseTab, type CaseTab } from '../cases/case-tab'
import PersonProfileTab from './PersonProfileTab.vue'

const personOf = (caseItem: { person: { id: string } }) => ({ personId: caseItem.person.id })

export const caseTabs: CaseTab[] = [
  defineCaseTab({ id: 'profile', labelKey: 'cases.tabs.profile', order: 10, visible: () => true, component: PersonProfileTab, props: personOf }),
  defineCaseTab({
    id: 'sensitive',
    labelKey: 'cases.tabs.sensitive',
    order: 20,
    visible: ({ caseItem, person }) => caseItem.permissions.includes('readRecords') && person?.permissions.canReadSensitive === true,
    load: () => import('./PersonSensitiveTab.vue'),
    props: personOf,
  }),
]
