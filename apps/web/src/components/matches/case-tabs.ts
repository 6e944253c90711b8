/** The "Candidature" tab: where the person of the case has been proposed (the API lists what the caller may see). */
import { defineCaseTab, recordTabProps, type CaseTab } from '../cases/case-tab'
import CaseMatchesTab from './CaseMatchesTab.vue'

export const caseTabs: CaseTab[] = [defineCaseTab({ id: 'matches', labelKey: 'vacancies.case.tab', order: 75, visible: () => true, component: CaseMatchesTab, props: recordTabProps })]
