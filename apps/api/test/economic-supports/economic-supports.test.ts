import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog, caseEvents, economicSupports } from '../../src/db/schema/index.js'
import { useTestContext } from '../helpers/app.js'
import { createWorkedCase, injectAs } from '../helpers/worked-case.js'
import { type TestUser } from '../helpers/factories.js'
import { daysFromTodayInItaly } from '../../src/lib/dates.js'

const ctx = useTestContext()

/** A date `days` away from today in Italy. */
const dayFromToday = daysFromTodayInItaly

const world = () => createWorkedCase(ctx, 'economic-supports')
const inject = (...args: Parameters<typeof injectAs> extends [unknown, ...infer Rest] ? Rest : never) => injectAs(ctx, ...args)

interface Support {
  id: string
  version: number
  status: string
}

const RENT = { type: 'rent', amountCents: 90000, periodFrom: '2026-12-01', periodTo: '2027-02-28', purpose: 'Contributo affitto di €300 al mese per tre mesi' }

async function request(user: TestUser, base: string, values: Record<string, unknown> = {}): Promise<Support> {
  const response = await inject(user, 'POST', base, { ...RENT, ...values })
  expect(response.statusCode).toBe(201)
  return response.json()
}

const decide = (user: TestUser, base: string, support: Support, body: object) => inject(user, 'POST', `${base}/${support.id}/transitions`, body, { 'if-match': `"${support.version}"` })
const pay = (user: TestUser, base: string, support: Support, paidOn: string) => inject(user, 'POST', `${base}/${support.id}/payment`, { paidOn }, { 'if-match': `"${support.version}"` })

describe('requesting economic supports', () => {
  it('records a request with ETag and Location, a municipality timeline event and an audit entry', async () => {
    const w = await world()
    const response = await inject(w.caseManager, 'POST', w.base, RENT)
    expect(response.statusCode).toBe(201)
    const support = response.json()
    expect(support).toMatchObject({ ...RENT, status: 'requested', approvedAmountCents: null, requestedBy: w.caseManager.id, decidedBy: null, paidOn: null, version: 1 })
    expect(support.requestedByName).toMatch(/^Maria Rossi /)
    expect(response.headers.etag).toBe('"1"')
    expect(response.headers.location).toBe(`${w.base}/${support.id}`)
    const events = await ctx.database.db.select().from(caseEvents).where(eq(caseEvents.resourceId, support.id))
    expect(events).toMatchObject([{ type: 'economic_support.requested', audience: 'municipality' }])
    expect(await ctx.database.db.select().from(auditLog).where(and(eq(auditLog.resourceId, support.id), eq(auditLog.action, 'create')))).toHaveLength(1)

    const read = await inject(w.member, 'GET', `${w.base}/${support.id}`)
    expect(read.json()).toEqual(support)
    expect(await ctx.database.db.select().from(auditLog).where(and(eq(auditLog.resourceId, support.id), eq(auditLog.action, 'read')))).toHaveLength(1)
    const list = (await inject(w.coordinator, 'GET', `${w.base}?status=requested&type=rent`)).json()
    expect(list).toMatchObject({ items: [{ id: support.id }], nextCursor: null })
  })

  it('answers 422 naming the field for an amount not above zero or a period ending before it starts', async () => {
    const w = await world()
    for (const amountCents of [0, -500]) {
      const response = await inject(w.caseManager, 'POST', w.base, { ...RENT, amountCents })
      expect(response.statusCode).toBe(422)
      expect(response.json().errors).toEqual([expect.objectContaining({ pointer: '/amountCents' })])
    }
    const period = await inject(w.caseManager, 'POST', w.base, { ...RENT, periodFrom: '2027-03-01', periodTo: '2027-02-28' })
    expect(period.statusCode).toBe(422)
    expect(period.json().errors).toEqual([expect.objectContaining({ pointer: '/periodTo' })])
    expect((await inject(w.caseManager, 'POST', w.base, { ...RENT, amountCents: 12.5 })).statusCode).toBe(400)
    expect((await inject(w.caseManager, 'POST', w.base, { ...RENT, type: 'lottery' })).statusCode).toBe(400)
    expect(await ctx.database.db.select().from(economicSupports).where(eq(economicSupports.caseId, w.theCase.id))).toHaveLength(0)
  })

  it('updates a request with a merge patch and If-Match, applying the same rules to the result', async () => {
    const w = await world()
    const support = await request(w.caseManager, w.base)
    const bad = await inject(w.caseManager, 'PATCH', `${w.base}/${support.id}`, { periodTo: '2026-11-30' }, { 'if-match': '"1"' })
    expect(bad.statusCode).toBe(422)
    expect(bad.json().errors).toEqual([expect.objectContaining({ pointer: '/periodTo' })])
    const zero = await inject(w.caseManager, 'PATCH', `${w.base}/${support.id}`, { amountCents: 0 }, { 'if-match': '"1"' })
    expect(zero.json().errors).toEqual([expect.objectContaining({ pointer: '/amountCents' })])
    const ok = await inject(w.member, 'PATCH', `${w.base}/${support.id}`, { amountCents: 60000, periodTo: '2027-01-31', purpose: null }, { 'if-match': '"1"' })
    expect(ok.statusCode).toBe(200)
    expect(ok.json()).toMatchObject({ amountCents: 60000, periodTo: '2027-01-31', purpose: null, version: 2 })
    expect(ok.headers.etag).toBe('"2"')
    expect((await inject(w.member, 'PATCH', `${w.base}/${support.id}`, { amountCents: 1 })).statusCode).toBe(428)
    expect((await inject(w.member, 'PATCH', `${w.base}/${support.id}`, { amountCents: 1 }, { 'if-match': '"1"' })).statusCode).toBe(412)
  })

  it('lets one of two concurrent edits win, answers 412 to the other, and loses nothing on its retry', async () => {
    const w = await world()
    const support = await request(w.caseManager, w.base)
    const [a, b] = await Promise.all([
      inject(w.caseManager, 'PATCH', `${w.base}/${support.id}`, { amountCents: 80000 }, { 'if-match': '"1"' }),
      inject(w.member, 'PATCH', `${w.base}/${support.id}`, { purpose: 'Sfratto imminente' }, { 'if-match': '"1"' }),
    ])
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 412])
    const loser = a.statusCode === 412 ? { user: w.caseManager, patch: { amountCents: 80000 } } : { user: w.member, patch: { purpose: 'Sfratto imminente' } }
    const current = await inject(loser.user, 'GET', `${w.base}/${support.id}`)
    const retry = await inject(loser.user, 'PATCH', `${w.base}/${support.id}`, loser.patch, { 'if-match': current.headers.etag as string })
    expect(retry.json()).toMatchObject({ amountCents: 80000, purpose: 'Sfratto imminente', version: 3 })
  })

  it('creates one request for a retried POST with the same Idempotency-Key', async () => {
    const w = await world()
    const first = await inject(w.caseManager, 'POST', w.base, RENT, { 'idempotency-key': 'support-1' })
    const again = await inject(w.caseManager, 'POST', w.base, RENT, { 'idempotency-key': 'support-1' })
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(again.json().id).toBe(first.json().id)
    expect(await ctx.database.db.select().from(economicSupports).where(eq(economicSupports.caseId, w.theCase.id))).toHaveLength(1)
  })
})

describe('deciding economic supports', () => {
  it('lets only the coordinator decide: 403 for the case manager and a colleague on the case', async () => {
    const w = await world()
    const support = await request(w.caseManager, w.base)
    expect((await decide(w.caseManager, w.base, support, { to: 'approved' })).statusCode).toBe(403)
    expect((await decide(w.member, w.base, support, { to: 'rejected', note: 'No' })).statusCode).toBe(403)
    expect((await inject(w.caseManager, 'GET', `${w.base}/${support.id}`)).json()).toMatchObject({ status: 'requested', version: 1 })
  })

  it('approves for the requested amount by default, or for less', async () => {
    const w = await world()
    const full = await decide(w.coordinator, w.base, await request(w.caseManager, w.base), { to: 'approved' })
    expect(full.statusCode).toBe(200)
    expect(full.json()).toMatchObject({ status: 'approved', approvedAmountCents: 90000, decidedBy: w.coordinator.id, decisionNote: null, version: 2 })
    expect(full.json().decidedAt).toMatch(/Z$/)
    const partial = await decide(w.coordinator, w.base, await request(w.caseManager, w.base), { to: 'approved', approvedAmountCents: 60000, note: 'Concessi due mesi su tre' })
    expect(partial.json()).toMatchObject({ status: 'approved', amountCents: 90000, approvedAmountCents: 60000, decisionNote: 'Concessi due mesi su tre' })
    const events = await ctx.database.db.select().from(caseEvents).where(and(eq(caseEvents.resourceId, partial.json().id), eq(caseEvents.type, 'economic_support.approved')))
    expect(events).toMatchObject([{ audience: 'municipality', data: { from: 'requested', to: 'approved', approvedAmountCents: 60000 } }])
  })

  it('answers 422 for an approved amount above the requested one or not above zero, and a rejection without reason', async () => {
    const w = await world()
    const support = await request(w.caseManager, w.base)
    for (const approvedAmountCents of [90001, 0]) {
      const response = await decide(w.coordinator, w.base, support, { to: 'approved', approvedAmountCents })
      expect(response.statusCode).toBe(422)
      expect(response.json().errors).toEqual([expect.objectContaining({ pointer: '/approvedAmountCents' })])
    }
    const rejected = await decide(w.coordinator, w.base, support, { to: 'rejected' })
    expect(rejected.statusCode).toBe(422)
    expect(rejected.json().errors).toEqual([expect.objectContaining({ pointer: '/note' })])
  })

  it('rejects with a reason, and answers 409 to any further decision, edit or payment', async () => {
    const w = await world()
    const response = await decide(w.coordinator, w.base, await request(w.caseManager, w.base), { to: 'rejected', note: 'Requisiti ISEE non soddisfatti' })
    expect(response.statusCode).toBe(200)
    const rejected = response.json()
    expect(rejected).toMatchObject({ status: 'rejected', approvedAmountCents: null, decisionNote: 'Requisiti ISEE non soddisfatti' })
    expect((await decide(w.coordinator, w.base, rejected, { to: 'approved' })).statusCode).toBe(409)
    expect((await decide(w.coordinator, w.base, rejected, { to: 'rejected', note: 'Ancora' })).statusCode).toBe(409)
    expect((await pay(w.coordinator, w.base, rejected, dayFromToday(0))).statusCode).toBe(409)
    expect((await inject(w.caseManager, 'PATCH', `${w.base}/${rejected.id}`, { amountCents: 1000 }, { 'if-match': `"${rejected.version}"` })).statusCode).toBe(409)
  })

  it('needs If-Match to decide: 428 without, 412 when stale', async () => {
    const w = await world()
    const support = await request(w.caseManager, w.base)
    expect((await inject(w.coordinator, 'POST', `${w.base}/${support.id}/transitions`, { to: 'approved' })).statusCode).toBe(428)
    expect((await decide(w.coordinator, w.base, { ...support, version: 5 }, { to: 'approved' })).statusCode).toBe(412)
  })
})

describe('paying economic supports', () => {
  it('records the payment of an approved support by the coordinator only', async () => {
    const w = await world()
    const approved = (await decide(w.coordinator, w.base, await request(w.caseManager, w.base), { to: 'approved' })).json()
    expect((await pay(w.caseManager, w.base, approved, dayFromToday(0))).statusCode).toBe(403)
    const response = await pay(w.coordinator, w.base, approved, dayFromToday(0))
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ status: 'paid', paidOn: dayFromToday(0), approvedAmountCents: 90000, version: 3 })
    expect(response.headers.etag).toBe('"3"')
    expect((await pay(w.coordinator, w.base, response.json(), dayFromToday(0))).statusCode).toBe(409)
    const events = await ctx.database.db.select().from(caseEvents).where(and(eq(caseEvents.resourceId, approved.id), eq(caseEvents.type, 'economic_support.paid')))
    expect(events).toHaveLength(1)
  })

  it('answers 409 to a payment of a support still requested, and 422 to a payment in the future or before the approval', async () => {
    const w = await world()
    const requested = await request(w.caseManager, w.base)
    expect((await pay(w.coordinator, w.base, requested, dayFromToday(0))).statusCode).toBe(409)
    const approved = (await decide(w.coordinator, w.base, requested, { to: 'approved' })).json()
    for (const paidOn of [dayFromToday(1), dayFromToday(-2)]) {
      const response = await pay(w.coordinator, w.base, approved, paidOn)
      expect(response.statusCode).toBe(422)
      expect(response.json().errors).toEqual([expect.objectContaining({ pointer: '/paidOn' })])
    }
  })
})

describe('who sees economic supports', () => {
  it('answers 404 on every route to partner operators with an accepted referral and to another municipality', async () => {
    const w = await world()
    const support = await request(w.caseManager, w.base)
    for (const outsider of [w.partner, w.partnerAdmin, w.stranger]) {
      const responses = [
        await inject(outsider, 'GET', w.base),
        await inject(outsider, 'POST', w.base, RENT),
        await inject(outsider, 'GET', `${w.base}/${support.id}`),
        await inject(outsider, 'PATCH', `${w.base}/${support.id}`, { amountCents: 1000 }, { 'if-match': '"1"' }),
        await decide(outsider, w.base, support, { to: 'approved' }),
        await pay(outsider, w.base, support, dayFromToday(0)),
      ]
      expect(responses.map((r) => r.statusCode)).toEqual([404, 404, 404, 404, 404, 404])
    }
    expect((await inject(w.caseManager, 'GET', `${w.base}/${support.id}`)).json()).toMatchObject({ status: 'requested', version: 1 })
  })
})
