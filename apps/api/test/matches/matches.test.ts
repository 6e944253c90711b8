import { and, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { domainEvents, matchSteps } from '../../src/db/schema/index.js'
import { daysFromTodayInItaly } from '../../src/lib/dates.js'
import { useTestContext } from '../helpers/app.js'
import { createCase, createReferral } from '../helpers/case-factories.js'
import type { TestUser } from '../helpers/factories.js'
import { ifMatch } from '../cases/case-world.js'
import { createMediationWorld, registerCompany, type MediationWorld } from '../companies/mediation-world.js'

const ctx = useTestContext()
let world: MediationWorld

beforeAll(async () => {
  world = await createMediationWorld(ctx.app, ctx.database.db)
})

const post = (url: string, payload: object, user: TestUser = world.operator, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { ...user.headers, ...headers }, payload })
const get = (url: string, user: TestUser = world.operator) => ctx.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: user.headers })
const move = (match: { id: string; version: number }, to: string, user: TestUser = world.operator, extra: object = {}) =>
  ctx.app.inject({ method: 'POST', url: `/api/v1/matches/${match.id}/transitions`, headers: ifMatch(user, match.version), payload: { to, ...extra } })

async function openVacancy(positions = 1) {
  const company = await registerCompany(ctx.app, world.operator)
  const vacancy = (await post('/vacancies', { companyId: company.id, title: 'Magazziniere', contractType: 'permanent', positions, deadline: daysFromTodayInItaly(20) })).json()
  return { company, vacancy }
}

/** A case of the municipality referred to the cooperative (accepted), or not referred. */
async function newCase(referred = true) {
  const row = await createCase(ctx.database.db, { municipalityId: world.municipality, caseManagerId: world.caseManager.id, status: 'active' })
  if (referred) await createReferral(ctx.database.db, { caseId: row.id, municipalityId: world.municipality, partnerOrganisationId: world.cooperative })
  return row
}

/** Moves a match through `steps`, answering the last state. */
async function walk(match: { id: string; version: number }, steps: string[], user: TestUser = world.operator) {
  let current = match
  for (const to of steps) {
    const response = await move(current, to, user)
    if (response.statusCode !== 200) throw new Error(`${to}: ${response.statusCode} ${response.body}`)
    current = response.json()
  }
  return current
}

describe('proposing a person', () => {
  it('lets the partner propose a person referred to it, with a first step and an event on the case', async () => {
    const { vacancy } = await openVacancy()
    const response = await post(`/vacancies/${vacancy.id}/matches`, { caseId: world.referredCaseId, note: 'Esperienza in magazzino' })
    expect(response.statusCode).toBe(201)
    const match = response.json()
    expect(match).toMatchObject({
      vacancy: { id: vacancy.id, title: 'Magazziniere' },
      caseId: world.referredCaseId,
      status: 'proposed',
      proposedBy: { id: world.operator.id },
      proposedByOrganisation: { id: world.cooperative },
      municipality: { id: world.municipality },
      steps: [{ from: null, to: 'proposed', by: { id: world.operator.id } }],
      allowedTransitions: ['cv_sent', 'rejected', 'withdrawn'],
    })
    const events = await ctx.database.db.select().from(domainEvents).where(eq(domainEvents.resourceId, match.id))
    expect(events).toMatchObject([{ type: 'match.created', caseId: world.referredCaseId, ownerOrganisationId: world.municipality, partnerOrganisationId: world.cooperative }])
    expect((await get(`/vacancies/${vacancy.id}`)).json().matchCounts.proposed).toBe(1)
  })

  it('lets the municipality propose its own cases, and nobody a person they cannot reach (422)', async () => {
    const { vacancy } = await openVacancy()
    const notReferred = await newCase(false)
    const byCaseManager = await post(`/vacancies/${vacancy.id}/matches`, { caseId: notReferred.id }, world.caseManager)
    expect(byCaseManager.statusCode).toBe(201)
    expect(byCaseManager.json().proposedByOrganisation.id).toBe(world.municipality)
    const another = await newCase(false)
    for (const user of [world.operator, world.colleague]) {
      const response = await post(`/vacancies/${vacancy.id}/matches`, { caseId: another.id }, user)
      expect(response.statusCode, user.email).toBe(422)
      expect(response.json().errors[0]).toMatchObject({ pointer: '/caseId', code: 'case_not_proposable' })
    }
    expect((await post(`/vacancies/${vacancy.id}/matches`, { caseId: another.id }, world.otherOperator)).statusCode).toBe(404)
  })

  it('answers 409 with the existing id for a person already in the running, and for a vacancy not open', async () => {
    const { vacancy } = await openVacancy()
    const row = await newCase()
    const first = (await post(`/vacancies/${vacancy.id}/matches`, { caseId: row.id })).json()
    const again = await post(`/vacancies/${vacancy.id}/matches`, { caseId: row.id })
    expect(again.statusCode).toBe(409)
    expect(again.json()).toMatchObject({ code: 'match-already-live', existingId: first.id })
    const withdrawn = await move(first, 'withdrawn', world.operator, { reason: 'Ha trovato lavoro altrove' })
    expect(withdrawn.statusCode).toBe(200)
    expect((await post(`/vacancies/${vacancy.id}/matches`, { caseId: row.id })).statusCode).toBe(201)
    const closed = await post(`/vacancies/${vacancy.id}/transitions`, { to: 'closed' }, world.operator, { 'if-match': '"1"' })
    expect(closed.statusCode).toBe(200)
    expect((await post(`/vacancies/${vacancy.id}/matches`, { caseId: (await newCase()).id })).json().code).toBe('vacancy-not-open')
  })
})

describe('the pipeline', () => {
  it('keeps every move with who and when, refuses skips (409) and outs without a reason (422)', async () => {
    const { vacancy } = await openVacancy()
    const match = (await post(`/vacancies/${vacancy.id}/matches`, { caseId: (await newCase()).id })).json()
    expect((await move(match, 'interview')).statusCode).toBe(409)
    const atInterview = await walk(match, ['cv_sent'])
    const interview = await walk(atInterview, ['interview'], world.caseManager)
    expect((await move(interview, 'rejected')).statusCode).toBe(422)
    const rejected = (await move(interview, 'rejected', world.operator, { reason: 'Cercavano esperienza con il muletto' })).json()
    expect(rejected.steps.map((s: { from: string | null; to: string; by: { id: string } }) => [s.from, s.to, s.by.id])).toEqual([
      [null, 'proposed', world.operator.id],
      ['proposed', 'cv_sent', world.operator.id],
      ['cv_sent', 'interview', world.caseManager.id],
      ['interview', 'rejected', world.operator.id],
    ])
    expect(rejected.steps[3].reason).toBe('Cercavano esperienza con il muletto')
    expect(rejected.allowedTransitions).toEqual([])
    expect((await move(rejected, 'hired')).statusCode).toBe(409)
    const steps = await ctx.database.db.select().from(matchSteps).where(eq(matchSteps.matchId, match.id))
    expect(steps).toHaveLength(4)
    const events = await ctx.database.db.select().from(domainEvents).where(and(eq(domainEvents.resourceId, match.id), eq(domainEvents.type, 'match.transitioned')))
    expect(events.map((e) => e.data)).toEqual([{ from: 'proposed', to: 'cv_sent' }, { from: 'cv_sent', to: 'interview' }, { from: 'interview', to: 'rejected' }])
  })

  it('fills a position with each hire and the vacancy with the last one', async () => {
    const { vacancy } = await openVacancy(1)
    const match = (await post(`/vacancies/${vacancy.id}/matches`, { caseId: (await newCase()).id })).json()
    const other = (await post(`/vacancies/${vacancy.id}/matches`, { caseId: (await newCase()).id })).json()
    await walk(match, ['cv_sent', 'interview', 'hired'])
    const filled = (await get(`/vacancies/${vacancy.id}`)).json()
    expect(filled).toMatchObject({ status: 'filled', positionsFilled: 1, matchCounts: { hired: 1, proposed: 1 } })
    const late = await walk(other, ['cv_sent', 'interview'])
    expect((await move(late, 'hired')).json().code).toBe('vacancy-not-open')
    const more = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/vacancies/${vacancy.id}`, headers: { ...ifMatch(world.operator, filled.version), 'content-type': 'application/merge-patch+json' }, payload: '{"positions":0}' })
    expect(more.statusCode).toBe(400)
    const grown = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/vacancies/${vacancy.id}`, headers: { ...ifMatch(world.operator, filled.version), 'content-type': 'application/merge-patch+json' }, payload: '{"positions":2}' })
    expect(grown.json()).toMatchObject({ status: 'open', positions: 2, positionsFilled: 1 })
  })

  it('hires one person at a time: two hires at once on the last position leave one hired and the other where it was', async () => {
    const { vacancy } = await openVacancy(1)
    const a = await walk((await post(`/vacancies/${vacancy.id}/matches`, { caseId: (await newCase()).id })).json(), ['cv_sent', 'interview'])
    const b = await walk((await post(`/vacancies/${vacancy.id}/matches`, { caseId: (await newCase()).id })).json(), ['cv_sent', 'interview'])
    const answers = await Promise.all([move(a, 'hired'), move(b, 'hired')])
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 409])
    const statuses = await Promise.all([a, b].map(async (m) => (await get(`/matches/${m.id}`)).json().status))
    expect(statuses.sort()).toEqual(['hired', 'interview'])
    expect((await get(`/vacancies/${vacancy.id}`)).json()).toMatchObject({ status: 'filled', positionsFilled: 1 })
  })
})

describe('who sees a match', () => {
  it('follows the case: the partner while its referral is accepted, the municipality staff working the case, nobody else', async () => {
    const { vacancy } = await openVacancy(2)
    const row = await newCase()
    const match = (await post(`/vacancies/${vacancy.id}/matches`, { caseId: row.id })).json()
    for (const user of [world.operator, world.caseManager, world.coordinator]) {
      expect((await get(`/matches/${match.id}`, user)).statusCode, user.email).toBe(200)
      expect((await get(`/cases/${row.id}/matches`, user)).json().items.map((m: { id: string }) => m.id), user.email).toEqual([match.id])
    }
    for (const user of [world.colleague, world.otherOperator, world.otherCoordinator, world.facilitator, world.pucManager, world.auditor, world.platformAdmin]) {
      expect((await get(`/matches/${match.id}`, user)).statusCode, user.email).toBe(404)
    }
    // The colleague sees the vacancy (the companies are shared) but not this candidate.
    expect((await get(`/vacancies/${vacancy.id}/matches`, world.colleague)).json().items).toEqual([])
    expect((await get(`/vacancies/${vacancy.id}`, world.colleague)).json().matchCounts.proposed).toBe(1)
    expect((await get(`/vacancies/${vacancy.id}/matches`, world.otherOperator)).statusCode).toBe(404)
    await ctx.database.db.execute(sql`update referrals set status = 'completed' where case_id = ${row.id}::uuid`)
    expect((await get(`/matches/${match.id}`, world.operator)).statusCode).toBe(404)
    expect((await get(`/vacancies/${vacancy.id}/matches`, world.operator)).json().items).toEqual([])
  })
})
