import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { caseEvents, cases, type CaseStatus } from '../../src/db/schema/index.js'
import { useTestContext } from '../helpers/app.js'
import { createCase, createReferral } from '../helpers/case-factories.js'
import { createCaseWorld, ifMatch, type CaseWorld } from './case-world.js'

const ctx = useTestContext()
let world: CaseWorld

beforeAll(async () => {
  world = await createCaseWorld(ctx.app, ctx.database.db)
})

const STATUSES: CaseStatus[] = ['intake', 'assessment', 'active', 'monitoring', 'suspended', 'closed']
const LEFT_FOR_SUSPENSION: CaseStatus[] = ['intake', 'assessment', 'active', 'monitoring']

/** The diagram of DOMAIN.md §2, written out independently of the code under test. */
const ALLOWED: Record<Exclude<CaseStatus, 'suspended'>, CaseStatus[]> = {
  intake: ['assessment', 'suspended', 'closed'],
  assessment: ['active', 'suspended', 'closed'],
  active: ['monitoring', 'suspended', 'closed'],
  monitoring: ['active', 'suspended', 'closed'],
  closed: [],
}

const bodyFor = (to: CaseStatus) => ({ to, reason: 'Motivo del cambio', ...(to === 'closed' ? { outcome: 'employed', note: 'Assunto a tempo determinato' } : {}) })

async function newCase(status: CaseStatus, suspendedFrom: CaseStatus | null = null) {
  return createCase(ctx.database.db, { municipalityId: world.municipality, caseManagerId: world.caseManager.id, status, suspendedFrom })
}

function transition(caseId: string, version: number, body: object, user = world.caseManager) {
  return ctx.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/transitions`, headers: ifMatch(user, version), payload: body })
}

describe('case status transitions', () => {
  const pairs = (Object.keys(ALLOWED) as (keyof typeof ALLOWED)[]).flatMap((from) => STATUSES.map((to) => ({ from, to, allowed: ALLOWED[from].includes(to) })))
  it.each(pairs)('moving a case from $from to $to is allowed: $allowed', async ({ from, to, allowed }) => {
    const row = await newCase(from)
    const response = await transition(row.id, row.version, bodyFor(to))
    if (allowed) {
      expect(response.statusCode).toBe(200)
      expect(response.json()).toMatchObject({ status: to, version: row.version + 1 })
      expect(response.headers.etag).toBe(`"${row.version + 1}"`)
    } else {
      expect(response.statusCode).toBe(409)
      expect(response.json()).toMatchObject({ code: 'transition-not-allowed' })
      const [after] = await ctx.database.db.select().from(cases).where(eq(cases.id, row.id))
      expect(after).toMatchObject({ status: from, version: row.version })
    }
  })

  const suspendedPairs = LEFT_FOR_SUSPENSION.flatMap((left) => STATUSES.map((to) => ({ left, to, allowed: to === left })))
  it.each(suspendedPairs)('a case suspended from $left resumes to $to: $allowed', async ({ left, to, allowed }) => {
    const row = await newCase('suspended', left)
    const response = await transition(row.id, row.version, bodyFor(to))
    if (allowed) {
      expect(response.statusCode).toBe(200)
      expect(response.json()).toMatchObject({ status: left, suspendedFrom: null })
    } else {
      expect(response.statusCode).toBe(409)
      expect(response.json()).toMatchObject({ code: 'transition-not-allowed' })
    }
  })

  it('suspends a case remembering the status it left and offers only that status to resume to', async () => {
    const row = await newCase('active')
    const suspended = await transition(row.id, row.version, { to: 'suspended', reason: 'Ricovero ospedaliero' })
    expect(suspended.statusCode).toBe(200)
    expect(suspended.json()).toMatchObject({ status: 'suspended', suspendedFrom: 'active', allowedTransitions: ['active'] })
    const resumed = await transition(row.id, suspended.json().version, { to: 'active', reason: 'Dimesso, riprende il percorso' })
    expect(resumed.json()).toMatchObject({ status: 'active', suspendedFrom: null, allowedTransitions: ['monitoring', 'suspended', 'closed'] })
  })

  it('requires a reason for every transition, suspension included', async () => {
    const row = await newCase('intake')
    const missing = await transition(row.id, row.version, { to: 'suspended' })
    expect(missing.statusCode).toBe(400)
    expect(missing.json().errors.map((e: { pointer: string }) => e.pointer)).toContain('/reason')
    const blank = await transition(row.id, row.version, { to: 'suspended', reason: '   ' })
    expect(blank.statusCode).toBe(400)
  })

  it('refuses to close without an outcome and a note, naming both fields', async () => {
    const row = await newCase('monitoring')
    const response = await transition(row.id, row.version, { to: 'closed', reason: 'Fine percorso' })
    expect(response.statusCode).toBe(422)
    expect(response.json().errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/note', '/outcome'])
    const noNote = await transition(row.id, row.version, { to: 'closed', reason: 'Fine percorso', outcome: 'employed', note: ' ' })
    expect(noNote.statusCode).toBe(422)
    expect(noNote.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/note'])
  })

  it('refuses an outcome that is not one of the seven', async () => {
    const row = await newCase('monitoring')
    const response = await transition(row.id, row.version, { to: 'closed', reason: 'Fine', outcome: 'married', note: 'x' })
    expect(response.statusCode).toBe(400)
  })

  it('refuses an outcome or a note on a move that does not close the case', async () => {
    const row = await newCase('intake')
    const response = await transition(row.id, row.version, { to: 'assessment', reason: 'Colloquio fatto', outcome: 'employed' })
    expect(response.statusCode).toBe(422)
    expect(response.json().errors[0].pointer).toBe('/outcome')
  })

  it('closes a case with its outcome, note and date, and offers no further transition', async () => {
    const row = await newCase('monitoring')
    const response = await transition(row.id, row.version, { to: 'closed', reason: 'Obiettivi raggiunti', outcome: 'goals_met', note: 'Contratto a tempo indeterminato' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ status: 'closed', outcome: 'goals_met', closingNote: 'Contratto a tempo indeterminato', allowedTransitions: [] })
    expect(response.json().closedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })

  it('records who, when, from, to and why in a case.status_changed event for the municipality only', async () => {
    const row = await newCase('intake')
    await transition(row.id, row.version, { to: 'assessment', reason: 'Primo colloquio svolto' })
    const events = await ctx.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, row.id))
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      type: 'case.status_changed',
      audience: 'municipality',
      actorUserId: world.caseManager.id,
      data: { from: 'intake', to: 'assessment', reason: 'Primo colloquio svolto' },
    })
    expect(events[0]!.occurredAt).toBeInstanceOf(Date)
  })

  it('lets the coordinator change the status of any case of the municipality', async () => {
    const row = await newCase('intake')
    const response = await transition(row.id, row.version, bodyFor('assessment'), world.coordinator)
    expect(response.statusCode).toBe(200)
  })

  it('answers 403 to a colleague added to the case and 404 to a partner operator', async () => {
    const row = await newCase('intake')
    await ctx.app.inject({ method: 'PUT', url: `/api/v1/cases/${row.id}/members/${world.colleague.id}`, headers: world.coordinator.headers })
    await createReferral(ctx.database.db, { caseId: row.id, municipalityId: world.municipality, partnerOrganisationId: world.cooperative })
    const current = (await ctx.app.inject({ method: 'GET', url: `/api/v1/cases/${row.id}`, headers: world.colleague.headers })).json()
    expect(current.access).toBe('member')
    expect(current.allowedTransitions).toEqual([])
    expect((await transition(row.id, current.version, bodyFor('assessment'), world.colleague)).statusCode).toBe(403)
    expect((await transition(row.id, current.version, bodyFor('assessment'), world.operator)).statusCode).toBe(404)
    expect((await transition(row.id, current.version, bodyFor('assessment'), world.otherCoordinator)).statusCode).toBe(404)
  })

  it('needs If-Match: 428 without it, 412 when stale, and nothing changes', async () => {
    const row = await newCase('intake')
    const without = await ctx.app.inject({ method: 'POST', url: `/api/v1/cases/${row.id}/transitions`, headers: world.caseManager.headers, payload: bodyFor('assessment') })
    expect(without.statusCode).toBe(428)
    const stale = await transition(row.id, row.version + 1, bodyFor('assessment'))
    expect(stale.statusCode).toBe(412)
    const [after] = await ctx.database.db.select().from(cases).where(eq(cases.id, row.id))
    expect(after).toMatchObject({ status: 'intake', version: row.version })
  })

  it('lets one of two concurrent transitions with the same If-Match win and answers 412 to the other', async () => {
    const row = await newCase('active')
    const [a, b] = await Promise.all([
      transition(row.id, row.version, { to: 'monitoring', reason: 'Inserito in azienda' }),
      transition(row.id, row.version, { to: 'suspended', reason: 'Trasferimento temporaneo' }, world.coordinator),
    ])
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 412])
    const winner = a.statusCode === 200 ? a.json() : b.json()
    const [after] = await ctx.database.db.select().from(cases).where(eq(cases.id, row.id))
    expect(after).toMatchObject({ status: winner.status, version: row.version + 1 })
    const events = await ctx.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, row.id))
    expect(events).toHaveLength(1)
    // The loser re-reads and retries: nothing is lost.
    const retry = await transition(row.id, after!.version, winner.status === 'monitoring' ? { to: 'suspended', reason: 'Trasferimento temporaneo' } : { to: 'active', reason: 'Rientro' })
    expect(retry.statusCode).toBe(200)
  })
})

describe('reopening a closed case', () => {
  it('creates the next episode in intake and leaves the closed episode untouched', async () => {
    const closed = await newCase('closed')
    const [before] = await ctx.database.db.select().from(cases).where(eq(cases.id, closed.id))
    const eventsBefore = await ctx.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, closed.id))
    const response = await ctx.app.inject({ method: 'POST', url: `/api/v1/cases/${closed.id}/reopen`, headers: world.caseManager.headers, payload: { reason: 'Ha perso di nuovo il lavoro' } })
    expect(response.statusCode).toBe(201)
    const reopened = response.json()
    expect(reopened).toMatchObject({
      status: 'intake',
      episode: 2,
      previousCaseId: closed.id,
      person: { id: closed.personId },
      municipality: { id: world.municipality },
      caseManager: { id: world.caseManager.id },
      outcome: null,
      closedOn: null,
    })
    expect(reopened.id).not.toBe(closed.id)
    expect(response.headers.location).toBe(`/api/v1/cases/${reopened.id}`)
    const [after] = await ctx.database.db.select().from(cases).where(eq(cases.id, closed.id))
    expect(after).toEqual(before)
    expect(await ctx.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, closed.id))).toEqual(eventsBefore)
    const timeline = await ctx.app.inject({ method: 'GET', url: `/api/v1/cases/${reopened.id}/timeline`, headers: world.caseManager.headers })
    expect(timeline.json().items.map((e: { type: string }) => e.type)).toEqual(['case.reopened'])
  })

  it('assigns the reopened episode to a colleague when a coordinator says so', async () => {
    const closed = await newCase('closed')
    const response = await ctx.app.inject({ method: 'POST', url: `/api/v1/cases/${closed.id}/reopen`, headers: world.coordinator.headers, payload: { caseManagerId: world.colleague.id } })
    expect(response.statusCode).toBe(201)
    expect(response.json().caseManager.id).toBe(world.colleague.id)
  })

  it('answers 409 for a case that is not closed', async () => {
    const open = await newCase('active')
    const response = await ctx.app.inject({ method: 'POST', url: `/api/v1/cases/${open.id}/reopen`, headers: world.caseManager.headers, payload: {} })
    expect(response.statusCode).toBe(409)
    expect(response.json().code).toBe('case-not-closed')
  })

  it('answers 409 with the open episode when the person already has an open case', async () => {
    const closed = await newCase('closed')
    const first = await ctx.app.inject({ method: 'POST', url: `/api/v1/cases/${closed.id}/reopen`, headers: world.caseManager.headers, payload: {} })
    const second = await ctx.app.inject({ method: 'POST', url: `/api/v1/cases/${closed.id}/reopen`, headers: world.caseManager.headers, payload: {} })
    expect(second.statusCode).toBe(409)
    expect(second.json()).toMatchObject({ code: 'case-already-open', existingId: first.json().id })
  })

  it('answers 404 to staff of another municipality and 403 to a colleague added to the case', async () => {
    const closed = await newCase('closed')
    await ctx.app.inject({ method: 'PUT', url: `/api/v1/cases/${closed.id}/members/${world.colleague.id}`, headers: world.coordinator.headers })
    expect((await ctx.app.inject({ method: 'POST', url: `/api/v1/cases/${closed.id}/reopen`, headers: world.otherCoordinator.headers, payload: {} })).statusCode).toBe(404)
    expect((await ctx.app.inject({ method: 'POST', url: `/api/v1/cases/${closed.id}/reopen`, headers: world.colleague.headers, payload: {} })).statusCode).toBe(403)
  })
})
