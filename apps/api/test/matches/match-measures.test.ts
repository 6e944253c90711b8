/**
 * The join of mediation and work measures: `trial` creates the internship and `hired` the job
 * placement, prefilled from the company, its site and the vacancy, in the transaction of the move
 * (a refusal leaves neither), once per idempotent retry, under the internship seat rules.
 */
import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { domainEvents, matchSteps, measures } from '../../src/db/schema/index.js'
import { daysFromTodayInItaly } from '../../src/lib/dates.js'
import { useTestContext } from '../helpers/app.js'
import type { TestUser } from '../helpers/factories.js'
import { ifMatch } from '../cases/case-world.js'
import { addDays, addMonths, createHost, createMeasuresWorld, monthStart, referredCase, type Host, type MeasuresWorld } from '../measures/measures-world.js'

const ctx = useTestContext()
let world: MeasuresWorld

beforeAll(async () => {
  world = await createMeasuresWorld(ctx.app, ctx.database.db)
})

const post = (url: string, payload: object, user: TestUser = world.operator, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { ...user.headers, ...headers }, payload })
const get = (url: string, user: TestUser = world.operator) => ctx.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: user.headers })
const move = (match: { id: string; version: number }, to: string, extra: object = {}, user: TestUser = world.operator, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'POST', url: `/api/v1/matches/${match.id}/transitions`, headers: { ...ifMatch(user, match.version), ...headers }, payload: { to, ...extra } })

async function vacancyAt(host: Host, values: Record<string, unknown> = {}) {
  const response = await post('/vacancies', { companyId: host.companyId, title: 'Addetto alle macchine utensili', profileCode: '7.2.7.1.0', contractType: 'permanent', positions: 1, deadline: daysFromTodayInItaly(20), ...values })
  if (response.statusCode !== 201) throw new Error(`vacancy: ${response.statusCode} ${response.body}`)
  return response.json() as { id: string; version: number }
}

/** A referred case proposed for `vacancy` and moved to the interview. */
async function atInterview(vacancyId: string, caseId?: string) {
  const id = caseId ?? (await referredCase(ctx.database.db, world)).id
  let current = (await post(`/vacancies/${vacancyId}/matches`, { caseId: id })).json() as { id: string; version: number; caseId: string }
  for (const to of ['cv_sent', 'interview']) {
    const response = await move(current, to)
    if (response.statusCode !== 200) throw new Error(`${to}: ${response.statusCode} ${response.body}`)
    current = response.json()
  }
  return current
}

/** A valid internship for the trial: three months from the first of next month, 30 h/week, € 500. */
function internship(values: Record<string, unknown> = {}) {
  const start = monthStart(1)
  return { startDate: start, plannedEndDate: addDays(addMonths(start, 3), -1), dailyHours: 6, weeklyHours: 30, monthlyAllowanceCents: 50_000, eqfLevel: 3, targetGroup: 'unemployed', ...values }
}

const measuresOfCase = async (caseId: string, user: TestUser = world.operator) => (await get(`/cases/${caseId}/measures`, user)).json().items as { id: string; kind: string }[]

describe('trial creates the internship', () => {
  it('prefilled from the company, the vacancy and its site, run by the cooperative that proposed the person, linked from the match and seen on the case', async () => {
    const host = await createHost(ctx.app, world.operator)
    const vacancy = await vacancyAt(host, { siteId: host.siteId })
    const match = await atInterview(vacancy.id)
    const response = await move(match, 'trial', { internship: internship({ hostTutorId: host.tutorIds[0] }) }, world.caseManager)
    expect(response.statusCode, response.body).toBe(200)
    const moved = response.json()
    expect(moved.status).toBe('trial')
    expect(moved.internshipMeasureId).toEqual(expect.any(String))
    expect(moved.placementMeasureId).toBeNull()
    const measure = (await get(`/measures/${moved.internshipMeasureId}`)).json()
    expect(measure).toMatchObject({
      kind: 'internship_orientation',
      caseId: match.caseId,
      status: 'draft',
      promoterOrganisation: { id: world.cooperative },
      internship: {
        hostCompany: { id: host.companyId },
        hostSite: { id: host.siteId },
        hostTutor: { id: host.tutorIds[0] },
        atecoCode: '25.62.00',
        profileCode: '7.2.7.1.0',
        profileTitle: 'Addetto alle macchine utensili',
        weeklyHours: 30,
        monthlyAllowanceCents: 50_000,
        ruleSet: { code: 'lombardia-dgr-7763-2018' },
      },
    })
    for (const user of [world.operator, world.caseManager]) expect((await measuresOfCase(match.caseId, user)).map((m) => m.id), user.email).toEqual([measure.id])
    const moves = await ctx.database.db.select().from(domainEvents).where(and(eq(domainEvents.resourceId, match.id), eq(domainEvents.type, 'match.transitioned')))
    expect(moves.at(-1)!.data).toEqual({ from: 'interview', to: 'trial', internshipMeasureId: measure.id })
    expect(await ctx.database.db.select().from(domainEvents).where(and(eq(domainEvents.resourceId, measure.id), eq(domainEvents.type, 'measure.created')))).toHaveLength(1)
  })

  it('takes the company\'s only active site when the vacancy names none; a trial without `internship` creates nothing', async () => {
    const host = await createHost(ctx.app, world.operator)
    const vacancy = await vacancyAt(host, { positions: 2 })
    const moved = (await move(await atInterview(vacancy.id), 'trial', { internship: internship() })).json()
    expect((await get(`/measures/${moved.internshipMeasureId}`)).json().internship.hostSite.id).toBe(host.siteId)
    const bare = await atInterview(vacancy.id)
    const plain = await move(bare, 'trial')
    expect(plain.statusCode).toBe(200)
    expect(plain.json().internshipMeasureId).toBeNull()
    expect(await measuresOfCase(bare.caseId)).toEqual([])
  })

  it('answers 422 with every rule the internship breaks and leaves the match, its steps and the case untouched', async () => {
    const host = await createHost(ctx.app, world.operator)
    const vacancy = await vacancyAt(host, { siteId: host.siteId })
    const match = await atInterview(vacancy.id)
    const response = await move(match, 'trial', { internship: internship({ monthlyAllowanceCents: 30_000 }) })
    expect(response.statusCode).toBe(422)
    expect(response.headers['content-type']).toContain('application/problem+json')
    expect(response.json().violations).toEqual([expect.objectContaining({ rule: 'internship_min_allowance', value: 30_000, limit: 50_000 })])
    const after = (await get(`/matches/${match.id}`)).json()
    expect(after).toMatchObject({ status: 'interview', version: match.version, internshipMeasureId: null })
    expect(await ctx.database.db.select().from(matchSteps).where(eq(matchSteps.matchId, match.id))).toHaveLength(3)
    expect(await ctx.database.db.select().from(measures).where(eq(measures.caseId, match.caseId))).toEqual([])
    // A field the measure refuses is named as the transition's field.
    const foreignTutor = await move(match, 'trial', { internship: internship({ hostTutorId: (await createHost(ctx.app, world.operator)).tutorIds[0] }) })
    expect(foreignTutor.statusCode).toBe(422)
    expect(foreignTutor.json().errors).toEqual([expect.objectContaining({ pointer: '/internship/hostTutorId', code: 'tutor_not_of_company' })])
    // Fixed, the same move goes through.
    expect((await move(match, 'trial', { internship: internship() })).statusCode).toBe(200)
  })

  it('holds the seat rules: two trials racing for a small host\'s only intern seat, one wins and the other changes nothing', async () => {
    const host = await createHost(ctx.app, world.operator, { employees: 4 })
    const a = await atInterview((await vacancyAt(host, { siteId: host.siteId })).id)
    const b = await atInterview((await vacancyAt(host, { siteId: host.siteId })).id)
    const answers = await Promise.all([move(a, 'trial', { internship: internship() }), move(b, 'trial', { internship: internship() })])
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 422])
    expect(answers.find((r) => r.statusCode === 422)!.json().violations).toEqual([expect.objectContaining({ rule: 'internship_interns_per_host', value: 2, limit: 1 })])
    const statuses = await Promise.all([a, b].map(async (m) => (await get(`/matches/${m.id}`)).json().status))
    expect(statuses.sort()).toEqual(['interview', 'trial'])
    expect((await get(`/measures?hostCompanyId=${host.companyId}`)).json().items).toHaveLength(1)
  })

  it('creates one internship when the move is retried with the same Idempotency-Key', async () => {
    const host = await createHost(ctx.app, world.operator)
    const match = await atInterview((await vacancyAt(host, { siteId: host.siteId })).id)
    const headers = { 'idempotency-key': `prova-${match.id}` }
    const first = await move(match, 'trial', { internship: internship() }, world.operator, headers)
    const retry = await move(match, 'trial', { internship: internship() }, world.operator, headers)
    expect(first.statusCode, first.body).toBe(200)
    expect(retry.statusCode).toBe(200)
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect(retry.json().internshipMeasureId).toBe(first.json().internshipMeasureId)
    expect(await measuresOfCase(match.caseId)).toHaveLength(1)
  })
})

describe('hired creates the job placement', () => {
  it('from the vacancy\'s contract and the employer, filling its position, with the follow-ups scheduled', async () => {
    const host = await createHost(ctx.app, world.operator, { isTypeBCooperative: true })
    const vacancy = await vacancyAt(host, { contractType: 'fixed_term', contractMonths: 12, weeklyHours: 20 })
    const match = await atInterview(vacancy.id)
    const response = await move(match, 'hired', { placement: { l68Quota: true } })
    expect(response.statusCode, response.body).toBe(200)
    const hired = response.json()
    expect(hired.placementMeasureId).toEqual(expect.any(String))
    expect(hired.vacancy.status).toBe('filled')
    const placement = (await get(`/measures/${hired.placementMeasureId}`)).json()
    expect(placement).toMatchObject({
      kind: 'job_placement',
      status: 'active',
      startDate: daysFromTodayInItaly(0),
      promoterOrganisation: { id: world.cooperative },
      jobPlacement: { employer: { id: host.companyId }, jobTitle: 'Addetto alle macchine utensili', contractType: 'fixed_term', fixedTermMonths: 12, partTimeWeeklyHours: 20, l68Quota: true, employerIsTypeBCooperative: true },
    })
    expect(placement.followUps.map((f: { monthsAfter: number }) => f.monthsAfter)).toEqual([1, 3, 6, 12])
    expect((await get(`/vacancies/${vacancy.id}`)).json()).toMatchObject({ status: 'filled', positionsFilled: 1 })
    expect((await measuresOfCase(match.caseId, world.caseManager)).map((m) => m.kind)).toEqual(['job_placement'])
  })

  it('after a trial: the internship stays, the placement is added', async () => {
    const host = await createHost(ctx.app, world.operator)
    const vacancy = await vacancyAt(host, { siteId: host.siteId, contractType: 'fixed_term', contractMonths: 6 })
    const trial = (await move(await atInterview(vacancy.id), 'trial', { internship: internship() })).json()
    const hired = await move(trial, 'hired', { placement: { contractType: 'fixed_term' } })
    expect(hired.statusCode, hired.body).toBe(200)
    expect(hired.json()).toMatchObject({ status: 'hired', internshipMeasureId: trial.internshipMeasureId })
    expect((await measuresOfCase(trial.caseId)).map((m) => m.kind).sort()).toEqual(['internship_orientation', 'job_placement'])
  })

  it('rolls the whole hire back when the placement is refused: no placement, the position (filled first) open again, the match where it was', async () => {
    const host = await createHost(ctx.app, world.operator)
    const vacancy = await vacancyAt(host)
    const match = await atInterview(vacancy.id)
    const response = await move(match, 'hired', { placement: { contractType: 'fixed_term' } })
    expect(response.statusCode).toBe(422)
    expect(response.json().errors).toEqual([expect.objectContaining({ pointer: '/placement/fixedTermMonths', code: 'required' })])
    expect((await get(`/matches/${match.id}`)).json()).toMatchObject({ status: 'interview', placementMeasureId: null })
    expect((await get(`/vacancies/${vacancy.id}`)).json()).toMatchObject({ status: 'open', positionsFilled: 0 })
    expect(await measuresOfCase(match.caseId)).toEqual([])
  })
})
