/**
 * OAuth2 scopes of API clients: `<area>:<verb>`. Each operation's scopes are derived from its tag
 * (the area) and its method (GET reads, every other method writes; webhooks are `manage`), unless
 * the route declares its own (`config: { scopes: [...] }`, `[]` for none). The scopes plugin stamps
 * them on the route (enforced for clients in plugins/auth.ts) and in the OpenAPI document (the
 * `oauth2` security requirement of each operation), from which GET /api-scopes is read: an
 * operation cannot be added without a scope.
 */
import 'fastify'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The scopes an API client needs for this route; derived from its tag and method when absent. */
    scopes?: string[]
  }
}

/** The area of each OpenAPI tag; a tag not listed is an area of its own name. */
const TAG_AREAS: Record<string, string | null> = {
  status: null,
  auth: null,
  organisations: 'organisations',
  users: 'organisations',
  'api-clients': 'organisations',
  persons: 'persons',
  cases: 'cases',
  assessments: 'cases',
  plans: 'cases',
  meetings: 'cases',
  'diary-notes': 'cases',
  'economic-supports': 'cases',
  referrals: 'referrals',
  companies: 'companies',
  activities: 'companies',
  vacancies: 'companies',
  matches: 'companies',
  puc: 'puc',
  audit: 'audit',
  changes: 'changes',
  webhooks: 'webhooks',
}

/** What each area's scopes allow, for the catalogue and the OAuth2 scheme. */
const AREA_DESCRIPTIONS: Record<string, string> = {
  organisations: 'organisations, their users and API clients',
  persons: 'persons (assistiti) visible to the organisation',
  cases: 'cases and their assessments, plans, meetings, diary notes and economic supports',
  referrals: 'referrals of cases to partner organisations',
  companies: 'companies, mediation activities, vacancies and candidates',
  puc: 'socially useful work (PUC): projects, assignments, attendance',
  audit: 'the organisation\'s audit trail',
  changes: 'the change feed',
  webhooks: 'webhook subscriptions and their deliveries',
  measures: 'measures (internships, placements, tutoring, work grants)',
  groups: 'mutual self-help job groups',
  jobs: 'background jobs (bulk imports)',
}

export function areaOfTag(tag: string): string | null {
  return tag in TAG_AREAS ? TAG_AREAS[tag]! : tag
}

/** The scopes an operation needs: declared, or `<area of its first tag>:<read|write|manage>`. */
export function scopesOf(method: string, tags: readonly string[] | undefined, declared?: readonly string[]): string[] {
  if (declared) return [...declared]
  const area = tags?.[0] ? areaOfTag(tags[0]) : null
  if (!area) return []
  if (area === 'webhooks') return ['webhooks:manage']
  return [`${area}:${method === 'GET' || method === 'HEAD' ? 'read' : 'write'}`]
}

export function describeScope(scope: string): string {
  const [area, verb] = scope.split(':') as [string, string]
  const what = AREA_DESCRIPTIONS[area] ?? area
  return verb === 'read' ? `Read ${what}` : verb === 'write' ? `Create and change ${what}` : `Manage ${what}`
}

/** The scopes of `required` that `granted` lacks. */
export const missingScopes = (granted: readonly string[], required: readonly string[]) => required.filter((s) => !granted.includes(s))

type OpenApiDocument = { paths?: Record<string, Record<string, { operationId?: string; security?: Record<string, string[]>[] }>> }

/** The scope catalogue read from the OpenAPI document: each scope with the operations that need it. */
export function scopeCatalogueOf(doc: OpenApiDocument): { scope: string; description: string; operations: string[] }[] {
  const byScope = new Map<string, string[]>()
  for (const item of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(item)) {
      for (const requirement of op.security ?? []) {
        for (const scope of requirement.oauth2 ?? []) {
          const ops = byScope.get(scope) ?? []
          if (op.operationId) ops.push(op.operationId)
          byScope.set(scope, ops)
        }
      }
    }
  }
  return [...byScope.keys()].sort().map((scope) => ({ scope, description: describeScope(scope), operations: byScope.get(scope)!.sort() }))
}
