import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog, caseEvents, meetings } from '../../src/db/schema/index.js'
import { useTestContext } from '../helpers/app.js'
import { createWorkedCase, injectAs } from '../helpers/worked-case.js'
import { createCase } from '../helpers/case-factories.js'
import { type TestUser } from '../helpers/factories.js'
import { daysFromTodayInItaly } from '../../src/lib/dates.js'

const ctx = useTestContext()

/** A date `days` away from today in Italy. */
const dayFromToday = daysFromTodayInItaly

const world = () => createWorkedCase(ctx, 'meetings')
const inject = (...args: Parameters<typeof injectAs> extends [unknown, ...infer Rest] ? Rest : never) => injectAs(ctx, ...args)

async function plan(user: TestUser, base: string, values: Record<string, unknown> = {}) {
  const response = await inject(user, 'POST', base, { date: dayFromToday(-1), startTime: '10:00', ...values })
  expect(response.statusCode).toBe(201)
  return response.json() as { id: string; version: number; status: string; date: string }
}

const transition = (user: TestUser, base: string, meeting: { id: string; version: number }, body: object) =>
  inject(user, 'POST', `${base}/${meeting.id}/transitions`, body, { 'if-match': `"${meeting.version}"` })

describe('planning and reading meetings', () => {
  it('plans a meeting with ETag and Location, writes a timeline event and an audit entry, and reads it back', async () => {
    const w = await world()
    const response = await inject(w.caseManager, 'POST', w.base, {
      date: dayFromToday(7),
      startTime: '09:30',
      durationMinutes: 45,
      location: 'Sede dei Servizi Sociali',
      participants: [
        { name: 'Marco Rusconi', role: 'assistente sociale' },
        { name: 'Anna Sala', role: 'assistita' },
      ],
      agenda: 'Primo colloquio di conoscenza',
    })
    expect(response.statusCode).toBe(201)
    const meeting = response.json()
    expect(meeting).toMatchObject({ caseId: w.theCase.id, startTime: '09:30', durationMinutes: 45, status: 'planned', isOverdue: false, outcome: null, version: 1, createdBy: w.caseManager.id })
    expect(response.headers.etag).toBe('"1"')
    expect(response.headers.location).toBe(`${w.base}/${meeting.id}`)

    const events = await ctx.database.db.select().from(caseEvents).where(eq(caseEvents.resourceId, meeting.id))
    expect(events).toMatchObject([{ type: 'meeting.planned', audience: 'municipality', actorUserId: w.caseManager.id }])
    const audits = await ctx.database.db.select().from(auditLog).where(and(eq(auditLog.resourceId, meeting.id), eq(auditLog.action, 'create')))
    expect(audits).toHaveLength(1)

    const read = await inject(w.coordinator, 'GET', `${w.base}/${meeting.id}`)
    expect(read.statusCode).toBe(200)
    expect(read.headers.etag).toBe('"1"')
    expect(read.json()).toEqual(meeting)
    const reads = await ctx.database.db.select().from(auditLog).where(and(eq(auditLog.resourceId, meeting.id), eq(auditLog.action, 'read'), eq(auditLog.actorUserId, w.coordinator.id)))
    expect(reads).toHaveLength(1)
  })

  it('defaults the duration to 60 minutes and refuses one outside 5–480 minutes or a malformed time with 400', async () => {
    const w = await world()
    expect(await plan(w.member, w.base)).toMatchObject({ durationMinutes: 60 })
    for (const values of [{ durationMinutes: 4 }, { durationMinutes: 481 }, { startTime: '25:00' }, { startTime: '9:30' }]) {
      const response = await inject(w.caseManager, 'POST', w.base, { date: dayFromToday(1), startTime: '10:00', ...values })
      expect(response.statusCode).toBe(400)
    }
  })

  it('lists meetings most recent first, with cursor pagination and filters', async () => {
    const w = await world()
    for (const days of [-10, -5, 3, 8]) await plan(w.caseManager, w.base, { date: dayFromToday(days) })
    const first = await inject(w.caseManager, 'GET', `${w.base}?limit=3`)
    expect(first.statusCode).toBe(200)
    const page = first.json()
    expect(page.items.map((m: { date: string }) => m.date)).toEqual([dayFromToday(8), dayFromToday(3), dayFromToday(-5)])
    expect(page.items[2].isOverdue).toBe(true)
    const second = await inject(w.caseManager, 'GET', `${w.base}?limit=3&cursor=${page.nextCursor}`)
    expect(second.json()).toMatchObject({ items: [{ date: dayFromToday(-10) }], nextCursor: null })
    const filtered = await inject(w.caseManager, 'GET', `${w.base}?dateFrom=${dayFromToday(0)}`)
    expect(filtered.json().items).toHaveLength(2)
  })
})

describe('meeting transitions', () => {
  it('records a planned meeting as held with its outcome and evaluation', async () => {
    const w = await world()
    const meeting = await plan(w.caseManager, w.base)
    const response = await transition(w.caseManager, w.base, meeting, { to: 'held', outcome: 'Definiti gli obiettivi del progetto', evaluation: 4 })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ status: 'held', outcome: 'Definiti gli obiettivi del progetto', evaluation: 4, statusChangedBy: w.caseManager.id, version: 2 })
    expect(response.headers.etag).toBe('"2"')
    const events = await ctx.database.db.select().from(caseEvents).where(and(eq(caseEvents.resourceId, meeting.id), eq(caseEvents.type, 'meeting.held')))
    expect(events).toMatchObject([{ audience: 'municipality', data: { from: 'planned', to: 'held', evaluation: 4 } }])
  })

  it('records a planned meeting as missed, with or without a note', async () => {
    const w = await world()
    const meeting = await plan(w.caseManager, w.base)
    const response = await transition(w.caseManager, w.base, meeting, { to: 'missed' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ status: 'missed', statusNote: null, outcome: null })
    const another = await plan(w.caseManager, w.base)
    expect((await transition(w.member, w.base, another, { to: 'missed', note: 'Non si è presentata, non risponde al telefono' })).json()).toMatchObject({
      status: 'missed',
      statusNote: 'Non si è presentata, non risponde al telefono',
    })
  })

  it('cancels a planned meeting with a reason, also one still in the future', async () => {
    const w = await world()
    const meeting = await plan(w.caseManager, w.base, { date: dayFromToday(5) })
    const response = await transition(w.coordinator, w.base, meeting, { to: 'cancelled', reason: 'Spostato su richiesta della persona' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ status: 'cancelled', statusNote: 'Spostato su richiesta della persona' })
  })

  it('answers 422 naming the field when the outcome or the reason is missing, or a field belongs to another status', async () => {
    const w = await world()
    const meeting = await plan(w.caseManager, w.base)
    const held = await transition(w.caseManager, w.base, meeting, { to: 'held', evaluation: 3 })
    expect(held.statusCode).toBe(422)
    expect(held.json().errors).toEqual([expect.objectContaining({ pointer: '/outcome' })])
    const cancelled = await transition(w.caseManager, w.base, meeting, { to: 'cancelled' })
    expect(cancelled.statusCode).toBe(422)
    expect(cancelled.json().errors).toEqual([expect.objectContaining({ pointer: '/reason' })])
    const missed = await transition(w.caseManager, w.base, meeting, { to: 'missed', outcome: 'Svolto' })
    expect(missed.statusCode).toBe(422)
    expect(missed.json().errors).toEqual([expect.objectContaining({ pointer: '/outcome' })])
    expect((await inject(w.caseManager, 'GET', `${w.base}/${meeting.id}`)).json()).toMatchObject({ status: 'planned', version: 1 })
  })

  it('refuses to record a meeting dated in the future as held or missed (422)', async () => {
    const w = await world()
    const meeting = await plan(w.caseManager, w.base, { date: dayFromToday(2) })
    for (const body of [{ to: 'held', outcome: 'Svolto' }, { to: 'missed' }]) {
      const response = await transition(w.caseManager, w.base, meeting, body)
      expect(response.statusCode).toBe(422)
      expect(response.json().errors).toEqual([expect.objectContaining({ pointer: '/to', code: 'meeting_in_future' })])
    }
  })

  it('answers 409 for every transition out of held, missed or cancelled, and back to planned', async () => {
    const w = await world()
    const finals = [
      { to: 'held', outcome: 'Svolto regolarmente' },
      { to: 'missed' },
      { to: 'cancelled', reason: 'Malattia dell\'operatore' },
    ]
    const targets = [{ to: 'planned' }, ...finals]
    for (const final of finals) {
      const meeting = await plan(w.caseManager, w.base)
      const done = (await transition(w.caseManager, w.base, meeting, final)).json()
      for (const target of targets) {
        const response = await transition(w.caseManager, w.base, done, target)
        expect(response.statusCode, `${final.to} → ${target.to}`).toBe(409)
        expect(response.json().code).toBe('transition-not-allowed')
      }
    }
    const planned = await plan(w.caseManager, w.base)
    expect((await transition(w.caseManager, w.base, planned, { to: 'planned' })).statusCode).toBe(409)
  })

  it('needs If-Match on transitions: 428 without, 412 when stale', async () => {
    const w = await world()
    const meeting = await plan(w.caseManager, w.base)
    expect((await inject(w.caseManager, 'POST', `${w.base}/${meeting.id}/transitions`, { to: 'missed' })).statusCode).toBe(428)
    expect((await transition(w.caseManager, w.base, { ...meeting, version: 7 }, { to: 'missed' })).statusCode).toBe(412)
  })
})

describe('missed meetings', () => {
  it('counts the missed meetings of the case, whatever the filters and the page', async () => {
    const w = await world()
    for (let i = 0; i < 3; i++) await transition(w.caseManager, w.base, await plan(w.caseManager, w.base, { date: dayFromToday(-i - 1) }), { to: 'missed' })
    await transition(w.caseManager, w.base, await plan(w.caseManager, w.base), { to: 'held', outcome: 'Colloquio svolto' })
    await plan(w.caseManager, w.base, { date: dayFromToday(4) })
    const all = (await inject(w.caseManager, 'GET', `${w.base}?limit=1`)).json()
    expect(all.missedCount).toBe(3)
    expect(all.items).toHaveLength(1)
    const held = (await inject(w.caseManager, 'GET', `${w.base}?status=held`)).json()
    expect(held).toMatchObject({ missedCount: 3, items: [{ status: 'held' }] })
    const otherCase = await createCase(ctx.database.db, { municipalityId: w.municipality.id, caseManagerId: w.caseManager.id })
    expect((await inject(w.caseManager, 'GET', `/api/v1/cases/${otherCase.id}/meetings`)).json()).toEqual({ items: [], nextCursor: null, missedCount: 0 })
  })
})

describe('updating a planned meeting', () => {
  it('reschedules with a merge patch and If-Match, recording the previous date on the timeline', async () => {
    const w = await world()
    const meeting = await plan(w.caseManager, w.base, { date: dayFromToday(3), agenda: 'Bilancio delle competenze' })
    const response = await inject(w.caseManager, 'PATCH', `${w.base}/${meeting.id}`, { date: dayFromToday(4), startTime: '15:00', agenda: null }, { 'if-match': '"1"' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ date: dayFromToday(4), startTime: '15:00', agenda: null, version: 2 })
    expect(response.headers.etag).toBe('"2"')
    const [event] = await ctx.database.db.select().from(caseEvents).where(and(eq(caseEvents.resourceId, meeting.id), eq(caseEvents.type, 'meeting.rescheduled')))
    expect(event?.data).toMatchObject({ previousDate: dayFromToday(3), date: dayFromToday(4) })
  })

  it('answers 428 without If-Match, 412 when stale, 415 for plain JSON', async () => {
    const w = await world()
    const meeting = await plan(w.caseManager, w.base)
    expect((await inject(w.caseManager, 'PATCH', `${w.base}/${meeting.id}`, { location: 'Ufficio 2' })).statusCode).toBe(428)
    expect((await inject(w.caseManager, 'PATCH', `${w.base}/${meeting.id}`, { location: 'Ufficio 2' }, { 'if-match': '"2"' })).statusCode).toBe(412)
    const plain = await ctx.app.inject({ method: 'PATCH', url: `${w.base}/${meeting.id}`, headers: { ...w.caseManager.headers, 'content-type': 'application/json', 'if-match': '"1"' }, payload: { location: 'Ufficio 2' } })
    expect(plain.statusCode).toBe(415)
  })

  it('refuses to change a meeting that is no longer planned (409)', async () => {
    const w = await world()
    const meeting = await plan(w.caseManager, w.base)
    const held = (await transition(w.caseManager, w.base, meeting, { to: 'held', outcome: 'Svolto' })).json()
    const response = await inject(w.caseManager, 'PATCH', `${w.base}/${meeting.id}`, { location: 'Altrove' }, { 'if-match': `"${held.version}"` })
    expect(response.statusCode).toBe(409)
  })

  it('lets one of two concurrent edits win, answers 412 to the other, and loses nothing on its retry', async () => {
    const w = await world()
    const meeting = await plan(w.caseManager, w.base, { date: dayFromToday(3) })
    const [a, b] = await Promise.all([
      inject(w.caseManager, 'PATCH', `${w.base}/${meeting.id}`, { location: 'Sala riunioni' }, { 'if-match': '"1"' }),
      inject(w.member, 'PATCH', `${w.base}/${meeting.id}`, { agenda: 'Verifica del tirocinio' }, { 'if-match': '"1"' }),
    ])
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 412])
    const loser = a.statusCode === 412 ? { user: w.caseManager, patch: { location: 'Sala riunioni' } } : { user: w.member, patch: { agenda: 'Verifica del tirocinio' } }
    const current = await inject(loser.user, 'GET', `${w.base}/${meeting.id}`)
    const retry = await inject(loser.user, 'PATCH', `${w.base}/${meeting.id}`, loser.patch, { 'if-match': current.headers.etag as string })
    expect(retry.statusCode).toBe(200)
    expect(retry.json()).toMatchObject({ location: 'Sala riunioni', agenda: 'Verifica del tirocinio', version: 3 })
  })
})

describe('idempotent planning', () => {
  it('creates one meeting for a retried POST with the same Idempotency-Key', async () => {
    const w = await world()
    const body = { date: dayFromToday(2), startTime: '11:00' }
    const first = await inject(w.caseManager, 'POST', w.base, body, { 'idempotency-key': 'plan-1' })
    const again = await inject(w.caseManager, 'POST', w.base, body, { 'idempotency-key': 'plan-1' })
    expect(first.statusCode).toBe(201)
    expect(again.statusCode).toBe(201)
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(again.json().id).toBe(first.json().id)
    const rows = await ctx.database.db.select().from(meetings).where(eq(meetings.caseId, w.theCase.id))
    expect(rows).toHaveLength(1)
  })
})

describe('who sees meetings', () => {
  it('answers 404 on every route to a partner operator with an accepted referral, another municipality and a facilitator', async () => {
    const w = await world()
    const meeting = await plan(w.caseManager, w.base)
    for (const outsider of [w.partner, w.stranger, w.facilitator, w.colleague]) {
      const responses = [
        await inject(outsider, 'GET', w.base),
        await inject(outsider, 'POST', w.base, { date: dayFromToday(1), startTime: '10:00' }),
        await inject(outsider, 'GET', `${w.base}/${meeting.id}`),
        await inject(outsider, 'PATCH', `${w.base}/${meeting.id}`, { location: 'X' }, { 'if-match': '"1"' }),
        await transition(outsider, w.base, meeting, { to: 'missed' }),
      ]
      expect(responses.map((r) => r.statusCode)).toEqual([404, 404, 404, 404, 404])
    }
    expect((await inject(w.caseManager, 'GET', `${w.base}/${meeting.id}`)).json()).toMatchObject({ status: 'planned', version: 1 })
  })

  it('answers 404 for a meeting of another case, even a visible one', async () => {
    const w = await world()
    const meeting = await plan(w.caseManager, w.base)
    const otherCase = await createCase(ctx.database.db, { municipalityId: w.municipality.id, caseManagerId: w.caseManager.id })
    expect((await inject(w.caseManager, 'GET', `/api/v1/cases/${otherCase.id}/meetings/${meeting.id}`)).statusCode).toBe(404)
  })
})

describe('upcoming meetings', () => {
  it('lists the planned meetings of my cases from today on, preceded by overdue ones flagged', async () => {
    const w = await world()
    const overdue = await plan(w.caseManager, w.base, { date: dayFromToday(-3) })
    const today = await plan(w.caseManager, w.base, { date: dayFromToday(0), startTime: '08:30' })
    const later = await plan(w.caseManager, w.base, { date: dayFromToday(10) })
    await transition(w.caseManager, w.base, await plan(w.caseManager, w.base, { date: dayFromToday(-1) }), { to: 'held', outcome: 'Svolto' })
    await transition(w.caseManager, w.base, await plan(w.caseManager, w.base, { date: dayFromToday(2) }), { to: 'cancelled', reason: 'Annullato' })

    const response = await inject(w.caseManager, 'GET', '/api/v1/meetings/upcoming')
    expect(response.statusCode).toBe(200)
    const items = response.json().items
    expect(items.map((m: { id: string }) => m.id)).toEqual([overdue.id, today.id, later.id])
    expect(items.map((m: { isOverdue: boolean }) => m.isOverdue)).toEqual([true, false, false])
    expect(items[0]).toMatchObject({ caseId: w.theCase.id, person: { id: w.theCase.personId } })

    const withoutOverdue = (await inject(w.caseManager, 'GET', `/api/v1/meetings/upcoming?includeOverdue=false&until=${dayFromToday(5)}`)).json()
    expect(withoutOverdue.items.map((m: { id: string }) => m.id)).toEqual([today.id])
    const paged = (await inject(w.caseManager, 'GET', '/api/v1/meetings/upcoming?limit=2')).json()
    expect(paged.items).toHaveLength(2)
    expect((await inject(w.caseManager, 'GET', `/api/v1/meetings/upcoming?limit=2&cursor=${paged.nextCursor}`)).json()).toMatchObject({ items: [{ id: later.id }], nextCursor: null })
  })

  it('obeys visibility: the coordinator and added colleagues see them; other case managers, partners, facilitators and other municipalities do not', async () => {
    const w = await world()
    const meeting = await plan(w.caseManager, w.base, { date: dayFromToday(1) })
    const ids = async (user: TestUser) => (await inject(user, 'GET', '/api/v1/meetings/upcoming')).json().items.map((m: { id: string }) => m.id)
    expect(await ids(w.coordinator)).toEqual([meeting.id])
    expect(await ids(w.member)).toEqual([meeting.id])
    for (const outsider of [w.colleague, w.partner, w.facilitator, w.stranger]) expect(await ids(outsider)).toEqual([])
  })

  it('keeps the cases assigned to one case manager with assignedTo (a coordinator\'s own deadlines)', async () => {
    const w = await world()
    const meeting = await plan(w.caseManager, w.base, { date: dayFromToday(1) })
    const ids = async (user: TestUser, assignedTo: string) => (await inject(user, 'GET', `/api/v1/meetings/upcoming?assignedTo=${assignedTo}`)).json().items.map((m: { id: string }) => m.id)
    expect(await ids(w.coordinator, 'me')).toEqual([])
    expect(await ids(w.coordinator, w.caseManager.id)).toEqual([meeting.id])
    expect(await ids(w.caseManager, 'me')).toEqual([meeting.id])
    expect(await ids(w.member, 'me')).toEqual([])
  })
})
