/**
 * Property-based fuzz of the committed OpenAPI document (issue 8 §5, docs/decisions/0021): for
 * every operation of apps/api/openapi.json, requests built from its schemas — valid ones and hostile
 * ones (NUL bytes, dates and offsets PostgreSQL cannot hold, huge numbers, unknown fields and
 * parameters, deep nesting, wrong types, very long text, forged cursors, stale and weak If-Match) —
 * sent as several accounts (coordinator, case manager, partner operator, PUC manager, facilitator,
 * auditor, platform admin, another municipality's coordinator, an API client with every scope,
 * nobody) on the demo data, whose ids fill the path parameters. Writes are fuzzed too: the file has
 * its own database.
 *
 * Each answer must be: never a 5xx; every 4xx problem+json whose `status` is the answer's (and
 * conforming to the documented problem schema); every 2xx a documented status whose body conforms to
 * the documented schema of its media type.
 *
 * Deterministic: a fixed seed (FUZZ_SEED, printed with any failure) and FUZZ_RUNS requests per
 * operation (default 6: the file takes three to four minutes on a busy 2-core machine). More:
 *   FUZZ_RUNS=200 pnpm vitest run test/platform/openapi-fuzz.test.ts
 */
import { readFileSync } from 'node:fs'
import { fc, it } from '@fast-check/vitest'
import { isCalendarDate, isInstant } from '@ponte/shared'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { afterAll, beforeAll, describe, expect } from 'vitest'
import '../../src/db/seed/index.js'
import { seedDemoData, type DemoContext } from '../../src/db/seed/demo.js'
import { useTestContext } from '../helpers/app.js'
import { clientHeaders, createApiClient, type TestClient } from '../helpers/api-clients.js'
import { signIn } from '../helpers/factories.js'
import { deepJson, hostileText, hostileValue, replaceNode, SchemaArbitraries, type OpenApiDocument, type Operation, type Schema } from '../helpers/openapi-arbitraries.js'

const RUNS = Number(process.env.FUZZ_RUNS ?? 6)
const SEED = Number(process.env.FUZZ_SEED ?? 20261201)

const document = JSON.parse(readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8')) as OpenApiDocument

/**
 * Ids in bodies and query strings: a random UUID, or (more often) a record of the test database
 * of the kind the field names, written as a marker that is replaced by a real id when the request
 * is sent (the arbitraries are built before the data exists).
 */
const MARK = '\u0001id:'
const ID_POOLS: [RegExp, string][] = [
  [/^personId$/, 'select id from persons'],
  [/^caseId$/, 'select id from cases'],
  [/^planId$/, 'select id from plans'],
  [/^planCommitmentId$/, 'select id from plan_commitments'],
  [/^(contactId|hostTutorId)$/, 'select id from company_contacts'],
  [/(^s|S)iteId$/, 'select id from company_sites union all select id from puc_sites'],
  [/^(companyId|hostCompanyId|employerId)$/, 'select id from companies'],
  [/^applicationId$/, 'select id from group_applications'],
  [/^memberId$/, 'select id from group_members'],
  [/^assignmentId$/, 'select id from puc_assignments'],
  [/(Organisation|Municipality)Ids?$|^(municipalityId|parentId)$/, 'select id from organisations'],
  [/(User|Manager|By|Tutor|operator|actorUser)Ids?$|^(caseManagerId|operatorId|followedById|tutorId|promoterTutorId)$/, 'select id from users'],
]
const poolOf = (name: string) => ID_POOLS.findIndex(([pattern]) => pattern.test(name))
const arbitraries = new SchemaArbitraries(document, (name) => {
  const pool = poolOf(name)
  return pool < 0 ? fc.uuid() : fc.oneof({ weight: 1, arbitrary: fc.uuid() }, { weight: 3, arbitrary: fc.nat().map((i) => `${MARK}${pool}:${i}`) })
})

// One Ajv holding the whole document: every response schema is read by its JSON pointer, and its
// `$ref`s to components resolve inside the same document.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void
const ajv = new Ajv2020({ strict: false, allErrors: false, validateSchema: false, discriminator: false })
addFormats(ajv)
ajv.addFormat('date', { type: 'string', validate: isCalendarDate })
ajv.addFormat('date-time', { type: 'string', validate: isInstant })
for (const format of ['int32', 'int64', 'float', 'double']) ajv.addFormat(format, true)
ajv.addSchema(document as object, 'openapi')
const pointer = (...segments: string[]) => segments.map((s) => `/${encodeURIComponent(s.replaceAll('~', '~0').replaceAll('/', '~1'))}`).join('')

const ctx = useTestContext({ rateLimit: { max: 10_000_000, windowSeconds: 60 } })

type Account = 'coordinator' | 'caseManager' | 'partner' | 'pucManager' | 'facilitator' | 'auditor' | 'platformAdmin' | 'otherCoordinator' | 'apiClient' | 'nobody' | 'forgedToken'
const ACCOUNT_EMAILS: Partial<Record<Account, string>> = {
  coordinator: 'coordinator@valmadrera.demo',
  caseManager: 'casemanager@valmadrera.demo',
  partner: 'operator@cooplavoro.demo',
  pucManager: 'puc@valmadrera.demo',
  facilitator: 'facilitator@cooplavoro.demo',
  auditor: 'auditor@valmadrera.demo',
  platformAdmin: 'admin@ponte.demo',
  otherCoordinator: 'coordinator@civate.demo',
}
/** Who sends each request: the people who work cases most often. */
const account = fc.constantFrom<Account>('coordinator', 'coordinator', 'coordinator', 'caseManager', 'caseManager', 'partner', 'partner', 'apiClient', 'apiClient', 'pucManager', 'facilitator', 'auditor', 'platformAdmin', 'otherCoordinator', 'nobody', 'forgedToken')

let demo: DemoContext
let client: TestClient

/** Real ids of the demo data for each combination of path parameters, consistent with one another. */
const SEEDED: Record<string, string> = {
  organisationId: 'select id from organisations',
  'organisationId,userId': 'select organisation_id, user_id from memberships where not (user_id = any(:own))',
  caseId: 'select id from cases',
  'caseId,userId': 'select case_id, user_id from case_members union all select id, case_manager_id from cases where case_manager_id is not null',
  referralId: 'select id from referrals',
  personId: 'select id from persons',
  'caseId,assessmentId': 'select case_id, id from assessments',
  'caseId,planId': 'select case_id, id from plans',
  'caseId,planId,commitmentId': 'select case_id, plan_id, id from plan_commitments',
  'caseId,commitmentId': 'select case_id, id from plan_commitments',
  'caseId,meetingId': 'select case_id, id from meetings',
  'caseId,noteId': 'select case_id, id from diary_notes',
  'caseId,supportId': 'select case_id, id from economic_supports',
  companyId: 'select id from companies',
  'companyId,siteId': 'select company_id, id from company_sites',
  'companyId,contactId': 'select company_id, id from company_contacts',
  activityId: 'select id from company_activities',
  vacancyId: 'select id from vacancies',
  matchId: 'select id from matches',
  projectId: 'select id from puc_projects',
  'projectId,siteId': 'select project_id, id from puc_sites',
  assignmentId: 'select id from puc_assignments',
  'assignmentId,date': 'select assignment_id, date::text from puc_attendance',
  communicationId: 'select id from puc_insurance_communications',
  programmeId: 'select id from group_programmes',
  applicationId: 'select id from group_applications',
  meetingId: 'select id from group_information_meetings',
  groupId: 'select id from groups',
  memberId: 'select id from group_members',
  sessionId: 'select id from group_sessions',
  'memberId,months': 'select member_id, months::text from group_member_follow_ups',
  'organisationId,apiClientId': 'select organisation_id, id from api_clients where id <> :client',
  'organisationId,webhookId': 'select organisation_id, id from webhook_subscriptions',
  'organisationId,webhookId,deliveryId': 'select s.organisation_id, s.id, d.id from webhook_deliveries d join webhook_subscriptions s on s.id = d.subscription_id',
  jobId: 'select id from jobs',
  measureId: 'select id from measures',
  'measureId,month': 'select measure_id, month from measure_attendance',
  'measureId,followUpId': 'select measure_id, id from measure_follow_ups',
}

const seededRows = new Map<string, string[][]>()
let currentOperation = ''
/** The rows for `key`, read once per operation (writes add and remove records as the fuzz goes). */
async function seeded(key: string): Promise<string[][]> {
  if (!seededRows.has(key)) {
    const query = SEEDED[key]
    if (!query) return [] // random ids; the first test names the missing entry of SEEDED
    const ownUsers = Object.values(ACCOUNT_EMAILS).map((email) => demo.users[email!]!)
    const values = query.includes(':own') ? [ownUsers] : query.includes(':client') ? [client.id] : []
    const text = query.replace(':own', '$1::uuid[]').replace(':client', '$1::uuid')
    const result = await ctx.database.pool.query<Record<string, string>>({ text, values, rowMode: 'array' } as never)
    seededRows.set(key, (result.rows as unknown as unknown[][]).map((row) => row.map(String)))
  }
  return seededRows.get(key)!
}

const poolRows = new Map<number, string[]>()
/** Replaces every id marker inside `value` by a real id of its pool. */
async function withRealIds<T>(value: T): Promise<T> {
  if (typeof value === 'string' && value.startsWith(MARK)) {
    const [pool, index] = value.slice(MARK.length).split(':').map(Number) as [number, number]
    if (!poolRows.has(pool)) poolRows.set(pool, (await ctx.database.pool.query<{ id: string }>(ID_POOLS[pool]![1])).rows.map((r) => r.id))
    const rows = poolRows.get(pool)!
    return (rows.length > 0 ? rows[index % rows.length]! : crypto.randomUUID()) as T
  }
  if (Array.isArray(value)) return (await Promise.all(value.map((v) => withRealIds(v)))) as T
  if (value !== null && typeof value === 'object') {
    const copy = {} as Record<string, unknown>
    for (const [k, v] of Object.entries(value)) Object.defineProperty(copy, k, { value: await withRealIds(v), enumerable: true, writable: true, configurable: true })
    return copy as T
  }
  return value
}

beforeAll(async () => {
  demo = await seedDemoData(ctx.database.db)
  const coordinator = { id: demo.users['coordinator@valmadrera.demo']!, email: 'coordinator@valmadrera.demo', headers: await signIn(ctx.app, ctx.database.db, demo.users['coordinator@valmadrera.demo']!) }
  const scopes = Object.keys((document as unknown as { components: { securitySchemes: { oauth2: { flows: { clientCredentials: { scopes: object } } } } } }).components.securitySchemes.oauth2.flows.clientCredentials.scopes)
  client = await createApiClient(ctx.app, coordinator, demo.orgs.valmadrera, { name: 'Fuzz', scopes })
}, 300_000)

let clientToken: { headers: Record<string, string>; at: number } | null = null
async function headersOf(who: Account): Promise<Record<string, string>> {
  if (who === 'nobody') return {}
  if (who === 'forgedToken') return { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' }
  if (who === 'apiClient') {
    if (!clientToken || Date.now() - clientToken.at > 5 * 60_000) clientToken = { headers: await clientHeaders(ctx.app, client), at: Date.now() }
    return clientToken.headers
  }
  // A session of its own for each operation: a fuzzed logout signs out that operation's requests only.
  const session = sessions.get(who) ?? (await signIn(ctx.app, ctx.database.db, demo.users[ACCOUNT_EMAILS[who]!]!))
  sessions.set(who, session)
  return session
}
const sessions = new Map<Account, Record<string, string>>()

// ---------------------------------------------------------------------------------------------
// Requests

type PathParams = { seeded: number } | { values: Record<string, string> }
type Body = { kind: 'none' } | { kind: 'json'; contentType: string; value: unknown; extra?: [string, unknown] } | { kind: 'raw'; contentType: string; payload: string }
interface FuzzRequest {
  mode: 'valid' | 'hostile path' | 'hostile query' | 'hostile body' | 'hostile headers'
  who: Account
  path: PathParams
  query: [string, string][]
  ifMatch: string | null
  idempotencyKey: string | null
  body: Body
}

const WRITE = new Set(['post', 'put', 'patch', 'delete'])

const stringOf = (value: unknown) => (typeof value === 'string' ? value : value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value))

/** Path parameters: real ids of the demo data (or valid random ones); hostile, some hostile text. */
function pathArbitrary(operation: Operation, hostile: boolean): fc.Arbitrary<PathParams> {
  const params = (operation.parameters ?? []).filter((p) => p.in === 'path')
  if (params.length === 0) return fc.constant({ values: {} })
  const validValue = (p: (typeof params)[number]) => arbitraries.valid(p.schema, 0, p.name).map(stringOf)
  if (hostile) {
    const value = (p: (typeof params)[number]) => fc.oneof({ weight: 2, arbitrary: validValue(p) }, { weight: 3, arbitrary: hostileText.filter((t) => t.length < 1000) }, { weight: 1, arbitrary: hostileText })
    return fc.record(Object.fromEntries(params.map((p) => [p.name, value(p)]))).map((values) => ({ values }))
  }
  const values = fc.record(Object.fromEntries(params.map((p) => [p.name, validValue(p)])))
  return fc.oneof({ weight: 5, arbitrary: fc.nat().map((seeded) => ({ seeded })) }, { weight: 1, arbitrary: values.map((v) => ({ values: v })) })
}

/** Opaque parameters (cursors): a random value is a 400, so only hostile ones are sent. */
const isOpaque = (name: string) => name === 'cursor' || name === 'after'

/**
 * The query string: some of the declared parameters with valid values, and in half the requests
 * one hostile parameter (a declared one with a hostile value, a forged cursor, or an unknown one).
 */
function queryArbitrary(operation: Operation, hostileParameter: boolean): fc.Arbitrary<[string, string][]> {
  const params = (operation.parameters ?? []).filter((p) => p.in === 'query')
  const entries = (name: string, value: unknown): [string, string][] => (value === undefined ? [] : Array.isArray(value) ? value.map((v) => [name, stringOf(v)]) : [[name, stringOf(value)]])
  const valid = params.map((p) =>
    isOpaque(p.name) ? fc.constant([]) : fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arbitraries.valid(p.schema, 0, p.name) }).map((v) => entries(p.name, v)),
  )
  const unknown = fc.constantFrom('unknown', 'limit[]', '__proto__', 'q[a]', 'constructor')
  const name = params.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...params.map((p) => p.name)) }, { weight: 1, arbitrary: unknown }) : unknown
  const hostile = hostileParameter ? fc.tuple(name, fc.oneof({ weight: 3, arbitrary: hostileText }, { weight: 1, arbitrary: hostileValue.map(stringOf) })) : fc.constant(undefined)
  return fc.tuple(fc.tuple(...valid), hostile).map(([lists, bad]) => [...lists.flat().filter(([name]) => name !== bad?.[0]), ...(bad ? [bad] : [])])
}

const rawJson = fc.oneof(
  fc.tuple(fc.integer({ min: 33, max: 4000 }), fc.nat()).map(([depth, shape]) => deepJson(depth, shape)),
  fc.constantFrom('{', '{"a":1,}', '', 'null', '[]', '"x"', '1e999', '{"a":"\\u0000"}', '{"__proto__":{"admin":true}}', '\ufeff{}'),
)

function bodyArbitrary(method: string, operation: Operation, hostile: boolean): fc.Arbitrary<Body> {
  const content = operation.requestBody?.content
  if (!content) {
    if (!hostile) return fc.constant({ kind: 'none' } as Body)
    return fc.oneof(
      { weight: 1, arbitrary: rawJson.map((payload): Body => ({ kind: 'raw', contentType: 'application/json', payload })) },
      { weight: 1, arbitrary: hostileValue.map((value): Body => ({ kind: 'json', contentType: 'application/json', value })) },
    )
  }
  const options = Object.entries(content).map(([contentType, { schema }]) => {
    const valid = arbitraries.valid(schema)
    if (contentType === 'text/csv') {
      const columns = csvColumns(content['application/json']?.schema)
      const cell = fc.oneof({ weight: 3, arbitrary: fc.string({ maxLength: 12 }) }, { weight: 1, arbitrary: hostileText.map((t) => t.slice(0, 200)) })
      const csv = fc.tuple(fc.subarray(columns, { minLength: 1 }), fc.array(fc.array(cell, { minLength: 1, maxLength: columns.length + 1 }), { maxLength: 4 }), fc.constantFrom('\n', '\r\n'))
        .map(([header, rows, eol]) => [header.join(','), ...rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(','))].join(eol))
      return (hostile ? hostileText : csv).map((payload): Body => ({ kind: 'raw', contentType, payload }))
    }
    const mutated = fc.tuple(valid, fc.nat(), hostileValue).map(([value, index, replacement]) => replaceNode(value, index, replacement))
    const withUnknown = fc.tuple(valid, fc.constantFrom('unknownField', '__proto__', 'constructor', 'id', 'version', 'createdAt'), hostileValue)
    if (!hostile) return valid.map((value): Body => ({ kind: 'json', contentType, value }))
    return fc.oneof(
      { weight: 4, arbitrary: mutated.map((value): Body => ({ kind: 'json', contentType, value })) },
      { weight: 2, arbitrary: withUnknown.map(([value, key, extra]): Body => ({ kind: 'json', contentType, value, extra: [key, extra] })) },
      { weight: 1, arbitrary: rawJson.map((payload): Body => ({ kind: 'raw', contentType, payload })) },
      { weight: 1, arbitrary: valid.map((value): Body => ({ kind: 'raw', contentType: 'text/plain', payload: JSON.stringify(value) ?? '' })) },
    )
  })
  const chosen = fc.oneof(...options)
  if (hostile) return operation.requestBody?.required ? fc.oneof({ weight: 6, arbitrary: chosen }, { weight: 1, arbitrary: fc.constant({ kind: 'none' } as Body) }) : chosen
  return operation.requestBody?.required ? chosen : fc.oneof({ weight: 4, arbitrary: chosen }, { weight: 1, arbitrary: fc.constant({ kind: 'none' } as Body) })
}

/** The columns a CSV import knows: the properties of the JSON variant's items. */
function csvColumns(schema: Schema | undefined): string[] {
  const resolved = schema ? arbitraries.resolve(schema) : undefined
  const array = Object.values((resolved?.properties ?? {}) as Record<string, Schema>).map((s) => arbitraries.resolve(s)).find((s) => s.type === 'array')
  const item = array ? arbitraries.resolve(array.items as Schema) : undefined
  const names = Object.keys((item?.properties ?? {}) as object)
  return names.length > 0 ? names : ['name']
}

/**
 * A request: valid in every part (with the resource's current ETag), or hostile in one part — the
 * path, the query string, the body, or the If-Match and Idempotency-Key headers — so that each
 * hostile value reaches as far into the route as the rest of the request allows.
 */
function requestArbitrary(method: string, operation: Operation): fc.Arbitrary<FuzzRequest> {
  const headers = new Set((operation.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name.toLowerCase()))
  const valid = {
    who: account,
    path: pathArbitrary(operation, false),
    query: queryArbitrary(operation, false),
    ifMatch: fc.constant<string | null>(headers.has('if-match') ? 'current' : null),
    idempotencyKey: headers.has('idempotency-key') ? fc.option(fc.uuid(), { nil: null }) : fc.constant<string | null>(null),
    body: bodyArbitrary(method, operation, false),
  }
  const hostileHeaders = {
    ifMatch: headers.has('if-match') ? fc.constantFrom<string | null>(null, '"1"', 'W/"1"', '*', '"abc"', '"99999999999999999999"', '"-1"', '1', '""', '"1", "2"') : fc.constant(null),
    idempotencyKey: headers.has('idempotency-key') ? fc.constantFrom<string | null>('k', 'x'.repeat(300), ' ', 'fuzz-key') : fc.constant<string | null>(null),
  }
  const variant = (mode: FuzzRequest['mode'], parts: Partial<typeof valid>, weight: number) => ({ weight, arbitrary: fc.record({ ...valid, ...parts }).map((r) => ({ ...r, mode })) })
  return fc.oneof(
    variant('valid', {}, 3),
    ...(operation.parameters ?? []).some((p) => p.in === 'path') ? [variant('hostile path', { path: pathArbitrary(operation, true) }, 1)] : [],
    variant('hostile query', { query: queryArbitrary(operation, true) }, 1),
    ...(operation.requestBody || WRITE.has(method) ? [variant('hostile body', { body: bodyArbitrary(method, operation, true) }, 3)] : []),
    ...(headers.size > 0 ? [variant('hostile headers', hostileHeaders, 1)] : []),
  )
}

/** A path value percent-encoded; a lone surrogate becomes bytes that are not UTF-8 (%ED%A0%80), as a client could send. */
const encodePathValue = (value: string) => [...value].map((c) => (/[\ud800-\udfff]/.test(c) ? '%ED%A0%80' : encodeURIComponent(c))).join('')

/** The URL of a request: seeded ids consistent with one another, or the generated values. */
async function urlOf(path: string, request: FuzzRequest): Promise<string> {
  const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)
  let values: Record<string, string> = {}
  if ('seeded' in request.path) {
    const rows = await seeded(names.join(','))
    const row = rows.length > 0 ? rows[request.path.seeded % rows.length]! : names.map(() => crypto.randomUUID())
    values = Object.fromEntries(names.map((n, i) => [n, row[i]!]))
  } else values = request.path.values
  const query = new URLSearchParams(request.query).toString()
  return `/api/v1${path.replace(/\{(\w+)\}/g, (_, name: string) => encodePathValue(values[name] ?? ''))}${query ? `?${query}` : ''}`
}

/** The ETag of the resource a write changes: its own GET, or the nearest enclosing one. */
async function currentEtag(url: string, headers: Record<string, string>): Promise<string> {
  let target = url.split('?')[0]!
  for (let attempt = 0; attempt < 3 && target.length > '/api/v1'.length; attempt++) {
    const response = await ctx.app.inject({ method: 'GET', url: target, headers })
    if (response.statusCode === 200 && typeof response.headers.etag === 'string') return response.headers.etag
    target = target.slice(0, target.lastIndexOf('/'))
  }
  return '"1"'
}

function payloadOf(body: Body): { headers: Record<string, string>; payload?: string } {
  if (body.kind === 'none') return { headers: {} }
  if (body.kind === 'raw') return { headers: { 'content-type': body.contentType }, payload: body.payload }
  let value = body.value
  if (body.extra && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    value = { ...value }
    Object.defineProperty(value, body.extra[0], { value: body.extra[1], enumerable: true })
  }
  if (body.contentType === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams()
    if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) form.append(k, stringOf(v))
    else form.append('value', stringOf(value))
    return { headers: { 'content-type': body.contentType }, payload: form.toString() }
  }
  return { headers: { 'content-type': body.contentType }, payload: JSON.stringify(value) ?? 'null' }
}

// ---------------------------------------------------------------------------------------------
// What each answer must be

function validate(path: string, method: string, status: string, mediaType: string, body: unknown): string | null {
  const validator = ajv.getSchema(`openapi#${pointer('paths', path, method, 'responses', status, 'content', mediaType, 'schema')}`)
  if (!validator) return null
  if (validator(body)) return null
  return `the body does not conform to the document: ${ajv.errorsText(validator.errors, { dataVar: 'body' })}`
}

function conformance(path: string, method: string, operation: Operation, response: { statusCode: number; headers: Record<string, unknown>; body: string }): string | null {
  const status = response.statusCode
  const mediaType = String(response.headers['content-type'] ?? '').split(';')[0]!.trim()
  if (status >= 500) return `${status}: a server error`
  if (status >= 400) {
    // The one exception, documented as such: the token endpoint answers as RFC 6749 §5.2 says.
    const documentedOther = operation.responses[String(status)]?.content?.[mediaType] && mediaType !== 'application/problem+json'
    if (documentedOther) return validate(path, method, String(status), mediaType, JSON.parse(response.body))
    if (mediaType !== 'application/problem+json') return `${status} as ${mediaType || 'no content type'}, not application/problem+json`
    let problem: { status?: unknown }
    try {
      problem = JSON.parse(response.body)
    } catch {
      return `${status}: the problem is not JSON`
    }
    if (problem.status !== status) return `${status}: the problem says status ${String(problem.status)}`
    return operation.responses[String(status)]?.content?.[mediaType] ? validate(path, method, String(status), mediaType, problem) : null
  }
  const documented = operation.responses[String(status)] ?? operation.responses[`${String(status)[0]}XX`]
  if (!documented) return `${status} is not a documented answer (${Object.keys(operation.responses).join(', ')})`
  if (!documented.content) return status === 204 && response.body !== '' ? '204 with a body' : null
  if (!documented.content[mediaType]) return `${status} as ${mediaType}, documented as ${Object.keys(documented.content).join(', ')}`
  if (!/json$/.test(mediaType)) return null
  let body: unknown
  try {
    body = JSON.parse(response.body)
  } catch {
    return `${status}: the body is not JSON`
  }
  return validate(path, method, String(status), mediaType, body)
}

const shorten = (text: string, max = 600) => (text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text)

// ---------------------------------------------------------------------------------------------

/** The statuses answered, by operation: FUZZ_STATS=1 prints them (to see what the fuzz reaches). */
const statuses = new Map<string, number[]>()
afterAll(() => {
  if (!process.env.FUZZ_STATS) return
  const all = [...statuses].filter(([key]) => !key.startsWith('(')).flatMap(([, list]) => list)
  const histogram = (list: number[]) => {
    const counts = new Map<number, number>()
    for (const s of [...list].sort()) counts.set(s, (counts.get(s) ?? 0) + 1)
    return [...counts].map(([s, n]) => `${s}×${n}`).join(' ')
  }
  console.log(`${all.length} requests: ${histogram(all)}`)
  for (const [key, list] of statuses) console.log(`${key.padEnd(90)} ${histogram(list)}`)
})

const operations = Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ path, method, operation })))

describe(`OpenAPI fuzz: every operation, ${RUNS} requests each (FUZZ_RUNS), seed ${SEED} (FUZZ_SEED)`, () => {
  it('covers every operation of the committed document', () => {
    expect(operations.length).toBeGreaterThan(150)
    for (const { path } of operations) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)
      if (names.length > 0) expect(SEEDED, `add the ids of ${names.join(',')} (${path}) to SEEDED`).toHaveProperty([names.join(',')])
    }
  })

  for (const { path, method, operation } of operations) {
    // Each operation its own seed, derived from FUZZ_SEED and its name: operations do not draw the same accounts in step.
    const seed = (SEED + [...`${method} ${path}`].reduce((h, c) => Math.imul(h, 31) + c.charCodeAt(0), 7)) | 0
    it.prop([requestArbitrary(method, operation)], { numRuns: RUNS, seed, endOnFailure: true })(`${method.toUpperCase()} ${path}`, async (generated) => {
      if (currentOperation !== `${method} ${path}`) {
        currentOperation = `${method} ${path}`
        seededRows.clear()
        poolRows.clear()
        sessions.clear()
      }
      const request = await withRealIds(generated)
      const url = await urlOf(path, request)
      const auth = await headersOf(request.who)
      const { headers: bodyHeaders, payload } = payloadOf(request.body)
      const headers: Record<string, string> = { ...auth, ...bodyHeaders }
      if (request.ifMatch) headers['if-match'] = request.ifMatch === 'current' ? await currentEtag(url, auth) : request.ifMatch
      if (request.idempotencyKey) headers['idempotency-key'] = request.idempotencyKey
      const response = await ctx.app.inject({ method: method.toUpperCase() as 'GET', url, headers, ...(payload === undefined ? {} : { payload }) })
      const key = `${method.toUpperCase()} ${path}`
      statuses.set(key, [...(statuses.get(key) ?? []), response.statusCode])
      statuses.set(`(${request.mode})`, [...(statuses.get(`(${request.mode})`) ?? []), response.statusCode])
      const problem = conformance(path, method, operation, response)
      if (problem) {
        throw new Error(
          `${method.toUpperCase()} ${shorten(url, 300)} as ${request.who} (${request.mode}) → ${problem}\n` +
            `request headers: ${shorten(JSON.stringify({ ...headers, authorization: undefined }))}\n` +
            `request body: ${shorten(payload ?? '')}\nresponse: ${shorten(response.body)}\n` +
            `replay: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} pnpm vitest run test/platform/openapi-fuzz.test.ts -t '${method.toUpperCase()} ${path}'`,
        )
      }
    })
  }
})
