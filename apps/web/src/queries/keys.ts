/** Query keys, one tree per resource, so a mutation invalidates exactly what it changed. */
import type { OrganisationKind, Role } from '@ponte/shared'

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
