/** The "Candidature" tab: where the person of the case has been proposed (the API lists what the caller may see). */
import { defineCaseTab, recordTabProps, type CaseTab } from '../cases/case-tab'

export const caseTabs: CaseTab[] = [defineCaseTab({ id: 'matches', labelKey: 'cases.tabs.matches', order: 75, visible: () => true, load: () => import('./CaseMatchesTab.vue'), props: recordTabProps })]
