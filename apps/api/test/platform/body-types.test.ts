/**
 * JSON bodies are validated as sent, never coerced (docs/decisions/0018): a number sent as text, a
 * boolean sent as text, a scalar where a list is expected or `null` where a value is required
 * answers 400 problem+json naming the field, and changes nothing. Query strings and path
 * parameters arrive as text and keep being coerced (`?limit=2`).
 */
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { economicSupports } from '../../src/db/schema/index.js'
import { useTestContext } from '../helpers/app.js'
import { countPersons, nicoloBody } from '../helpers/case-factories.js'
import { createWorkedCase, injectAs } from '../helpers/worked-case.js'

const ctx = useTestContext()

const person = nicoloBody
const personCount = () => countPersons(ctx.database.db)

type Problem = { status: number; type: string; errors?: { pointer: string }[] }

function expectFieldProblem(response: { statusCode: number; headers: Record<string, unknown>; json: () => unknown }, pointer: string) {
  expect(response.statusCode, JSON.stringify(response.json())).toBe(400)
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
  const body = response.json() as Problem
  expect(body.status).toBe(400)
  expect(body.errors?.map((e) => e.pointer)).toContain(pointer)
}

describe('JSON bodies are not coerced', () => {
  it('answers 400 naming the field for a number, a boolean or a list sent as something else, and creates nothing', async () => {
    const w = await createWorkedCase(ctx, 'economic-supports')
    const before = await personCount()
    const post = (body: object) => injectAs(ctx, w.caseManager, 'POST', '/api/v1/persons', body)

    expectFieldProblem(await post(person({ educationLevel: '3' })), '/educationLevel')
    expectFieldProblem(await post(person({ didRegistered: 'true' })), '/didRegistered')
    expectFieldProblem(await post(person({ availability: { hoursPerWeek: '30' } })), '/availability/hoursPerWeek')
    expectFieldProblem(await post(person({ givenName: 12 })), '/givenName')
    expectFieldProblem(await post(person({ familyName: null })), '/familyName')
    expect(await personCount()).toBe(before)

    const support = { type: 'rent', amountCents: '12', periodFrom: '2026-12-01', periodTo: '2027-02-28', purpose: 'Contributo affitto' }
    expectFieldProblem(await injectAs(ctx, w.caseManager, 'POST', w.base, support), '/amountCents')
    expect(await ctx.database.db.select().from(economicSupports).where(eq(economicSupports.caseId, w.theCase.id))).toEqual([])

    // The same bodies with the right types are accepted.
    expect((await post(person({ educationLevel: 3, didRegistered: true, availability: { hoursPerWeek: 30 } }))).statusCode).toBe(201)
    expect((await injectAs(ctx, w.caseManager, 'POST', w.base, { ...support, amountCents: 12 })).statusCode).toBe(201)
  })

  it('keeps null as null for a nullable number (coercion made it 0), and refuses a single value for a list', async () => {
    const w = await createWorkedCase(ctx, 'economic-supports')
    const personId = w.theCase.personId
    const url = `/api/v1/persons/${personId}/sensitive`
    const put = (body: object) => ctx.app.inject({ method: 'PUT', url, headers: { ...w.caseManager.headers, 'content-type': 'application/json' }, payload: JSON.stringify(body) })

    expectFieldProblem(await put({ disadvantageCategories: 'drug_addiction', l68Registered: false, invalidityPercent: null }), '/disadvantageCategories')
    expectFieldProblem(await put({ disadvantageCategories: [], l68Registered: 'false', invalidityPercent: null }), '/l68Registered')
    expect((await ctx.app.inject({ method: 'GET', url, headers: w.caseManager.headers })).statusCode).toBe(404)

    const created = await put({ disadvantageCategories: ['drug_addiction'], l68Registered: false, invalidityPercent: null })
    expect(created.statusCode, created.body).toBe(201)
    expect(created.json()).toMatchObject({ l68Registered: false, invalidityPercent: null })
  })

  it('still coerces query strings, which arrive as text', async () => {
    const w = await createWorkedCase(ctx, 'economic-supports')
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/cases', query: { limit: '2' }, headers: w.coordinator.headers })
    expect(response.statusCode, response.body).toBe(200)
  })
})
