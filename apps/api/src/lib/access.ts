/**
 * Who may call a route, declared on the route itself (`config: { access: … }`) and mapped onto the
 * policies of the area (ADR 0017). The access plugin (plugins/access.ts) refuses to start the
 * application when a route under /api/v1 has none, so a forgotten check cannot ship; the
 * route-access test reads the declarations to know what each outsider must get.
 *
 * - `{ public: true }`: no credentials (sign-in, token, status); the schema has `security: []`.
 * - `{ signedIn: true }`: any signed-in caller; the use case scopes what it answers (lists filtered
 *   by visibility, `outsiders` says what a caller without any role there gets).
 * - `{ org: right }`: a right in the organisation of the path's `{organisationId}` (or, without
 *   one, in some organisation): `staff` (its coordinators and case managers), `coordinator` (its
 *   coordinators only), `admin` (its org_admin or a platform_admin), `auditor`, `platform-admin`.
 * - `{ case: right }`: a right on the case of the path's `{caseId}` (modules/cases/cases.policy.ts):
 *   `read` (whoever sees the case: its municipality staff and a partner with an accepted
 *   referral), `work` (the same, writing what their role may), `records` (municipality staff only:
 *   the partner gets 404), `manage` (the coordinator and the assigned case manager), `coordinate`
 *   (the municipality's coordinators). Anyone who does not see the case gets 404.
 * - `{ resource, right }`: a right on the resource named by the path (a company, a measure, a PUC
 *   project, a group…), decided by that area's policy; anyone who may not see it gets 404.
 *
 * `outsiders` (default 404 for scoped declarations) is the status a caller without any relation
 * to the scope gets, when the area answers 403 instead (e.g. registering a PUC project).
 * API-client scopes stay in `config.scopes` (lib/scopes.ts), derived from the tag when absent.
 */
import 'fastify'

export const CASE_RIGHTS = ['read', 'work', 'records', 'manage', 'coordinate'] as const
export type CaseRight = (typeof CASE_RIGHTS)[number]

export const ORG_RIGHTS = ['staff', 'coordinator', 'admin', 'auditor', 'platform-admin'] as const
export type OrgRight = (typeof ORG_RIGHTS)[number]

/** The rights each scoped resource's policy knows. */
export const RESOURCE_RIGHTS = {
  company: ['read', 'write'],
  activity: ['read', 'write'],
  vacancy: ['read', 'write'],
  match: ['read', 'transition'],
  measure: ['read', 'work'],
  referral: ['read', 'transition'],
  person: ['read', 'write', 'sensitive'],
  job: ['read'],
  'puc-project': ['read', 'attendance', 'manage'],
  'puc-assignment': ['read', 'attendance', 'manage'],
  programme: ['read', 'apply', 'screen', 'manage'],
  'information-meeting': ['screen'],
  'group-application': ['read', 'screen'],
  group: ['read', 'facilitate', 'manage'],
  'group-session': ['read', 'facilitate'],
  'group-member': ['facilitate'],
} as const satisfies Record<string, readonly string[]>
export type ResourceKind = keyof typeof RESOURCE_RIGHTS
export type ResourceRight<K extends ResourceKind> = (typeof RESOURCE_RIGHTS)[K][number]

/** The status an outsider gets: 404 (the resource does not exist for them) unless declared 403. */
export type Outsiders = 403 | 404

export interface PublicAccess {
  public: true
}
export interface SignedInAccess {
  signedIn: true
  outsiders?: Outsiders
}
export interface OrgAccess {
  org: OrgRight
  outsiders?: Outsiders
}
export interface CaseAccessDeclaration {
  case: CaseRight
  outsiders?: Outsiders
}
export type ResourceAccess = { [K in ResourceKind]: { resource: K; right: ResourceRight<K>; outsiders?: Outsiders } }[ResourceKind]

export type Access = PublicAccess | SignedInAccess | OrgAccess | CaseAccessDeclaration | ResourceAccess

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route (lib/access.ts); required under /api/v1. */
    access?: Access
  }
}

const KINDS = ['public', 'signedIn', 'org', 'case', 'resource'] as const
export type AccessKind = (typeof KINDS)[number]

export function kindOf(access: Access): AccessKind {
  return KINDS.find((k) => k in access)!
}

/**
 * Why a route's declaration is not acceptable, or null when it is. `isPublic` is whether its schema
 * says `security: []`; `url` is the route's path with `:param` placeholders.
 */
export function accessProblem(access: unknown, url: string, isPublic: boolean): string | null {
  if (access === undefined || access === null) return 'has no access declaration (config.access, see src/lib/access.ts)'
  if (typeof access !== 'object') return 'has an access declaration that is not an object'
  const a = access as Record<string, unknown>
  const kinds = KINDS.filter((k) => k in a)
  if (kinds.length !== 1) return `must declare exactly one of ${KINDS.join(', ')} in config.access`
  const outsiders = a.outsiders
  if (outsiders !== undefined && outsiders !== 403 && outsiders !== 404) return 'declares outsiders other than 403 or 404'
  switch (kinds[0]) {
    case 'public':
      if (a.public !== true) return 'declares public other than true'
      if (!isPublic) return 'is declared public but its schema does not say `security: []`'
      return null
    case 'signedIn':
      if (a.signedIn !== true) return 'declares signedIn other than true'
      break
    case 'org':
      if (!(ORG_RIGHTS as readonly unknown[]).includes(a.org)) return `declares an unknown organisation right (${String(a.org)})`
      break
    case 'case':
      if (!(CASE_RIGHTS as readonly unknown[]).includes(a.case)) return `declares an unknown case right (${String(a.case)})`
      if (!url.includes(':caseId')) return 'declares a case right but its path has no {caseId}'
      break
    case 'resource': {
      const rights = (RESOURCE_RIGHTS as Record<string, readonly string[]>)[String(a.resource)]
      if (!rights) return `declares an unknown resource (${String(a.resource)})`
      if (!rights.includes(String(a.right))) return `declares a right the ${String(a.resource)} policy does not know (${String(a.right)})`
      break
    }
  }
  if (isPublic) return 'has `security: []` in its schema but is not declared { public: true }'
  return null
}
