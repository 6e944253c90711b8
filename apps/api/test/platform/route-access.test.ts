/**
 * Who may not reach a case or another scoped resource, route by route: the routes are read from the served OpenAPI document,
 * so a route is covered the day it is added. For every operation whose path names a case
 * (`{caseId}`), each outsider — another municipality's coordinator, a case manager of the same
 * municipality not assigned to the case, an operator of a partner whose referral is not accepted, a
 * facilitator and a PUC manager of the same municipality — gets what the route's access declaration
 * says (404, as for a missing case, unless it declares `outsiders`). The body is empty: the case is
 * resolved before the body is validated, so an outsider learns nothing from validation either.
 *
 * Every operation declared on another resource (`{ resource, right }`: a measure, a referral, a PUC
 * project or assignment, a programme, a group, a company, a match…) is called on a real resource of
 * that kind by a coordinator of another municipality and by an operator of an organisation that
 * works with nobody: each gets what the declaration says (404 unless `outsiders`), exactly what a
 * missing resource gets. A resource kind without a real one here fails the test, so a new kind
 * brings its fixture the day it is added.
 */
import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { groupMembers, groupSessions, jobs, referrals } from '../../src/db/schema/index.js'
import { RESOURCE_RIGHTS, type Access, type ResourceKind } from '../../src/lib/access.js'
import { todayInItaly } from '../../src/lib/dates.js'
import { createMediationWorld, registerCompany } from '../companies/mediation-world.js'
import { createGroupsWorld, createProgramme, fromToday, runningGroup } from '../groups/groups-world.js'
import { useTestContext } from '../helpers/app.js'
import { createCase, createReferral } from '../helpers/case-factories.js'
import { createOrganisation, createUser, type TestUser } from '../helpers/factories.js'
import { createHost, createInternship, internshipBody } from '../measures/measures-world.js'
import { assign, createProject } from '../puc/puc-world.js'

const ctx = useTestContext()

interface Operation {
  method: string
  path: string
  access: Access
}

let operations: Operation[] = []
let caseId = ''
let coordinator: TestUser
let outsiders: Record<string, TestUser> = {}

beforeAll(async () => {
  const db = ctx.database.db
  const municipality = (await createOrganisation(db)).id
  const otherMunicipality = (await createOrganisation(db)).id
  const cooperative = (await createOrganisation(db, { kind: 'cooperative' })).id
  const user = (organisationId: string, roles: Parameters<typeof createUser>[2][number]['roles']) => createUser(ctx.app, db, [{ organisationId, roles }])
  coordinator = await user(municipality, ['coordinator'])
  const caseManager = await user(municipality, ['case_manager'])
  const theCase = await createCase(db, { municipalityId: municipality, caseManagerId: caseManager.id, status: 'active' })
  caseId = theCase.id
  await createReferral(db, { caseId, municipalityId: municipality, partnerOrganisationId: cooperative, status: 'requested' })
  outsiders = {
    'another municipality\'s coordinator': await user(otherMunicipality, ['coordinator', 'case_manager']),
    'an unassigned case manager of the municipality': await user(municipality, ['case_manager']),
    'a partner operator whose referral is not accepted': await user(cooperative, ['operator', 'coordinator']),
    'a facilitator': await user(cooperative, ['facilitator']),
    'a PUC manager of the municipality': await user(municipality, ['puc_manager']),
  }
  const document = (await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> }
  operations = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => {
      const key = `${method.toUpperCase()} /api/v1${path.replace(/\{(\w+)\}/g, ':$1')}`
      const access = ctx.app.routeAccess.get(key)
      if (!access) throw new Error(`${key} is in the OpenAPI document without an access declaration`)
      return { method: method.toUpperCase(), path, access }
    }),
  )
}, 120_000)

/** The operation's URL on the test case, every other id a fresh one. */
const urlOf = (path: string) => `/api/v1${path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'caseId' ? caseId : randomUUID()))}`

function request(user: TestUser, operation: Operation) {
  const { method } = operation
  const body = method === 'POST' || method === 'PUT' || method === 'PATCH'
  return ctx.app.inject({
    method: method as 'GET',
    url: urlOf(operation.path),
    headers: { ...user.headers, ...(body ? { 'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' } : {}) },
    ...(body ? { payload: '{}' } : {}),
  })
}

describe('route access: case-scoped operations', () => {
  it('finds the case-scoped operations in the OpenAPI document, each declared on the case', () => {
    const scoped = operations.filter((o) => o.path.includes('{caseId}'))
    expect(scoped.length).toBeGreaterThan(40)
    for (const o of scoped) expect('case' in o.access, `${o.method} ${o.path} names a case but does not declare a case right`).toBe(true)
  })

  it('covers the partner commitments: their case paths are among the operations checked', () => {
    const scoped = operations.filter((o) => o.path.includes('{caseId}')).map((o) => `${o.method} ${o.path}`)
    expect(scoped).toEqual(
      expect.arrayContaining([
        'GET /cases/{caseId}/partner-commitments',
        'GET /cases/{caseId}/plan-commitments/{commitmentId}',
        'PATCH /cases/{caseId}/plan-commitments/{commitmentId}',
        'GET /cases/{caseId}/plan-commitments/{commitmentId}/progress-notes',
        'POST /cases/{caseId}/plan-commitments/{commitmentId}/progress-notes',
      ]),
    )
  })

  it('answers every outsider of the case as the declaration says (404 unless declared otherwise)', async () => {
    const failures: string[] = []
    for (const operation of operations.filter((o) => o.path.includes('{caseId}'))) {
      const expected = ('outsiders' in operation.access && operation.access.outsiders) || 404
      for (const [who, user] of Object.entries(outsiders)) {
        const response = await request(user, operation)
        if (response.statusCode !== expected) failures.push(`${operation.method} ${operation.path} as ${who}: ${response.statusCode}, expected ${expected}`)
      }
    }
    expect(failures).toEqual([])
  }, 600_000)

  it('lets the case\'s coordinator through the same gate (the case and the URLs are real)', async () => {
    const reads = operations.filter((o) => o.method === 'GET' && /^\/cases\/\{caseId\}(\/[a-z-]+)?$/.test(o.path))
    expect(reads.length).toBeGreaterThan(5)
    for (const operation of reads) {
      const response = await request(coordinator, operation)
      expect(response.statusCode, `${operation.method} ${operation.path}: ${response.body}`).toBe(200)
    }
  }, 300_000)
})

// ---------------------------------------------------------------------------------------------
// Other scoped resources

/** The path parameter naming each kind of scoped resource. */
const RESOURCE_PARAMS: Record<ResourceKind, string> = {
  company: 'companyId',
  activity: 'activityId',
  vacancy: 'vacancyId',
  match: 'matchId',
  measure: 'measureId',
  referral: 'referralId',
  person: 'personId',
  job: 'jobId',
  'puc-project': 'projectId',
  'puc-assignment': 'assignmentId',
  programme: 'programmeId',
  'information-meeting': 'meetingId',
  'group-application': 'applicationId',
  group: 'groupId',
  'group-session': 'sessionId',
  'group-member': 'memberId',
}

/** A real resource of each kind (and of the other ids its paths name), built through the API. */
const real: Partial<Record<ResourceKind, string>> & Record<string, string> = {}
let resourceOutsiders: Record<string, TestUser> = {}

async function buildResources() {
  const { app } = ctx
  const db = ctx.database.db
  const world = await createMediationWorld(app, db)
  const ok = (response: { statusCode: number; body: string }, what: string) => {
    if (response.statusCode >= 300) throw new Error(`${what}: ${response.statusCode} ${response.body}`)
    return JSON.parse(response.body) as { id: string }
  }
  const post = (user: TestUser, url: string, payload: object) => app.inject({ method: 'POST', url: `/api/v1${url}`, headers: user.headers, payload })

  // Mediation: a company of the cooperative with a site, a contact, an activity, a vacancy and a match.
  const host = await createHost(app, world.operator)
  real.company = host.companyId
  real.siteId = host.siteId
  real.contactId = host.tutorIds[0]!
  real.activity = ok(await post(world.operator, `/companies/${host.companyId}/activities`, { kind: 'call', date: todayInItaly(), summary: 'Telefonata con la titolare' }), 'activity').id
  real.vacancy = ok(await post(world.operator, '/vacancies', { companyId: host.companyId, title: 'Magazziniere', contractType: 'permanent', positions: 1, deadline: fromToday(20) }), 'vacancy').id
  real.match = ok(await post(world.operator, `/vacancies/${real.vacancy}/matches`, { caseId: world.referredCaseId }), 'match').id

  // A measure, the referral and the person of the referred case.
  real.measure = ok(await createInternship(app, world.coordinator, world.referredCaseId, internshipBody(host)), 'measure').id
  const [referral] = await db.select().from(referrals).where(eq(referrals.caseId, world.referredCaseId))
  real.referral = referral!.id
  const person = ok(await app.inject({ method: 'GET', url: `/api/v1/cases/${world.referredCaseId}`, headers: world.coordinator.headers }), 'case') as unknown as { person: { id: string } }
  real.person = person.person.id
  const [job] = await db.insert(jobs).values({ kind: 'persons.import', requestedBy: world.coordinator.id, status: 'completed', total: 0 }).returning()
  real.job = job!.id

  // PUC: a project of the municipality with an assignment of a case.
  const project = await createProject(app, world)
  real['puc-project'] = project.id
  const pucCase = await createCase(db, { municipalityId: world.municipality, caseManagerId: world.caseManager.id, status: 'active' })
  real['puc-assignment'] = (await assign(app, world, project, pucCase.id)).id

  // Groups (their own world): a programme with an information meeting, a running group with a member and sessions.
  const groups = await createGroupsWorld(app, db)
  const programme = await createProgramme(app, groups)
  real.programme = programme.id
  real['information-meeting'] = ok(await post(groups.facilitator, `/programmes/${programme.id}/information-meetings`, { date: fromToday(-3), startTime: '18:00', place: 'Biblioteca civica' }), 'information meeting').id
  const { group, applications } = await runningGroup(app, groups, programme, { members: 1 })
  real.group = group.id
  real['group-application'] = applications[0]!.id
  real['group-member'] = (await db.select().from(groupMembers).where(eq(groupMembers.groupId, group.id)))[0]!.id
  real['group-session'] = (await db.select().from(groupSessions).where(eq(groupSessions.groupId, group.id)))[0]!.id

  const loner = (await createOrganisation(db, { kind: 'cooperative' })).id
  const elsewhere = (await createOrganisation(db)).id
  resourceOutsiders = {
    "another municipality's coordinator": await createUser(app, db, [{ organisationId: elsewhere, roles: ['coordinator', 'case_manager', 'puc_manager'] }]),
    'an operator of an organisation that works with nobody': await createUser(app, db, [{ organisationId: loner, roles: ['operator', 'coordinator', 'facilitator'] }]),
  }
  // A registered company of the municipality too: the circle of another municipality does not reach it.
  await registerCompany(app, world.coordinator)
}

/** Values of path parameters that are not ids. */
const NOT_IDS: Record<string, string> = { month: todayInItaly().slice(0, 7), date: todayInItaly(), months: '6' }

/** The operation's URL with the real resource of its declaration, or a fresh id for it (`missing`). */
function resourceUrl(operation: Operation, missing: boolean) {
  const access = operation.access as Extract<Access, { resource: string }>
  const own = RESOURCE_PARAMS[access.resource]
  return `/api/v1${operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name === own) return missing ? randomUUID() : real[access.resource]!
    return NOT_IDS[name] ?? real[name] ?? randomUUID()
  })}`
}

function call(user: TestUser, operation: Operation, url: string) {
  const { method } = operation
  const body = method === 'POST' || method === 'PUT' || method === 'PATCH'
  return ctx.app.inject({
    method: method as 'GET',
    url,
    // An If-Match, so a versioned write reaches its use case rather than stopping at 428.
    headers: { ...user.headers, ...(method === 'GET' ? {} : { 'if-match': '"1"' }), ...(body ? { 'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' } : {}) },
    ...(body ? { payload: '{}' } : {}),
  })
}

describe('route access: operations scoped to another resource', () => {
  beforeAll(buildResources, 300_000)

  const scoped = () => operations.filter((o) => 'resource' in o.access)

  it('names each declared resource in the path and has a real one of every kind', () => {
    expect(scoped().length).toBeGreaterThan(60)
    for (const kind of Object.keys(RESOURCE_RIGHTS) as ResourceKind[]) expect(real[kind], `no real ${kind} to call its routes with`).toBeTruthy()
    for (const o of scoped()) {
      const kind = (o.access as { resource: ResourceKind }).resource
      expect(o.path, `${o.method} ${o.path} is declared on a ${kind} but names no {${RESOURCE_PARAMS[kind]}}`).toContain(`{${RESOURCE_PARAMS[kind]}}`)
    }
  })

  it('answers every outsider as for a missing resource: what the declaration says (404 unless declared otherwise)', async () => {
    const failures: string[] = []
    for (const operation of scoped()) {
      const expected = ('outsiders' in operation.access && operation.access.outsiders) || 404
      for (const [who, user] of Object.entries(resourceOutsiders)) {
        const response = await call(user, operation, resourceUrl(operation, false))
        const missing = await call(user, operation, resourceUrl(operation, true))
        if (response.statusCode !== missing.statusCode) failures.push(`${operation.method} ${operation.path} as ${who}: ${response.statusCode} for the real one, ${missing.statusCode} for a missing one`)
        // A request the schema refuses (400: the empty body, a required query parameter) says nothing
        // about the resource, as long as a missing one gets the same: the use case is not reached.
        else if (response.statusCode !== expected && response.statusCode !== 400) failures.push(`${operation.method} ${operation.path} as ${who}: ${response.statusCode}, expected ${expected}`)
      }
    }
    expect(failures).toEqual([])
  }, 600_000)

  it('answers a body the schema refuses the same for a real resource as for a missing one (validation runs before the resource is resolved and says nothing of it; apps/api/src/modules/README.md)', async () => {
    const failures: string[] = []
    const writes = scoped().filter((o) => o.method === 'POST' || o.method === 'PUT' || o.method === 'PATCH')
    expect(writes.length).toBeGreaterThan(30)
    const [who, user] = Object.entries(resourceOutsiders)[0]!
    const invalid = (operation: Operation, url: string) =>
      ctx.app.inject({
        method: operation.method as 'POST',
        url,
        headers: { ...user.headers, 'if-match': '"1"', 'content-type': operation.method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' },
        payload: JSON.stringify({ notAField: { nested: [1, 2, 3] } }),
      })
    const answer = (response: { statusCode: number; body: string }) => {
      const problem = JSON.parse(response.body || '{}') as { code?: string; errors?: { pointer: string }[] }
      return JSON.stringify({ status: response.statusCode, code: problem.code, pointers: (problem.errors ?? []).map((e) => e.pointer) })
    }
    for (const operation of writes) {
      const real = answer(await invalid(operation, resourceUrl(operation, false)))
      const missing = answer(await invalid(operation, resourceUrl(operation, true)))
      if (real !== missing) failures.push(`${operation.method} ${operation.path} as ${who}: ${real} for the real one, ${missing} for a missing one`)
    }
    expect(failures).toEqual([])
  }, 600_000)
})
