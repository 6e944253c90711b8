/** The route table: one lazy page per route, its title (an i18n key) and who may open it. */
import type { RouteRecordRaw } from 'vue-router'
import { loadCardsOf } from '../components/home/registry'
import { prefetchCase } from '../queries/case-detail'
import { useSessionStore } from '../stores/session'
import type { Capability } from './access'

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title (document.title). */
    title: string
    /** Open without signing in (otherwise the guard sends to the login page). */
    public?: boolean
    /** Only for signed-out users (the login page): signed-in users go home. */
    guestOnly?: boolean
    /** The capability the page needs; without it the user sees the forbidden page. */
    requires?: Capability
  }
}

/**
 * The home's cards of the active membership, downloaded with the page (each card is a chunk of its
 * own): the page is then drawn whole. A card that cannot be downloaded does not stop the page, which
 * says so (HomePage.vue).
 */
async function loadHomeCards() {
  const membership = useSessionStore().activeMembership
  if (membership) await loadCardsOf(membership).catch(() => undefined)
}

export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('../pages/LoginPage.vue'), meta: { title: 'login.title', public: true, guestOnly: true } },
  { path: '/', name: 'home', component: () => import('../pages/HomePage.vue'), meta: { title: 'home.title' }, beforeEnter: loadHomeCards },
  { path: '/admin/integrations', name: 'admin-integrations', component: () => import('../pages/IntegrationsPage.vue'), meta: { title: 'integrations.title', requires: 'manageIntegrations' } },
  { path: '/admin/users', name: 'admin-users', component: () => import('../pages/AdminUsersPage.vue'), meta: { title: 'adminUsers.title', requires: 'manageUsers' } },
  {
    path: '/admin/organisations',
    name: 'admin-organisations',
    component: () => import('../pages/AdminOrganisationsPage.vue'),
    meta: { title: 'adminOrganisations.title', requires: 'manageOrganisations' },
  },
  {
    path: '/admin/organisations/:organisationId/users',
    name: 'admin-organisation-users',
    component: () => import('../pages/AdminUsersPage.vue'),
    props: true,
    meta: { title: 'adminUsers.title', requires: 'manageOrganisations' },
  },
  { path: '/cases', name: 'cases', component: () => import('../pages/CasesPage.vue'), meta: { title: 'cases.list.title', requires: 'readCases' } },
  { path: '/cases/new', name: 'case-new', component: () => import('../pages/CaseNewPage.vue'), meta: { title: 'cases.new.title', requires: 'openCases' } },
  {
    path: '/cases/:caseId',
    name: 'case',
    component: () => import('../pages/CasePage.vue'),
    props: true,
    meta: { title: 'cases.page.title', requires: 'readCases' },
    // The case and its person are asked for while the page's code arrives, not once it is drawn.
    beforeEnter: (to) => prefetchCase(String(to.params.caseId)),
  },
  { path: '/persons/import', name: 'person-import', component: () => import('../pages/PersonImportPage.vue'), meta: { title: 'persons.import.title', requires: 'openCases' } },
  { path: '/persons/new', name: 'person-new', component: () => import('../pages/PersonNewPage.vue'), meta: { title: 'persons.new.title', requires: 'openCases' } },
  { path: '/referrals', name: 'referrals', component: () => import('../pages/ReferralsInboxPage.vue'), meta: { title: 'referrals.inbox.title', requires: 'answerReferrals' } },
  { path: '/companies', name: 'companies', component: () => import('../pages/CompaniesPage.vue'), meta: { title: 'companies.list.title', requires: 'readCompanies' } },
  { path: '/companies/new', name: 'company-new', component: () => import('../pages/CompanyNewPage.vue'), meta: { title: 'companies.new.title', requires: 'editCompanies' } },
  { path: '/companies/import', name: 'company-import', component: () => import('../pages/CompanyImportPage.vue'), meta: { title: 'companies.import.title', requires: 'editCompanies' } },
  { path: '/companies/:companyId', name: 'company', component: () => import('../pages/CompanyPage.vue'), props: true, meta: { title: 'companies.page.title', requires: 'readCompanies' } },
  { path: '/vacancies', name: 'vacancies', component: () => import('../pages/VacanciesPage.vue'), meta: { title: 'vacancies.list.title', requires: 'readCompanies' } },
  { path: '/vacancies/:vacancyId', name: 'vacancy', component: () => import('../pages/VacancyPage.vue'), props: true, meta: { title: 'vacancies.page.title', requires: 'readCompanies' } },
  { path: '/groups', name: 'groups', component: () => import('../pages/groups/GroupsPage.vue'), meta: { title: 'groups.list.title', requires: 'readGroupProgrammes' } },
  { path: '/groups/:groupId', name: 'group', component: () => import('../pages/groups/GroupPage.vue'), props: true, meta: { title: 'groups.group.title', requires: 'readGroups' } },
  { path: '/programmes/:programmeId', name: 'programme', component: () => import('../pages/groups/ProgrammePage.vue'), props: true, meta: { title: 'groups.programme.title', requires: 'readGroupProgrammes' } },
  {
    path: '/group-sessions/:sessionId/attendance',
    name: 'group-session-attendance',
    component: () => import('../pages/groups/GroupAttendancePage.vue'),
    props: true,
    meta: { title: 'groups.attendance.title', requires: 'readGroups' },
  },
  { path: '/puc', name: 'puc-projects', component: () => import('../pages/PucProjectsPage.vue'), meta: { title: 'puc.projects.title', requires: 'readPuc' } },
  { path: '/puc/projects/new', name: 'puc-project-new', component: () => import('../pages/PucProjectNewPage.vue'), meta: { title: 'puc.newProject.title', requires: 'managePuc' } },
  { path: '/puc/projects/:projectId', name: 'puc-project', component: () => import('../pages/PucProjectPage.vue'), props: true, meta: { title: 'puc.project.title', requires: 'readPuc' } },
  {
    path: '/puc/projects/:projectId/attendance',
    name: 'puc-attendance',
    component: () => import('../pages/PucAttendancePage.vue'),
    props: true,
    meta: { title: 'puc.attendance.title', requires: 'readPuc' },
  },
  { path: '/puc/deadlines', name: 'puc-deadlines', component: () => import('../pages/PucDeadlinesPage.vue'), meta: { title: 'puc.deadlines.title', requires: 'managePuc' } },
  { path: '/measures', name: 'measures', component: () => import('../pages/MeasuresPage.vue'), meta: { title: 'followUps.list.title', requires: 'readCases' } },
  { path: '/measures/:measureId', name: 'measure', component: () => import('../pages/MeasurePage.vue'), props: true, meta: { title: 'measures.page.title', requires: 'readCases' } },
  { path: '/audit', name: 'audit', component: () => import('../pages/AuditPage.vue'), meta: { title: 'audit.title', requires: 'readAuditTrail' } },
  { path: '/forbidden', name: 'forbidden', component: () => import('../pages/ForbiddenPage.vue'), meta: { title: 'forbidden.title' } },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('../pages/NotFoundPage.vue'), meta: { title: 'notFound.title', public: true } },
]
