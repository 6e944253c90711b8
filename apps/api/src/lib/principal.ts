/** Who is calling: a signed-in user with memberships (roles per organisation). Policies read only this. */
import type { OrganisationKind, Role } from '@ponte/shared'

export interface PrincipalMembership {
  organisationId: string
  organisationKind: OrganisationKind
  roles: Role[]
}

export interface Principal {
  kind: 'user'
  userId: string
  sessionId: string
  /** An API client acting for an organisation (OAuth2 client credentials); null for staff. */
  clientId: string | null
  /** The scopes an API client's token carries (and the client still holds); absent for staff, who are not scoped. */
  scopes?: readonly string[]
  memberships: PrincipalMembership[]
}

export const hasRole = (principal: Principal, role: Role, organisationId?: string) =>
  principal.memberships.some((m) => m.roles.includes(role) && (organisationId === undefined || m.organisationId === organisationId))

/** Ids of the organisations in which the principal holds any of `roles`. */
export const organisationsWithRole = (principal: Principal, ...roles: Role[]) =>
  principal.memberships.filter((m) => m.roles.some((r) => roles.includes(r))).map((m) => m.organisationId)

export const isPlatformAdmin = (principal: Principal) => hasRole(principal, 'platform_admin')
