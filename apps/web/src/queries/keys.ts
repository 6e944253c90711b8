/** Query keys, one tree per resource, so a mutation invalidates exactly what it changed. */
import type { CaseCountsQuery, OrganisationKind, Role } from '@ponte/shared'
import type { CaseFilters } from './cases'

export interface OrganisationFilters {
  kind?: OrganisationKind | undefined
  q?: string | undefined
}

export interface UserFilters {
  q?: string | undefined
  role?: Role | undefined
}

export const organisationKeys = {
  root: ['organisations'] as const,
  lists: () => ['organisations', 'list'] as const,
  list: (filters: OrganisationFilters) => ['organisations', 'list', { kind: filters.kind ?? null, q: filters.q ?? null }] as const,
  options: () => ['organisations', 'options'] as const,
  detail: (organisationId: string) => ['organisations', 'detail', organisationId] as const,
}

export const userKeys = {
  root: (organisationId: string) => ['organisation-users', organisationId] as const,
  list: (organisationId: string, filters: UserFilters) => ['organisation-users', organisationId, 'list', { q: filters.q ?? null, role: filters.role ?? null }] as const,
  detail: (organisationId: string, userId: string) => ['organisation-users', organisationId, 'detail', userId] as const,
}

/** Query keys of cases, one tree: a change to a case invalidates its lists, counts, detail and timeline. */
export const caseKeys = {
  root: ['cases'] as const,
  lists: () => ['cases', 'list'] as const,
  list: (filters: CaseFilters) =>
    ['cases', 'list', { status: filters.status ?? null, assignedTo: filters.assignedTo ?? null, municipalityId: filters.municipalityId ?? null, q: filters.q ?? null }] as const,
  counts: (query: CaseCountsQuery) => ['cases', 'counts', { assignedTo: query.assignedTo ?? null, municipalityId: query.municipalityId ?? null }] as const,
  detail: (caseId: string) => ['cases', 'detail', caseId] as const,
  timeline: (caseId: string) => ['cases', 'timeline', caseId] as const,
  /** Colleagues a coordinator may assign, per municipality. */
  assignable: (municipalityId: string) => ['cases', 'assignable', municipalityId] as const,
  overdueCommitments: (assignedTo: 'me' | null = null) => ['cases', 'caseload', 'overdue-commitments', { assignedTo }] as const,
  upcomingMeetings: (assignedTo: 'me' | null = null) => ['cases', 'caseload', 'upcoming-meetings', { assignedTo }] as const,
  /** The team's open cases per case manager, per municipality. */
  team: (municipalityId: string) => ['cases', 'caseload', 'team', municipalityId] as const,
}

/** Query keys of persons: the person, the person of a case (read with the case) and the sensitive section. */
export const personKeys = {
  root: ['persons'] as const,
  detail: (personId: string) => ['persons', 'detail', personId] as const,
  ofCase: (caseId: string) => ['persons', 'of-case', caseId] as const,
  sensitive: (personId: string) => ['persons', 'sensitive', personId] as const,
}
