/**
 * Hostile input never reaches PostgreSQL as an error: each request below answered 500 once. Each
 * must answer a 4xx problem+json and change nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { encodeCursor } from '../../src/lib/http.js'
import { useTestContext } from '../helpers/app.js'
import { countPersons, createCase, createPerson, nicoloBody } from '../helpers/case-factories.js'
import { createOrganisation, createUser, type TestUser } from '../helpers/factories.js'

const ctx = useTestContext()
let coordinator: TestUser
let caseId: string
let municipalityId: string

beforeAll(async () => {
  const db = ctx.database.db
  const municipality = await createOrganisation(db, { kind: 'municipality' })
  municipalityId = municipality.id
  coordinator = await createUser(ctx.app, db, [{ organisationId: municipality.id, roles: ['coordinator', 'case_manager'] }])
  caseId = (await createCase(db, { municipalityId: municipality.id, caseManagerId: coordinator.id })).id
})

const person = nicoloBody
const personCount = () => countPersons(ctx.database.db)

function expectProblem(response: { statusCode: number; headers: Record<string, unknown>; json: () => unknown }, status = 400) {
  expect(response.statusCode, JSON.stringify(response.json())).toBe(status)
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
  expect(response.json()).toMatchObject({ status })
}

const get = (url: string) => ctx.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: coordinator.headers })
const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { ...coordinator.headers, 'content-type': 'application/json', ...headers }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) })

describe('NUL bytes', () => {
  it('refuse a NUL in a text field and in a jsonb field, naming the field, and create nothing', async () => {
    const before = await personCount()
    const text = await post('/persons', person({ givenName: 'Nico\u0000lò' }))
    expectProblem(text)
    expect((text.json() as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).toContain('/givenName')
    const jsonb = await post('/persons', person({ availability: { hoursPerWeek: 30, notes: 'sera\u0000' } }))
    expectProblem(jsonb)
    expect((jsonb.json() as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).toContain('/availability/notes')
    expect(await personCount()).toBe(before)
  })

  it('refuse a NUL in q and in a name search', async () => {
    expectProblem(await get('/cases?q=ros%00si'))
    expectProblem(await post('/persons/search', { name: 'Ros\u0000si' }))
  })
})

describe('dates PostgreSQL cannot hold', () => {
  it('refuses year 0 in a body and in updatedSince', async () => {
    const before = await personCount()
    expectProblem(await post('/persons', person({ unemployedSince: '0000-01-01' })))
    expectProblem(await get('/cases?updatedSince=0000-01-01T00:00:00Z'))
    expectProblem(await post('/persons/search', { birthDate: '0000-02-29' }))
    expect(await personCount()).toBe(before)
  })

  it('refuses a time zone offset beyond PostgreSQL\'s range, and an instant that is year 0 in UTC', async () => {
    expectProblem(await get(`/cases?updatedSince=${encodeURIComponent('2026-01-01T00:00:00-18:32')}`))
    expectProblem(await get(`/cases?updatedSince=${encodeURIComponent('0001-01-01T00:00:00+01:00')}`))
    expect((await get(`/cases?updatedSince=${encodeURIComponent('2026-01-01T00:00:00+15:30')}`)).statusCode).toBe(200)
  })

  it('refuses well-formed cursors holding impossible dates or values of the wrong kind', async () => {
    const uuid = '019a7b1e-6c2e-7a4b-9a51-1f2e3d4c5b6a'
    for (const at of ['2026-13-01 10:00:00+00', '2026-02-30 10:00:00+00', '0000-01-01 10:00:00+00', '2026-01-01 25:00:00+00']) {
      expectProblem(await get(`/cases?cursor=${encodeCursor([at, uuid])}`))
      expectProblem(await get(`/cases/${caseId}/timeline?cursor=${encodeCursor([at, uuid])}`))
    }
    // Lists whose cursors hold dates, numbers or ids: a forged value of the wrong kind is a 400.
    for (const cursor of [encodeCursor(['2026-02-30', uuid]), encodeCursor(['not-a-date', 'not-a-uuid']), encodeCursor([1e300, uuid]), encodeCursor(['a\u0000', uuid])]) {
      expectProblem(await get(`/cases/${caseId}/assessments?cursor=${cursor}`))
      expectProblem(await get(`/cases/${caseId}/diary-notes?cursor=${cursor}`))
    }
    expectProblem(await post('/persons/search', { name: 'Rossi', cursor: encodeCursor(['not-a-number', 'not-a-uuid']) }))
  })

  it('answers 400, not 500, when a value the checks let through is one PostgreSQL cannot compare', async () => {
    // A plan's version number is a 32-bit integer in the database: the cursor's number is not.
    expectProblem(await get(`/cases/${caseId}/plans?cursor=${encodeCursor([1e12])}`))
  })
})

describe('deep nesting', () => {
  it('answers 400 to a 10,000-deep JSON body, on a route with a body schema and on one without', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000)
    expectProblem(await post('/auth/logout', deep, { 'idempotency-key': 'deep-1' }))
    expectProblem(await post(`/cases/${caseId}/diary-notes`, `{"text":"x","extra":${deep}}`, { 'idempotency-key': 'deep-2' }))
    expectProblem(await post('/persons', `{"availability":{"notes":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}}`))
  })
})

describe('bodies declared per media type', () => {
  it('answers 400 to an import without a body, and 415 to one in a media type it does not declare (found by the OpenAPI fuzz)', async () => {
    const before = await personCount()
    for (const url of ['/companies/import', '/persons/import']) {
      const missing = await ctx.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { ...coordinator.headers, 'idempotency-key': `no-body-${url}` } })
      expectProblem(missing)
      expect((missing.json() as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).toEqual(['/'])
      const other = await ctx.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { ...coordinator.headers, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'items=1' })
      expectProblem(other, 415)
    }
    expect(await personCount()).toBe(before)
  })
})

describe('If-Match', () => {
  it('never matches a weak ETag (strong comparison): 412 and nothing changes', async () => {
    const { id } = await createPerson(ctx.database.db, { municipalityId, givenName: 'Chiara' })
    const patch = (ifMatch: string) =>
      ctx.app.inject({ method: 'PATCH', url: `/api/v1/persons/${id}`, headers: { ...coordinator.headers, 'content-type': 'application/merge-patch+json', 'if-match': ifMatch }, payload: JSON.stringify({ givenName: 'Clara' }) })
    expectProblem(await patch('W/"1"'), 412)
    expect((await get(`/persons/${id}`)).json()).toMatchObject({ givenName: 'Chiara', version: 1 })
    expect((await patch('"1"')).statusCode).toBe(200)
  })
})
