/**
 * The visibility rules of DOMAIN.md §1 for cases, proven through the API: single reads, lists,
 * counts, timelines and referrals obey the same rules, and what may not be seen answers 404.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { recordCaseEvent } from '../../src/modules/cases/case-events.js'
import { useTestContext } from '../helpers/app.js'
import { createCase } from '../helpers/case-factories.js'
import type { TestUser } from '../helpers/factories.js'
import { createCaseWorld, ifMatch, type CaseWorld } from './case-world.js'

const ctx = useTestContext()
let world: CaseWorld

beforeAll(async () => {
  world = await createCaseWorld(ctx.app, ctx.database.db)
})

const get = (user: TestUser, url: string) => ctx.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: user.headers })
const ids = async (user: TestUser, url: string) => (await get(user, url)).json().items.map((i: { id: string }) => i.id) as string[]
const counts = async (user: TestUser) => (await get(user, '/cases/counts')).json()

/** Everything a caller can ask about one case, and whether each answer shows it. */
async function sightOf(user: TestUser, caseId: string) {
  const [read, timeline, referrals, assignments] = await Promise.all([
    get(user, `/cases/${caseId}`),
    get(user, `/cases/${caseId}/timeline`),
    get(user, `/cases/${caseId}/referrals`),
    get(user, `/cases/${caseId}/assignments`),
  ])
  const listed = await ids(user, '/cases?limit=200')
  return {
    read: read.statusCode,
    timeline: timeline.statusCode,
    referrals: referrals.statusCode,
    assignments: assignments.statusCode,
    listed: listed.includes(caseId),
    // Counts obey the same rules as the list: they count exactly the cases listed.
    countsAgree: (await counts(user)).total === listed.length,
  }
}

const HIDDEN = { read: 404, timeline: 404, referrals: 404, assignments: 404, listed: false, countsAgree: true }

async function caseWithEvents(values: { caseManagerId?: string } = {}) {
  const row = await createCase(ctx.database.db, { municipalityId: world.municipality, caseManagerId: values.caseManagerId ?? world.caseManager.id, status: 'active', sourceNotes: 'Segnalazione del CPS' })
  await recordCaseEvent(ctx.database.db, { caseId: row.id, type: 'case.opened', audience: 'case', actorUserId: world.caseManager.id, resourceType: 'case', resourceId: row.id, data: { episode: 1, caseManager: { id: world.caseManager.id, name: 'Case Manager' } } })
  await recordCaseEvent(ctx.database.db, { caseId: row.id, type: 'case.status_changed', audience: 'municipality', actorUserId: world.caseManager.id, data: { from: 'intake', to: 'active', reason: 'Motivo riservato' } })
  await recordCaseEvent(ctx.database.db, { caseId: row.id, type: 'diary_note.created', audience: 'restricted', actorUserId: world.caseManager.id, data: { notedOn: '2026-11-02', visibility: 'restricted' } })
  return row
}

async function refer(caseId: string, partnerOrganisationId = world.cooperative) {
  const response = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/cases/${caseId}/referrals`,
    headers: world.caseManager.headers,
    payload: { partnerOrganisationId, purpose: 'Orientamento e ricerca attiva', consent: { date: '2026-10-01', scope: 'Profilo lavorativo' } },
  })
  expect(response.statusCode).toBe(201)
  return response.json() as { id: string; version: number }
}

const act = (user: TestUser, referral: { id: string; version: number }, action: string, reason?: string) =>
  ctx.app.inject({ method: 'POST', url: `/api/v1/referrals/${referral.id}/transitions`, headers: ifMatch(user, referral.version), payload: { action, ...(reason ? { reason } : {}) } })

describe('visibility of cases to municipality staff', () => {
  it('hides a case from every member of staff of another municipality: 404 for the case, its timeline, referrals and assignments, absent from lists and counts', async () => {
    const row = await caseWithEvents()
    await refer(row.id)
    for (const user of [world.otherCoordinator, world.otherCaseManager]) {
      expect(await sightOf(user, row.id)).toEqual(HIDDEN)
      expect((await counts(user)).total).toBe(0)
      expect(await ids(user, '/referrals?status=requested&status=accepted&status=rejected&status=completed&status=revoked')).toEqual([])
      expect((await get(user, `/cases/counts?municipalityId=${world.municipality}`)).json().total).toBe(0)
    }
  })

  it('shows a case manager the cases assigned to them but not a colleague\'s', async () => {
    const mine = await caseWithEvents()
    const theirs = await caseWithEvents({ caseManagerId: world.colleague.id })
    const sight = await sightOf(world.caseManager, mine.id)
    expect(sight).toMatchObject({ read: 200, timeline: 200, referrals: 200, assignments: 200, listed: true })
    expect(await sightOf(world.caseManager, theirs.id)).toMatchObject(HIDDEN)
    const myCounts = await counts(world.caseManager)
    const listed = await ids(world.caseManager, '/cases?limit=200')
    expect(myCounts.total).toBe(listed.length)
    expect(listed).not.toContain(theirs.id)
  })

  it('shows a case manager the cases of colleagues they were added to, without the restricted events of others', async () => {
    const theirs = await caseWithEvents({ caseManagerId: world.colleague.id })
    await ctx.app.inject({ method: 'PUT', url: `/api/v1/cases/${theirs.id}/members/${world.caseManager.id}`, headers: world.coordinator.headers })
    const otherRow = await caseWithEvents({ caseManagerId: world.colleague.id })
    await recordCaseEvent(ctx.database.db, { caseId: otherRow.id, type: 'diary_note.created', audience: 'restricted', actorUserId: world.colleague.id, data: { notedOn: '2026-11-02', visibility: 'restricted' } })
    expect(await sightOf(world.caseManager, theirs.id)).toMatchObject({ read: 200, timeline: 200, listed: true })
    expect((await get(world.caseManager, `/cases/${theirs.id}`)).json().access).toBe('member')
  })

  it('shows a coordinator every case of the municipality with every timeline event', async () => {
    const row = await caseWithEvents({ caseManagerId: world.colleague.id })
    expect(await sightOf(world.coordinator, row.id)).toEqual({ read: 200, timeline: 200, referrals: 200, assignments: 200, listed: true, countsAgree: true })
    const audiences = (await get(world.coordinator, `/cases/${row.id}/timeline`)).json().items.map((e: { audience: string }) => e.audience)
    expect(audiences).toEqual(['case', 'municipality', 'restricted'])
  })

  it('shows a case manager the case and municipality events but not another author\'s restricted ones', async () => {
    const row = await caseWithEvents({ caseManagerId: world.colleague.id })
    const audiences = (await get(world.colleague, `/cases/${row.id}/timeline`)).json().items.map((e: { audience: string }) => e.audience)
    expect(audiences).toEqual(['case', 'municipality'])
  })
})

describe('visibility of cases to roles that never see cases', () => {
  it('answers 404 and empty lists to a facilitator, a PUC manager, an auditor, an organisation admin and a platform admin', async () => {
    const row = await caseWithEvents()
    const referral = await refer(row.id)
    for (const user of [world.facilitator, world.pucManager, world.auditor, world.orgAdmin, world.platformAdmin]) {
      expect(await sightOf(user, row.id)).toEqual(HIDDEN)
      expect(await ids(user, '/cases')).toEqual([])
      expect((await counts(user)).total).toBe(0)
      expect(await ids(user, '/referrals')).toEqual([])
      expect((await get(user, `/referrals/${referral.id}`)).statusCode).toBe(404)
    }
  })
})

describe('visibility of cases to a partner operator', () => {
  it('hides the case while the referral is requested but shows the referral in the inbox so it can be accepted', async () => {
    const row = await caseWithEvents()
    const referral = await refer(row.id)
    expect(await sightOf(world.operator, row.id)).toEqual(HIDDEN)
    expect((await get(world.operator, `/persons/${row.personId}`)).statusCode).toBe(404)
    const inbox = (await get(world.operator, '/referrals')).json().items
    expect(inbox.map((r: { id: string }) => r.id)).toContain(referral.id)
    const item = inbox.find((r: { id: string }) => r.id === referral.id)
    expect(item).toMatchObject({ caseId: row.id, status: 'requested', municipality: { id: world.municipality }, allowedActions: ['accept', 'reject'] })
    expect(item.person.id).toBe(row.personId)
    expect((await get(world.operator, `/referrals/${referral.id}`)).statusCode).toBe(200)
  })

  it('shows the case header and working profile while the referral is accepted, never the municipality\'s notes, events, sensitive section or assignments', async () => {
    const row = await caseWithEvents()
    const referral = await refer(row.id)
    expect((await act(world.operator, referral, 'accept')).statusCode).toBe(200)
    const sight = await sightOf(world.operator, row.id)
    expect(sight).toEqual({ read: 200, timeline: 200, referrals: 200, assignments: 404, listed: true, countsAgree: true })
    const header = (await get(world.operator, `/cases/${row.id}`)).json()
    expect(header).toMatchObject({ id: row.id, access: 'partner', sourceNotes: null, closingNote: null, allowedTransitions: [], permissions: [], person: { id: row.personId } })
    const types = (await get(world.operator, `/cases/${row.id}/timeline`)).json().items.map((e: { audience: string; type: string }) => `${e.audience}:${e.type}`)
    expect(types).toEqual(['case:case.opened', 'case:referral.requested', 'case:referral.accepted'])
    const profile = await get(world.operator, `/persons/${row.personId}`)
    expect(profile.statusCode).toBe(200)
    expect(profile.json().view).toBe('working_profile')
    expect((await get(world.operator, `/persons/${row.personId}/sensitive`)).statusCode).toBe(404)
  })

  it('shows a partner only its own referrals of a case and only its own referral events', async () => {
    const row = await caseWithEvents()
    const mine = await refer(row.id)
    const theirs = await refer(row.id, world.otherCooperative)
    await act(world.operator, mine, 'accept')
    await act(world.otherOperator, theirs, 'reject', 'Nessun posto disponibile')
    expect(await ids(world.operator, `/cases/${row.id}/referrals`)).toEqual([mine.id])
    const events = (await get(world.operator, `/cases/${row.id}/timeline`)).json().items
    expect(events.every((e: { resourceType: string | null; resourceId: string | null }) => e.resourceType !== 'referral' || e.resourceId === mine.id)).toBe(true)
    expect((await get(world.operator, `/referrals/${theirs.id}`)).statusCode).toBe(404)
    expect(await sightOf(world.otherOperator, row.id)).toMatchObject(HIDDEN)
  })

  it('answers 404 again at once after the municipality revokes the referral', async () => {
    const row = await caseWithEvents()
    const referral = await refer(row.id)
    const accepted = (await act(world.operator, referral, 'accept')).json()
    expect((await get(world.operator, `/cases/${row.id}`)).statusCode).toBe(200)
    expect((await act(world.caseManager, accepted, 'revoke', 'Consenso ritirato')).statusCode).toBe(200)
    expect(await sightOf(world.operator, row.id)).toEqual(HIDDEN)
    expect((await get(world.operator, `/persons/${row.personId}`)).statusCode).toBe(404)
    const revoked = (await get(world.operator, `/referrals/${referral.id}`)).json()
    expect(revoked).toMatchObject({ status: 'revoked', person: null, allowedActions: [] })
  })

  it('answers 404 again at once after the referral is completed', async () => {
    const row = await caseWithEvents()
    const referral = await refer(row.id)
    const accepted = (await act(world.operator, referral, 'accept')).json()
    expect((await act(world.operator, accepted, 'complete')).statusCode).toBe(200)
    expect(await sightOf(world.operator, row.id)).toEqual(HIDDEN)
    expect(await ids(world.operator, '/referrals')).not.toContain(referral.id)
    expect(await ids(world.operator, '/referrals?status=completed')).toContain(referral.id)
  })

  it('never shows a rejected referral\'s case to the partner', async () => {
    const row = await caseWithEvents()
    const referral = await refer(row.id)
    expect((await act(world.operator, referral, 'reject', 'Profilo non compatibile')).statusCode).toBe(200)
    expect(await sightOf(world.operator, row.id)).toEqual(HIDDEN)
  })
})
