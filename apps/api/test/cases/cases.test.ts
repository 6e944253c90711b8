import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { auditLog, caseAssignments, caseEvents, cases, memberships } from '../../src/db/schema/index.js'
import { recordCaseEvent } from '../../src/modules/cases/case-events.js'
import { useTestContext } from '../helpers/app.js'
import { createCase, createPerson } from '../helpers/case-factories.js'
import { createOrganisation, createUser } from '../helpers/factories.js'
import { createCaseWorld, ifMatch, type CaseWorld } from './case-world.js'

const ctx = useTestContext()
let world: CaseWorld

beforeAll(async () => {
  world = await createCaseWorld(ctx.app, ctx.database.db)
})

const person = (values: Partial<Parameters<typeof createPerson>[1]> = {}) => createPerson(ctx.database.db, { municipalityId: world.municipality, ...values })
const openCase = (user: { headers: Record<string, string> }, payload: object, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/cases', headers: { ...user.headers, ...headers }, payload })

describe('opening a case', () => {
  it('opens a case in intake assigned to the creator, with the first assignment and a case.opened event', async () => {
    const p = await person({ givenName: 'Giorgio', familyName: 'Spreafico' })
    const response = await openCase(world.caseManager, { personId: p.id, source: 'employment_centre', sourceNotes: 'Inviato dal CPI di Lecco' })
    expect(response.statusCode).toBe(201)
    const body = response.json()
    expect(body).toMatchObject({
      status: 'intake',
      episode: 1,
      previousCaseId: null,
      person: { id: p.id, givenName: 'Giorgio', familyName: 'Spreafico' },
      municipality: { id: world.municipality },
      caseManager: { id: world.caseManager.id },
      source: 'employment_centre',
      sourceNotes: 'Inviato dal CPI di Lecco',
      access: 'case_manager',
      allowedTransitions: ['assessment', 'suspended', 'closed'],
      permissions: ['readRecords', 'addRecords', 'update', 'transition', 'refer'],
      members: [],
      version: 1,
    })
    expect(response.headers.etag).toBe('"1"')
    expect(response.headers.location).toBe(`/api/v1/cases/${body.id}`)
    const assignments = await ctx.database.db.select().from(caseAssignments).where(eq(caseAssignments.caseId, body.id))
    expect(assignments).toMatchObject([{ caseManagerId: world.caseManager.id, assignedBy: world.caseManager.id, endedAt: null }])
    const events = await ctx.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, body.id))
    expect(events).toMatchObject([{ type: 'case.opened', audience: 'case', actorUserId: world.caseManager.id, data: { episode: 1 } }])
  })

  it('lets a coordinator assign the new case to a case manager of the municipality', async () => {
    const p = await person()
    const response = await openCase(world.coordinator, { personId: p.id, caseManagerId: world.colleague.id })
    expect(response.statusCode).toBe(201)
    expect(response.json()).toMatchObject({ caseManager: { id: world.colleague.id }, access: 'coordinator' })
  })

  it('answers 403 when a case manager tries to assign the case to someone else', async () => {
    const p = await person()
    const response = await openCase(world.caseManager, { personId: p.id, caseManagerId: world.colleague.id })
    expect(response.statusCode).toBe(403)
  })

  it('answers 422 naming caseManagerId when the case manager is not staff of the municipality', async () => {
    const p = await person()
    for (const caseManagerId of [world.otherCaseManager.id, world.pucManager.id, world.operator.id]) {
      const response = await openCase(world.coordinator, { personId: p.id, caseManagerId })
      expect(response.statusCode).toBe(422)
      expect(response.json().errors[0].pointer).toBe('/caseManagerId')
    }
  })

  it('answers 422 naming personId for a person of another municipality or one that does not exist', async () => {
    const foreign = await createPerson(ctx.database.db, { municipalityId: world.otherMunicipality })
    for (const personId of [foreign.id, '019a7b1e-6c2e-7a4b-9a51-1f2e3d4c5b6a']) {
      const response = await openCase(world.coordinator, { personId })
      expect(response.statusCode).toBe(422)
      expect(response.json().errors[0].pointer).toBe('/personId')
    }
  })

  it('answers 403 to users who are neither coordinator nor case manager anywhere', async () => {
    const p = await person()
    for (const user of [world.operator, world.facilitator, world.pucManager, world.auditor, world.platformAdmin, world.orgAdmin]) {
      expect((await openCase(user, { personId: p.id })).statusCode).toBe(403)
    }
  })

  it('answers 409 with the existing case when the person already has an open case in the municipality', async () => {
    const p = await person()
    const first = await openCase(world.caseManager, { personId: p.id })
    const second = await openCase(world.coordinator, { personId: p.id })
    expect(second.statusCode).toBe(409)
    expect(second.json()).toMatchObject({ code: 'case-already-open', existingId: first.json().id })
  })

  it('opens only one case when two requests for the same person race', async () => {
    const p = await person()
    const responses = await Promise.all([openCase(world.caseManager, { personId: p.id }), openCase(world.coordinator, { personId: p.id })])
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409])
    const winner = responses.find((r) => r.statusCode === 201)!.json()
    expect(responses.find((r) => r.statusCode === 409)!.json().existingId).toBe(winner.id)
  })

  it('opens the next episode for a person whose earlier case is closed', async () => {
    const p = await person()
    const closed = await createCase(ctx.database.db, { municipalityId: world.municipality, caseManagerId: world.caseManager.id, personId: p.id, status: 'closed' })
    const response = await openCase(world.caseManager, { personId: p.id })
    expect(response.json()).toMatchObject({ episode: 2, previousCaseId: closed.id })
  })

  it('creates one case for a retried request with the same Idempotency-Key and replays the same body', async () => {
    const p = await person()
    const headers = { 'idempotency-key': `open-${p.id}` }
    const first = await openCase(world.caseManager, { personId: p.id }, headers)
    const replay = await openCase(world.caseManager, { personId: p.id }, headers)
    expect(first.statusCode).toBe(201)
    expect(replay.statusCode).toBe(201)
    expect(replay.headers['idempotent-replayed']).toBe('true')
    expect(replay.json()).toEqual(first.json())
    expect(replay.headers.etag).toBe(first.headers.etag)
    expect(await ctx.database.db.select().from(cases).where(eq(cases.personId, p.id))).toHaveLength(1)
  })

  it('answers 409 when an Idempotency-Key is reused with another body', async () => {
    const p = await person()
    const headers = { 'idempotency-key': `reuse-${p.id}` }
    await openCase(world.caseManager, { personId: p.id }, headers)
    const other = await openCase(world.caseManager, { personId: p.id, source: 'school' }, headers)
    expect(other.statusCode).toBe(409)
    expect(other.json().code).toBe('idempotency-key-reused')
  })
})

describe('reading and updating a case', () => {
  it('answers the case with its ETag, members, access and allowed transitions', async () => {
    const row = await createCase(ctx.database.db, { municipalityId: world.municipality, caseManagerId: world.caseManager.id, status: 'active', sourceNotes: 'Segnalato dal medico' })
    const response = await ctx.app.inject({ method: 'GET', url: `/api/v1/cases/${row.id}`, headers: world.coordinator.headers })
    expect(response.statusCode).toBe(200)
    expect(response.headers.etag).toBe(`"${row.version}"`)
    expect(response.json()).toMatchObject({ id: row.id, status: 'active', access: 'coordinator', sourceNotes: 'Segnalato dal medico', allowedTransitions: ['monitoring', 'suspended', 'closed'], permissions: ['readRecords', 'addRecords', 'update', 'transition', 'refer', 'reassign', 'manageMembers', 'approvePlans', 'decideSupports', 'overrideMeasureRules'] })
  })

  it('updates source and notes with merge patch and If-Match, and never the status', async () => {
    const row = await createCase(ctx.database.db, { municipalityId: world.municipality, caseManagerId: world.caseManager.id })
    const headers = { ...ifMatch(world.caseManager, row.version), 'content-type': 'application/merge-patch+json' }
    const response = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/cases/${row.id}`, headers, payload: { source: 'other_service', sourceNotes: 'Dal consultorio' } })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ source: 'other_service', sourceNotes: 'Dal consultorio', version: row.version + 1 })
    const status = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/cases/${row.id}`, headers: { ...headers, 'if-match': `"${row.version + 1}"` }, payload: { status: 'closed' } })
    expect(status.statusCode).toBe(400)
  })

  it('answers 428 without If-Match and 412 to the second of two patches with the same version, losing nothing', async () => {
    const row = await createCase(ctx.database.db, { municipalityId: world.municipality, caseManagerId: world.caseManager.id })
    const url = `/api/v1/cases/${row.id}`
    const patch = (user: typeof world.caseManager, version: number, payload: object) =>
      ctx.app.inject({ method: 'PATCH', url, headers: { ...ifMatch(user, version), 'content-type': 'application/merge-patch+json' }, payload })
    const without = await ctx.app.inject({ method: 'PATCH', url, headers: { ...world.caseManager.headers, 'content-type': 'application/merge-patch+json' }, payload: { sourceNotes: 'x' } })
    expect(without.statusCode).toBe(428)
    const [a, b] = await Promise.all([patch(world.caseManager, row.version, { sourceNotes: 'Nota A' }), patch(world.coordinator, row.version, { source: 'school' })])
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 412])
    const loserPayload = a.statusCode === 412 ? { sourceNotes: 'Nota A' } : { source: 'school' }
    const retry = await patch(world.caseManager, row.version + 1, loserPayload)
    expect(retry.statusCode).toBe(200)
    expect(retry.json()).toMatchObject({ sourceNotes: 'Nota A', source: 'school', version: row.version + 2 })
  })

  it('answers 403 to a colleague added to the case who tries to patch it', async () => {
    const row = await createCase(ctx.database.db, { municipalityId: world.municipality, caseManagerId: world.caseManager.id })
    await ctx.app.inject({ method: 'PUT', url: `/api/v1/cases/${row.id}/members/${world.colleague.id}`, headers: world.coordinator.headers })
    const current = (await ctx.app.inject({ method: 'GET', url: `/api/v1/cases/${row.id}`, headers: world.colleague.headers })).json()
    const response = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/cases/${row.id}`, headers: { ...ifMatch(world.colleague, current.version), 'content-type': 'application/merge-patch+json' }, payload: { sourceNotes: 'x' } })
    expect(response.statusCode).toBe(403)
  })
})

describe('listing and counting cases', () => {
  let municipality: string
  let coordinator: Awaited<ReturnType<typeof createUser>>
  let manager: Awaited<ReturnType<typeof createUser>>
  let colleague: Awaited<ReturnType<typeof createUser>>

  beforeAll(async () => {
    municipality = (await createOrganisation(ctx.database.db, { kind: 'municipality' })).id
    coordinator = await createUser(ctx.app, ctx.database.db, [{ organisationId: municipality, roles: ['coordinator'] }])
    manager = await createUser(ctx.app, ctx.database.db, [{ organisationId: municipality, roles: ['case_manager'] }])
    colleague = await createUser(ctx.app, ctx.database.db, [{ organisationId: municipality, roles: ['case_manager'] }])
    const add = async (familyName: string, givenName: string, caseManagerId: string, status: 'intake' | 'active' | 'closed' | 'suspended' = 'intake') => {
      const p = await createPerson(ctx.database.db, { municipalityId: municipality, givenName, familyName })
      return createCase(ctx.database.db, { municipalityId: municipality, caseManagerId, personId: p.id, status, ...(status === 'suspended' ? { suspendedFrom: 'active' as const } : {}) })
    }
    await add('Niccolò', 'Gabriele', manager.id, 'active')
    await add('Brambilla', 'Chiara', manager.id, 'intake')
    await add('Lò Presti', 'Angelo', colleague.id, 'active')
    await add('Fumagalli', 'Zoé', colleague.id, 'closed')
    await add('Rossi', 'Mario', manager.id, 'suspended')
  })

  const list = (user: { headers: Record<string, string> }, query = '') => ctx.app.inject({ method: 'GET', url: `/api/v1/cases${query}`, headers: user.headers })
  const names = (response: { json: () => { items: { person: { familyName: string } }[] } }) => response.json().items.map((i) => i.person.familyName).sort()

  it('lists all the municipality\'s cases to its coordinator and only assigned ones to a case manager', async () => {
    expect(names(await list(coordinator))).toEqual(['Brambilla', 'Fumagalli', 'Lò Presti', 'Niccolò', 'Rossi'])
    expect(names(await list(manager))).toEqual(['Brambilla', 'Niccolò', 'Rossi'])
    expect(names(await list(colleague))).toEqual(['Fumagalli', 'Lò Presti'])
  })

  it('answers each item as a case summary', async () => {
    const item = (await list(manager, '?status=suspended')).json().items[0]
    expect(Object.keys(item).sort()).toEqual(['caseManager', 'episode', 'id', 'municipality', 'openedOn', 'person', 'status', 'updatedAt', 'version'])
    expect(item).toMatchObject({ status: 'suspended', person: { givenName: 'Mario', familyName: 'Rossi' }, caseManager: { id: manager.id } })
    expect(item.municipality.id).toBe(municipality)
  })

  it('filters by status, several at once', async () => {
    expect(names(await list(coordinator, '?status=active'))).toEqual(['Lò Presti', 'Niccolò'])
    expect(names(await list(coordinator, '?status=active&status=closed'))).toEqual(['Fumagalli', 'Lò Presti', 'Niccolò'])
  })

  it('filters by assigned case manager, `me` included', async () => {
    expect(names(await list(coordinator, `?assignedTo=${colleague.id}`))).toEqual(['Fumagalli', 'Lò Presti'])
    expect(names(await list(manager, '?assignedTo=me'))).toEqual(['Brambilla', 'Niccolò', 'Rossi'])
    expect(names(await list(coordinator, '?assignedTo=me'))).toEqual([])
  })

  it('filters by municipality and by last change', async () => {
    expect(names(await list(coordinator, `?municipalityId=${world.municipality}`))).toEqual([])
    expect((await list(coordinator, `?municipalityId=${municipality}`)).json().items).toHaveLength(5)
    const future = new Date(Date.now() + 60_000).toISOString()
    expect((await list(coordinator, `?updatedSince=${encodeURIComponent(future)}`)).json().items).toHaveLength(0)
    const past = new Date(Date.now() - 3600_000).toISOString()
    expect((await list(coordinator, `?updatedSince=${encodeURIComponent(past)}`)).json().items).toHaveLength(5)
  })

  it('finds persons by part of the name regardless of case and accents', async () => {
    expect(names(await list(coordinator, '?q=niccolo'))).toEqual(['Niccolò'])
    expect(names(await list(coordinator, `?q=${encodeURIComponent('LO PRÉ')}`))).toEqual(['Lò Presti'])
    expect(names(await list(coordinator, '?q=zoe'))).toEqual(['Fumagalli'])
    expect(names(await list(coordinator, `?q=${encodeURIComponent('mario rossi')}`))).toEqual(['Rossi'])
    expect(names(await list(coordinator, `?q=${encodeURIComponent('%')}`))).toEqual([])
    expect(names(await list(manager, '?q=presti'))).toEqual([])
  })

  it('pages through the cases in a stable order, newest change first, without repeating or skipping any', async () => {
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const response = await list(coordinator, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      const page = response.json() as { items: { id: string; updatedAt: string }[]; nextCursor: string | null }
      seen.push(...page.items.map((i) => i.id))
      cursor = page.nextCursor
    } while (cursor)
    const all = (await list(coordinator)).json().items.map((i: { id: string }) => i.id)
    expect(seen).toEqual(all)
    expect(new Set(seen).size).toBe(5)
  })

  it('answers 400 for a tampered cursor', async () => {
    expect((await list(coordinator, '?cursor=bm90LWEtY3Vyc29y')).statusCode).toBe(400)
  })

  it('counts cases by status under the same visibility and filters', async () => {
    const all = (await ctx.app.inject({ method: 'GET', url: '/api/v1/cases/counts', headers: coordinator.headers })).json()
    expect(all).toEqual({ total: 5, byStatus: { intake: 1, assessment: 0, active: 2, monitoring: 0, suspended: 1, closed: 1 } })
    const mine = (await ctx.app.inject({ method: 'GET', url: '/api/v1/cases/counts?assignedTo=me', headers: manager.headers })).json()
    expect(mine).toEqual({ total: 3, byStatus: { intake: 1, assessment: 0, active: 1, monitoring: 0, suspended: 1, closed: 0 } })
    const colleagueCounts = (await ctx.app.inject({ method: 'GET', url: '/api/v1/cases/counts', headers: colleague.headers })).json()
    expect(colleagueCounts.total).toBe(2)
  })
})

describe('reassigning a case', () => {
  it('lets the coordinator reassign with a reason, keeping the history of assignments', async () => {
    const row = await createCase(ctx.database.db, { municipalityId: world.municipality, caseManagerId: world.caseManager.id })
    const response = await ctx.app.inject({ method: 'POST', url: `/api/v1/cases/${row.id}/assignment`, headers: world.coordinator.headers, payload: { caseManagerId: world.colleague.id, reason: 'Redistribuzione dei carichi' } })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ caseManager: { id: world.colleague.id }, version: row.version + 1 })
    const history = await ctx.app.inject({ method: 'GET', url: `/api/v1/cases/${row.id}/assignments`, headers: world.coordinator.headers })
    expect(history.statusCode).toBe(200)
    const items = history.json().items
    expect(items).toHaveLength(2)
    expect(items[0]).toMatchObject({ caseManager: { id: world.caseManager.id } })
    expect(items[0].endedAt).not.toBeNull()
    expect(items[1]).toMatchObject({ caseManager: { id: world.colleague.id }, assignedBy: { id: world.coordinator.id }, reason: 'Redistribuzione dei carichi', endedAt: null })
    const events = await ctx.database.db.select().from(caseEvents).where(and(eq(caseEvents.caseId, row.id), eq(caseEvents.type, 'case.reassigned')))
    expect(events).toMatchObject([{ audience: 'municipality', data: { from: { id: world.caseManager.id }, to: { id: world.colleague.id }, reason: 'Redistribuzione dei carichi' } }])
  })

  it('moves the case out of the former case manager\'s sight and into the new one\'s', async () => {
    const row = await createCase(ctx.database.db, { municipalityId: world.municipality, caseManagerId: world.caseManager.id })
    await ctx.app.inject({ method: 'POST', url: `/api/v1/cases/${row.id}/assignment`, headers: world.coordinator.headers, payload: { caseManagerId: world.colleague.id, reason: 'Ferie lunghe' } })
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/cases/${row.id}`, headers: world.caseManager.headers })).statusCode).toBe(404)
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/cases/${row.id}`, headers: world.colleague.headers })).json().access).toBe('case_manager')
  })

  it('answers 403 to a case manager, 422 for someone who is not staff of the municipality or already assigned, 409 for a closed case', async () => {
    const row = await createCase(ctx.database.db, { municipalityId: world.municipality, caseManagerId: world.caseManager.id })
    const reassign = (user: typeof world.coordinator, caseManagerId: string, caseId = row.id) =>
      ctx.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/assignment`, headers: user.headers, payload: { caseManagerId, reason: 'Motivo' } })
    expect((await reassign(world.caseManager, world.colleague.id)).statusCode).toBe(403)
    const outsider = await reassign(world.coordinator, world.otherCaseManager.id)
    expect(outsider.statusCode).toBe(422)
    expect(outsider.json().errors[0].pointer).toBe('/caseManagerId')
    expect((await reassign(world.coordinator, world.caseManager.id)).statusCode).toBe(422)
    const closed = await createCase(ctx.database.db, { municipalityId: world.municipality, caseManagerId: world.caseManager.id, status: 'closed' })
    expect((await reassign(world.coordinator, world.colleague.id, closed.id)).statusCode).toBe(409)
  })

  it('answers 422 for a case manager whose membership is disabled', async () => {
    const row = await createCase(ctx.database.db, { municipalityId: world.municipality, caseManagerId: world.caseManager.id })
    const leaving = await createUser(ctx.app, ctx.database.db, [{ organisationId: world.municipality, roles: ['case_manager'] }])
    await ctx.database.db.update(memberships).set({ isActive: false }).where(eq(memberships.userId, leaving.id))
    const response = await ctx.app.inject({ method: 'POST', url: `/api/v1/cases/${row.id}/assignment`, headers: world.coordinator.headers, payload: { caseManagerId: leaving.id, reason: 'Motivo' } })
    expect(response.statusCode).toBe(422)
  })

  it('checks If-Match when one is sent', async () => {
    const row = await createCase(ctx.database.db, { municipalityId: world.municipality, caseManagerId: world.caseManager.id })
    const response = await ctx.app.inject({ method: 'POST', url: `/api/v1/cases/${row.id}/assignment`, headers: ifMatch(world.coordinator, row.version + 3), payload: { caseManagerId: world.colleague.id, reason: 'Motivo' } })
    expect(response.statusCode).toBe(412)
  })
})

describe('colleagues on a case', () => {
  it('lets the coordinator add a colleague, who then sees and lists the case as a member', async () => {
    const row = await createCase(ctx.database.db, { municipalityId: world.municipality, caseManagerId: world.caseManager.id })
    const url = `/api/v1/cases/${row.id}/members/${world.colleague.id}`
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/cases/${row.id}`, headers: world.colleague.headers })).statusCode).toBe(404)
    const added = await ctx.app.inject({ method: 'PUT', url, headers: world.coordinator.headers })
    expect(added.statusCode).toBe(200)
    expect(added.json().members).toMatchObject([{ id: world.colleague.id }])
    const again = await ctx.app.inject({ method: 'PUT', url, headers: world.coordinator.headers })
    expect(again.json().version).toBe(added.json().version)
    const read = await ctx.app.inject({ method: 'GET', url: `/api/v1/cases/${row.id}`, headers: world.colleague.headers })
    expect(read.json().access).toBe('member')
    const listed = (await ctx.app.inject({ method: 'GET', url: '/api/v1/cases', headers: world.colleague.headers })).json().items.map((i: { id: string }) => i.id)
    expect(listed).toContain(row.id)
  })

  it('removes a colleague with If-Match, who loses access at once', async () => {
    const row = await createCase(ctx.database.db, { municipalityId: world.municipality, caseManagerId: world.caseManager.id })
    const url = `/api/v1/cases/${row.id}/members/${world.colleague.id}`
    const added = (await ctx.app.inject({ method: 'PUT', url, headers: world.coordinator.headers })).json()
    expect((await ctx.app.inject({ method: 'DELETE', url, headers: world.coordinator.headers })).statusCode).toBe(428)
    expect((await ctx.app.inject({ method: 'DELETE', url, headers: ifMatch(world.coordinator, added.version - 1) })).statusCode).toBe(412)
    const removed = await ctx.app.inject({ method: 'DELETE', url, headers: ifMatch(world.coordinator, added.version) })
    expect(removed.statusCode).toBe(200)
    expect(removed.json().members).toEqual([])
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/cases/${row.id}`, headers: world.colleague.headers })).statusCode).toBe(404)
    expect((await ctx.app.inject({ method: 'DELETE', url, headers: ifMatch(world.coordinator, removed.json().version) })).statusCode).toBe(404)
  })

  it('answers 403 to a case manager and 422 for a user who is not a case manager of the municipality', async () => {
    const row = await createCase(ctx.database.db, { municipalityId: world.municipality, caseManagerId: world.caseManager.id })
    expect((await ctx.app.inject({ method: 'PUT', url: `/api/v1/cases/${row.id}/members/${world.colleague.id}`, headers: world.caseManager.headers })).statusCode).toBe(403)
    for (const userId of [world.otherCaseManager.id, world.pucManager.id, world.caseManager.id]) {
      const response = await ctx.app.inject({ method: 'PUT', url: `/api/v1/cases/${row.id}/members/${userId}`, headers: world.coordinator.headers })
      expect(response.statusCode).toBe(422)
      expect(response.json().errors[0].pointer).toBe('/userId')
    }
  })
})

describe('the case timeline', () => {
  it('answers every event of the case in order with its actor', async () => {
    const p = await person()
    const opened = (await openCase(world.caseManager, { personId: p.id })).json()
    const moved = await ctx.app.inject({ method: 'POST', url: `/api/v1/cases/${opened.id}/transitions`, headers: ifMatch(world.caseManager, opened.version), payload: { to: 'assessment', reason: 'Colloquio' } })
    await ctx.app.inject({ method: 'POST', url: `/api/v1/cases/${opened.id}/transitions`, headers: ifMatch(world.coordinator, moved.json().version), payload: { to: 'active', reason: 'Progetto firmato' } })
    const response = await ctx.app.inject({ method: 'GET', url: `/api/v1/cases/${opened.id}/timeline`, headers: world.caseManager.headers })
    expect(response.statusCode).toBe(200)
    const items = response.json().items
    expect(items.map((e: { type: string }) => e.type)).toEqual(['case.opened', 'case.status_changed', 'case.status_changed'])
    expect(items[1]).toMatchObject({ actor: { id: world.caseManager.id }, resourceType: 'case', resourceId: opened.id, data: { from: 'intake', to: 'assessment', reason: 'Colloquio' } })
    expect(items[2].actor.id).toBe(world.coordinator.id)
    expect(items[2].actor.name).toMatch(/Maria Rossi/)
  })

  it('pages through the timeline with a cursor', async () => {
    const row = await createCase(ctx.database.db, { municipalityId: world.municipality, caseManagerId: world.caseManager.id })
    for (let i = 0; i < 5; i++) await recordCaseEvent(ctx.database.db, { caseId: row.id, type: 'case.updated', audience: 'municipality', actorUserId: null, data: { changedFields: [`field${i}`] } })
    const first = (await ctx.app.inject({ method: 'GET', url: `/api/v1/cases/${row.id}/timeline?limit=3`, headers: world.caseManager.headers })).json()
    expect(first.items.map((e: { data: { changedFields: string[] } }) => e.data.changedFields[0])).toEqual(['field0', 'field1', 'field2'])
    const second = (await ctx.app.inject({ method: 'GET', url: `/api/v1/cases/${row.id}/timeline?limit=3&cursor=${first.nextCursor}`, headers: world.caseManager.headers })).json()
    expect(second.items.map((e: { data: { changedFields: string[] } }) => e.data.changedFields[0])).toEqual(['field3', 'field4'])
    expect(second.nextCursor).toBeNull()
  })

  it('shows a restricted event only to its author and the coordinators', async () => {
    const row = await createCase(ctx.database.db, { municipalityId: world.municipality, caseManagerId: world.caseManager.id })
    await ctx.app.inject({ method: 'PUT', url: `/api/v1/cases/${row.id}/members/${world.colleague.id}`, headers: world.coordinator.headers })
    await recordCaseEvent(ctx.database.db, { caseId: row.id, type: 'diary_note.created', audience: 'restricted', actorUserId: world.caseManager.id, data: { notedOn: '2026-11-02', visibility: 'restricted' } })
    await recordCaseEvent(ctx.database.db, { caseId: row.id, type: 'diary_note.created', audience: 'restricted', actorUserId: world.colleague.id, data: { notedOn: '2026-11-02', visibility: 'restricted' } })
    const restrictedAuthors = async (user: typeof world.coordinator) =>
      (await ctx.app.inject({ method: 'GET', url: `/api/v1/cases/${row.id}/timeline`, headers: user.headers })).json().items
        .filter((e: { audience: string }) => e.audience === 'restricted')
        .map((e: { actor: { id: string } }) => e.actor.id)
        .sort()
    expect(await restrictedAuthors(world.coordinator)).toEqual([world.caseManager.id, world.colleague.id].sort())
    expect(await restrictedAuthors(world.caseManager)).toEqual([world.caseManager.id])
    expect(await restrictedAuthors(world.colleague)).toEqual([world.colleague.id])
  })
})

describe('the audit trail of cases', () => {
  const auditOf = (resourceId: string) => ctx.database.db.select().from(auditLog).where(eq(auditLog.resourceId, resourceId))

  it('records the opening, every read, list, timeline read and write of a case with who did it', async () => {
    const p = await person()
    const opened = (await openCase(world.caseManager, { personId: p.id })).json()
    await ctx.app.inject({ method: 'GET', url: `/api/v1/cases/${opened.id}`, headers: world.coordinator.headers })
    await ctx.app.inject({ method: 'GET', url: '/api/v1/cases?q=' + encodeURIComponent(p.familyName), headers: world.caseManager.headers })
    await ctx.app.inject({ method: 'GET', url: `/api/v1/cases/${opened.id}/timeline`, headers: world.caseManager.headers })
    await ctx.app.inject({ method: 'POST', url: `/api/v1/cases/${opened.id}/transitions`, headers: ifMatch(world.caseManager, opened.version), payload: { to: 'assessment', reason: 'Colloquio' } })
    const entries = await auditOf(opened.id)
    const actions = entries.map((e) => `${e.action}:${e.actorUserId === world.coordinator.id ? 'coordinator' : 'manager'}`)
    expect(actions).toEqual(expect.arrayContaining(['create:manager', 'read:coordinator', 'list:manager', 'read_timeline:manager', 'transition:manager']))
    expect(entries.every((e) => e.resourceType === 'case' && e.organisationId === world.municipality)).toBe(true)
    expect(entries.find((e) => e.action === 'transition')!.changedFields).toEqual(expect.arrayContaining(['status']))
  })

  it('records nothing for a read that answers 404', async () => {
    const row = await createCase(ctx.database.db, { municipalityId: world.municipality, caseManagerId: world.caseManager.id })
    await ctx.app.inject({ method: 'GET', url: `/api/v1/cases/${row.id}`, headers: world.otherCoordinator.headers })
    expect(await auditOf(row.id)).toEqual([])
  })
})
