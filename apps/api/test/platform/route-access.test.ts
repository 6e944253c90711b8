/**
 * Who may not reach a case, route by route: the routes are read from the served OpenAPI document,
 * so a route is covered the day it is added. For every operation whose path names a case
 * (`{caseId}`), each outsider — another municipality's coordinator, a case manager of the same
 * municipality not assigned to the case, an operator of a partner whose referral is not accepted, a
 * facilitator and a PUC manager of the same municipality — gets what the route's access declaration
 * says (404, as for a missing case, unless it declares `outsiders`). The body is empty: the case is
 * resolved before the body is validated, so an outsider learns nothing from validation either.
 */
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Access } from '../../src/lib/access.js'
import { useTestContext } from '../helpers/app.js'
import { createCase, createReferral } from '../helpers/case-factories.js'
import { createOrganisation, createUser, type TestUser } from '../helpers/factories.js'

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
