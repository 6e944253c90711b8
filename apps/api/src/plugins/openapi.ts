/**
 * The OpenAPI 3.1 document, generated from the route schemas: served at /api/v1/openapi.json with
 * an interactive reference at /api/v1/docs. Paths are relative to the server URL (…/api/v1), and
 * the headers every operation shares (rate limits, Retry-After, ETag) are added here once.
 */
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { API_PREFIX, API_VERSION } from '../lib/api.js'
import { documentIfMatch } from '../lib/route-schema.js'
import { describeScope } from '../lib/scopes.js'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

const RATE_LIMIT_HEADERS = {
  'RateLimit-Limit': { description: 'Requests allowed in the current window', schema: { type: 'integer', format: 'int32' } },
  'RateLimit-Remaining': { description: 'Requests left in the current window', schema: { type: 'integer', format: 'int32' } },
  'RateLimit-Reset': { description: 'Seconds until the window resets', schema: { type: 'integer', format: 'int32' } },
}
const RETRY_AFTER = { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', format: 'int32' } } }
const LOCATION = { Location: { description: 'URL of the created resource', schema: { type: 'string', format: 'uri-reference' } } }
const ETAG = { ETag: { description: 'Version of the resource, to send back in If-Match', schema: { type: 'string' } } }

/** The token endpoint, on the production server (the document names it absolutely). */
export const OAUTH_TOKEN_URL = 'https://ponte.example.it/api/v1/oauth/token'

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' }
const COMMON_PROBLEMS: Record<string, string> = {
  '401': 'Missing, expired or invalid credentials',
  '429': 'Too many requests',
  '500': 'Unexpected error; the log has the details under the request id',
  '503': 'Database unavailable',
}

/** Post-processes the generated document into the published contract. */
export function finishDocument(doc: Json): Json {
  const paths: Json = {}
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const relative = path.startsWith(API_PREFIX) ? path.slice(API_PREFIX.length) || '/' : path
    for (const [method, operation] of Object.entries(item as Json)) {
      const op = operation as Json
      const isPublic = Array.isArray(op.security) && op.security.length === 0
      for (const [status, description] of Object.entries(COMMON_PROBLEMS)) {
        if (status === '401' && isPublic) continue
        op.responses[status] ??= { description, content: { 'application/problem+json': { schema: PROBLEM_REF } } }
      }
      for (const [status, response] of Object.entries(op.responses as Json)) {
        const r = response as Json
        if (r.description === 'Default Response') r.description = status.startsWith('2') ? 'Success' : 'Error'
        if (status.startsWith('2') || status.startsWith('4')) r.headers = { ...RATE_LIMIT_HEADERS, ...(r.headers ?? {}) }
        if (status === '429' || status === '503') r.headers = { ...(r.headers ?? {}), ...RETRY_AFTER }
        if (status === '429') r.headers = { ...RATE_LIMIT_HEADERS, ...r.headers }
        if ((method === 'get' || method === 'patch' || method === 'put') && status === '200' && /\{[a-zA-Z]+\}$/.test(relative)) r.headers = { ...r.headers, ...ETAG }
        if (method === 'post' && status === '201') r.headers = { ...r.headers, ...ETAG, ...LOCATION }
        if (status === '204' || status === '205') delete r.content
        // The token endpoint answers RFC 6749 §5.2 errors (what OAuth libraries read), not problem+json.
        if (r.content?.['application/json']?.schema?.$ref === '#/components/schemas/OAuthError') r['x-noqa'] = 'RFC 6749 §5.2 error response of the OAuth2 token endpoint'
      }
      void method
    }
    paths[relative] = item
  }
  doc.paths = paths
  // The OAuth2 scheme lists every scope some operation requires (lib/scopes.ts, plugins/scopes.ts).
  const scopes = new Set<string>()
  for (const item of Object.values(paths)) {
    for (const op of Object.values(item as Json)) {
      for (const requirement of ((op as Json).security ?? []) as Json[]) for (const s of (requirement.oauth2 ?? []) as string[]) scopes.add(s)
    }
  }
  doc.components ??= {}
  doc.components.securitySchemes = {
    ...doc.components.securitySchemes,
    oauth2: {
      type: 'oauth2',
      description: 'API clients of an organisation (client credentials, RFC 6749 §4.4): POST /oauth/token with the client id and secret gives a JWT carrying the granted scopes',
      flows: { clientCredentials: { tokenUrl: OAUTH_TOKEN_URL, scopes: Object.fromEntries([...scopes].sort().map((s) => [s, describeScope(s)])) } },
    },
  }
  // Named schemas in alphabetical order, so the document does not depend on module load order.
  const schemas: Json = doc.components?.schemas ?? {}
  addDiscriminatorMappings(schemas)
  if (doc.components) doc.components.schemas = Object.fromEntries(Object.keys(schemas).sort().map((k) => [k, schemas[k]]))
  return doc
}

const SCHEMA_REF = '#/components/schemas/'

/**
 * A union discriminated by a property (`oneOf` of named schemas + `discriminator`, e.g. `CaseEvent`
 * by `type`, `Measure` by `kind`) names the schema of each tag value (`discriminator.mapping`), so
 * generators and readers map a value such as `case.opened` to `CaseOpenedEvent` without guessing.
 * The mapping lives in the document only: Ajv, which validates with the same schemas, refuses it.
 * New objects, never a change to a schema the app validates or serialises with.
 */
export function addDiscriminatorMappings(schemas: Json): void {
  for (const [name, schema] of Object.entries(schemas)) {
    const discriminator = (schema as Json).discriminator as Json | undefined
    const branches = (schema as Json).oneOf as Json[] | undefined
    if (!discriminator || discriminator.mapping || !Array.isArray(branches)) continue
    const mapping: Record<string, string> = {}
    for (const branch of branches) {
      const ref = typeof branch.$ref === 'string' && branch.$ref.startsWith(SCHEMA_REF) ? branch.$ref : null
      const property = ref ? (schemas[ref.slice(SCHEMA_REF.length)]?.properties?.[discriminator.propertyName] as Json | undefined) : undefined
      const tag = property?.const ?? (Array.isArray(property?.enum) && property.enum.length === 1 ? property.enum[0] : undefined)
      if (typeof tag !== 'string' || tag in mapping) throw new Error(`${name}: every branch of a discriminated union needs its own constant ${discriminator.propertyName}`)
      mapping[tag] = ref!
    }
    schemas[name] = { ...(schema as Json), discriminator: { ...discriminator, mapping } }
  }
}

export default fp(
  async function openapiPlugin(app: FastifyInstance, opts: { publicUrl: string }) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Ponte API',
          version: API_VERSION,
          description:
            'Ponte is the platform that a municipality\'s social services share with partner social cooperatives to bring people who lost their jobs back to work. ' +
            'Errors are RFC 9457 problem details; updates need If-Match; creations accept Idempotency-Key; lists use cursor pagination.',
          'x-summary': 'Case management and job inclusion for municipal social services and partner cooperatives',
          'x-api-id': 'b3b5c7a2-5a43-4d8e-9a0f-7d6c1e2f3a40',
          termsOfService: 'https://ponte.example.it/termini',
          contact: { name: 'Ponte support', email: 'supporto@ponte.example.it', url: 'https://ponte.example.it/supporto' },
          license: { name: 'EUPL-1.2', url: 'https://joinup.ec.europa.eu/collection/eupl/eupl-text-eupl-12' },
        } as never, // x-summary and x-api-id (Italian guidelines) are unknown to the typings
        servers: [
          { url: 'https://ponte.example.it/api/v1', description: 'Production' },
          { url: `${opts.publicUrl.replace(/\/$/, '')}${API_PREFIX}`, description: 'This installation (development sandbox)', 'x-sandbox': true } as never,
        ],
        tags: [
          { name: 'status', description: 'Health of the service' },
          { name: 'auth', description: 'Staff sign-in and sessions' },
          { name: 'organisations', description: 'Organisations (enti) and their hierarchy' },
          { name: 'users', description: 'Users of an organisation and their roles' },
          { name: 'api-clients', description: 'API clients of an organisation (OAuth2 client credentials) and the scopes they may be granted' },
          { name: 'changes', description: 'The change feed: what changed that the caller may see, in commit order' },
          { name: 'webhooks', description: 'Webhook subscriptions of an organisation (Standard Webhooks signatures) and their delivery log' },
          { name: 'jobs', description: 'Background jobs the caller started (large bulk imports) and their progress' },
          { name: 'oauth', description: 'OAuth2 token endpoint for API clients (RFC 6749 client credentials)' },
          { name: 'persons', description: 'Persons (assistiti) registered by a municipality, and their sensitive section' },
          { name: 'cases', description: 'Cases (prese in carico): status, assignment, episodes, timeline' },
          { name: 'referrals', description: 'Referrals of a case to a partner organisation\'s job service' },
          { name: 'assessments', description: 'Assessments (valutazioni) of a case' },
          { name: 'plans', description: 'Individual plans (progetti personalizzati) with their commitments' },
          { name: 'meetings', description: 'Meetings (colloqui) of a case' },
          { name: 'diary-notes', description: 'Social diary notes of a case' },
          { name: 'economic-supports', description: 'Economic supports (contributi economici) of a case' },
          { name: 'audit', description: 'The audit trail (registro degli accessi), read by the organisation\'s auditor' },
          { name: 'measures', description: 'Work measures: internships under the regional rules, job placements, work grants, tutoring; attendance, follow-ups, PFI' },
          { name: 'puc', description: 'Socially useful work (PUC): projects, sites, seats, assignments, attendance register, INAIL deadlines and reports' },
          { name: 'groups', description: 'Mutual self-help job groups: programmes, applications, information meetings, groups, sessions, attendance, outcomes (no record of what is said)' },
        ],
        components: {
          securitySchemes: {
            bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from POST /auth/login (15 minutes)' },
            // Its scopes are filled in by finishDocument from the operations' requirements.
            oauth2: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: OAUTH_TOKEN_URL, scopes: {} } } },
          },
        },
        security: [{ bearerAuth: [] }],
      },
      refResolver: { buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
      // If-Match is documented required where the API answers 428 without it (lib/route-schema.ts).
      transform: ({ schema, url, route }) => ({ schema: documentIfMatch(schema, route), url }),
      transformObject: (documentObject) => finishDocument((documentObject as unknown as { openapiObject: Json }).openapiObject) as never,
    })
    await app.register(swaggerUi, {
      routePrefix: `${API_PREFIX}/docs`,
      uiConfig: { docExpansion: 'list', deepLinking: true },
      // "Try it out" calls the server that served the page, whatever name it was reached by (the
      // first server is Swagger UI's default; a relative URL resolves against the page).
      transformSpecification: (spec) => ({ ...spec, servers: [{ url: API_PREFIX, description: 'This server (the one serving this page)' }, ...((spec.servers as unknown[] | undefined) ?? [])] }),
      staticCSP: true,
      // Swagger UI injects a <style> element from its script: allow inline styles on the docs page only.
      transformStaticCSP: (header) => header.replace("style-src 'self' https:", "style-src 'self' https: 'unsafe-inline'"),
    })
    app.get(`${API_PREFIX}/openapi.json`, { schema: { hide: true } }, async () => app.swagger())
  },
  { name: 'openapi' },
)
