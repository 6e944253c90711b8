import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { auditLog, domainEvents } from '../../src/db/schema/index.js'
import { useTestContext } from '../helpers/app.js'
import { ifMatch } from '../cases/case-world.js'
import { addDays, addMonths, createHost, createInternship, createMeasuresWorld, internshipBody, moveMeasure, referredCase, today, walkMeasure, type MeasuresWorld } from './measures-world.js'

const ctx = useTestContext()
let world: MeasuresWorld

beforeAll(async () => {
  world = await createMeasuresWorld(ctx.app, ctx.database.db)
})

const get = (url: string, user = world.operator) => ctx.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: user.headers })

describe('creating an internship', () => {
  it('lets the partner start an internship for a case referred to it, as a draft with its rule set, an audit entry and an event', async () => {
    const host = await createHost(ctx.app, world.operator)
    const response = await createInternship(ctx.app, world.operator, world.referredCaseId, internshipBody(host))
    expect(response.statusCode, response.body).toBe(201)
    expect(response.headers.etag).toBe('"1"')
    const measure = response.json()
    expect(measure).toMatchObject({
      kind: 'internship_orientation',
      caseId: world.referredCaseId,
      status: 'draft',
      promoterOrganisation: { id: world.cooperative },
      municipality: { id: world.municipality },
      internship: {
        hostCompany: { id: host.companyId },
        hostSite: { id: host.siteId, region: 'lombardia' },
        hostTutor: { id: host.tutorIds[0] },
        promoterTutor: { id: world.operator.id },
        atecoCode: '25.62.00',
        monthlyAllowanceCents: 50_000,
        ruleSet: { code: 'lombardia-dgr-7763-2018' },
        dailyHours: 6,
      },
      ruleOverride: null,
      statusChanges: [{ from: null, to: 'draft', by: { id: world.operator.id } }],
      allowedTransitions: ['proposed', 'interrupted'],
    })
    expect(measure.permissions).not.toContain('overrideRules')
    const events = await ctx.database.db.select().from(domainEvents).where(eq(domainEvents.resourceId, measure.id))
    expect(events).toMatchObject([{ type: 'measure.created', caseId: world.referredCaseId, ownerOrganisationId: world.municipality, partnerOrganisationId: world.cooperative }])
    const audit = await ctx.database.db.select().from(auditLog).where(and(eq(auditLog.resourceId, measure.id), eq(auditLog.action, 'create')))
    expect(audit).toHaveLength(1)
    expect((await get(`/measures/${measure.id}`)).json().id).toBe(measure.id)
  })

  it('answers 422 listing every rule broken, with value and limit, and saves nothing', async () => {
    const host = await createHost(ctx.app, world.operator)
    const start = '2027-03-15'
    const body = internshipBody(host, { startDate: start, plannedEndDate: '2027-05-13' }, { monthlyAllowanceCents: 49_999 })
    const response = await createInternship(ctx.app, world.operator, world.referredCaseId, body)
    expect(response.statusCode).toBe(422)
    expect(response.headers['content-type']).toContain('application/problem+json')
    expect(response.json().violations).toEqual([
      expect.objectContaining({ rule: 'internship_min_duration', value: '2027-05-13', limit: '2027-05-14' }),
      expect.objectContaining({ rule: 'internship_min_allowance', value: 49_999, limit: 50_000 }),
    ])
    expect((await get(`/measures?hostCompanyId=${host.companyId}`)).json().items).toEqual([])
  })

  it('refuses a host site in a region without a rule set, a host outside the caller\'s book, and an inclusion internship without the signed plan', async () => {
    const elsewhere = await createHost(ctx.app, world.operator, { region: 'veneto' })
    const noRules = await createInternship(ctx.app, world.operator, world.referredCaseId, internshipBody(elsewhere))
    expect(noRules.statusCode).toBe(422)
    expect(noRules.json().violations).toEqual([expect.objectContaining({ rule: 'internship_rule_set_missing', value: 'veneto' })])
    const foreign = await createHost(ctx.app, world.otherOperator)
    const notMine = await createInternship(ctx.app, world.operator, world.referredCaseId, internshipBody(foreign))
    expect(notMine.statusCode).toBe(422)
    expect(notMine.json().errors[0]).toMatchObject({ pointer: '/internship/hostCompanyId', code: 'company_not_found' })
    const host = await createHost(ctx.app, world.operator)
    const inclusion = await createInternship(ctx.app, world.operator, world.referredCaseId, internshipBody(host, { kind: 'internship_inclusion' }))
    expect(inclusion.statusCode).toBe(422)
    expect(inclusion.json().errors[0]).toMatchObject({ pointer: '/planId', code: 'signed_plan_required' })
  })

  it('validates the body of its own kind only (400 naming the field)', async () => {
    const host = await createHost(ctx.app, world.operator)
    const body = internshipBody(host, {}, { eqfLevel: 9 })
    const response = await createInternship(ctx.app, world.operator, world.referredCaseId, body)
    expect(response.statusCode).toBe(400)
    expect(response.json().errors).toEqual([expect.objectContaining({ pointer: '/internship/eqfLevel' })])
    const unknownKind = await createInternship(ctx.app, world.operator, world.referredCaseId, { ...body, kind: 'volunteering' })
    expect(unknownKind.statusCode).toBe(400)
  })

  it('lets a coordinator save despite the rules with a justification, audited and shown; nobody else', async () => {
    const host = await createHost(ctx.app, world.operator, { employees: 3 })
    const row = await referredCase(ctx.database.db, world)
    const first = await createInternship(ctx.app, world.operator, row.id, internshipBody(host))
    expect(first.statusCode).toBe(201)
    const other = await referredCase(ctx.database.db, world)
    const body = internshipBody(host, { promoterOrganisationId: world.cooperative, ruleOverride: { justification: 'Azienda familiare, secondo tirocinio concordato con la Provincia' } })
    const byOperator = await createInternship(ctx.app, world.operator, other.id, body)
    expect(byOperator.statusCode).toBe(403)
    const byCoordinator = await createInternship(ctx.app, world.coordinator, other.id, body)
    expect(byCoordinator.statusCode, byCoordinator.body).toBe(201)
    const measure = byCoordinator.json()
    expect(measure.ruleOverride).toMatchObject({
      justification: 'Azienda familiare, secondo tirocinio concordato con la Provincia',
      by: { id: world.coordinator.id },
      violations: [{ rule: 'internship_interns_per_host', value: 2, limit: 1 }],
    })
    expect(measure.promoterOrganisation.id).toBe(world.cooperative)
    const audit = await ctx.database.db.select().from(auditLog).where(and(eq(auditLog.resourceId, measure.id), eq(auditLog.action, 'rule_override')))
    expect(audit).toMatchObject([{ changedFields: ['internship_interns_per_host'] }])
    // An edit that breaks no other rule passes; one that breaks another needs a new justification.
    const edit = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/measures/${measure.id}`, headers: { ...ifMatch(world.operator, 1), 'content-type': 'application/merge-patch+json' }, payload: { internship: { profileTitle: 'Operatore di officina' } } })
    expect(edit.statusCode, edit.body).toBe(200)
    const worse = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/measures/${measure.id}`, headers: { ...ifMatch(world.operator, 2), 'content-type': 'application/merge-patch+json' }, payload: { internship: { monthlyAllowanceCents: 30_000 } } })
    expect(worse.statusCode).toBe(422)
    expect(worse.json().violations.map((v: { rule: string }) => v.rule)).toEqual(['internship_min_allowance', 'internship_interns_per_host'])
  })
})

describe('the seats of a host and of a host tutor', () => {
  it('counts the other internships overlapping the period: the last seat goes once, a later period is free', async () => {
    const host = await createHost(ctx.app, world.operator, { employees: 8, tutors: 2 })
    const a = await createInternship(ctx.app, world.operator, (await referredCase(ctx.database.db, world)).id, internshipBody(host))
    const b = await createInternship(ctx.app, world.operator, (await referredCase(ctx.database.db, world)).id, internshipBody(host, {}, { hostTutorId: host.tutorIds[1] }))
    expect([a.statusCode, b.statusCode]).toEqual([201, 201])
    const third = await createInternship(ctx.app, world.operator, (await referredCase(ctx.database.db, world)).id, internshipBody(host))
    expect(third.statusCode).toBe(422)
    expect(third.json().violations).toEqual([expect.objectContaining({ rule: 'internship_interns_per_host', value: 3, limit: 2 })])
    const later = addMonths(a.json().plannedEndDate, 1)
    const afterwards = await createInternship(ctx.app, world.operator, (await referredCase(ctx.database.db, world)).id, internshipBody(host, { startDate: later, plannedEndDate: addDays(addMonths(later, 3), -1) }))
    expect(afterwards.statusCode, afterwards.body).toBe(201)
    // An interrupted internship frees its seat.
    await walkMeasure(ctx.app, world.operator, a.json(), [['interrupted', { reason: 'Rinuncia della persona' }]])
    expect((await createInternship(ctx.app, world.operator, (await referredCase(ctx.database.db, world)).id, internshipBody(host))).statusCode).toBe(201)
  })

  it('two requests racing for the last seat: one wins, the other is told the limit', async () => {
    const host = await createHost(ctx.app, world.operator, { employees: 4 })
    const cases = [await referredCase(ctx.database.db, world), await referredCase(ctx.database.db, world)]
    const answers = await Promise.all(cases.map((c) => createInternship(ctx.app, world.operator, c.id, internshipBody(host))))
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 422])
    expect(answers.find((r) => r.statusCode === 422)!.json().violations).toEqual([expect.objectContaining({ rule: 'internship_interns_per_host', value: 2, limit: 1 })])
    expect((await get(`/measures?hostCompanyId=${host.companyId}`)).json().items).toHaveLength(1)
  })

  it('a host tutor follows three interns at once', async () => {
    const host = await createHost(ctx.app, world.operator, { employees: 200 })
    for (let n = 0; n < 3; n++) expect((await createInternship(ctx.app, world.operator, (await referredCase(ctx.database.db, world)).id, internshipBody(host))).statusCode).toBe(201)
    const fourth = await createInternship(ctx.app, world.operator, (await referredCase(ctx.database.db, world)).id, internshipBody(host))
    expect(fourth.statusCode).toBe(422)
    expect(fourth.json().violations).toEqual([expect.objectContaining({ rule: 'internship_interns_per_tutor', value: 4, limit: 3 })])
  })
})

describe('the status diagram', () => {
  it('starts an internship on its start date, not before (422)', async () => {
    const host = await createHost(ctx.app, world.operator)
    const signed = await walkMeasure(ctx.app, world.operator, (await createInternship(ctx.app, world.operator, (await referredCase(ctx.database.db, world)).id, internshipBody(host))).json(), ['proposed', 'agreement_signed'])
    expect((await moveMeasure(ctx.app, world.operator, signed, 'active')).json().errors[0]).toMatchObject({ pointer: '/to', code: 'not_started_yet' })
    const dropped = await walkMeasure(ctx.app, world.operator, signed, [['interrupted', { reason: 'La persona ha rinunciato prima di iniziare' }]])
    expect(dropped).toMatchObject({ status: 'interrupted', endDate: null, followUps: [] })
  })

  it('walks draft → proposed → agreement_signed → active ⇄ suspended → completed with the outcome, scheduling the follow-ups', async () => {
    const host = await createHost(ctx.app, world.operator)
    const created = (await createInternship(ctx.app, world.operator, (await referredCase(ctx.database.db, world)).id, internshipBody(host, { startDate: addMonths(today(), -3), plannedEndDate: addDays(today(), 10) }))).json()
    const active = await walkMeasure(ctx.app, world.operator, created, ['proposed', 'agreement_signed', 'active'])
    // The answer of a move carries the permissions of the new status (attendance is recorded once active).
    expect(active.permissions).toEqual((await get(`/measures/${active.id}`)).json().permissions)
    expect(active.permissions).toContain('recordAttendance')
    expect((await moveMeasure(ctx.app, world.operator, active, 'suspended')).statusCode).toBe(422)
    const resumed = await walkMeasure(ctx.app, world.operator, active, [['suspended', { reason: 'Malattia' }], 'active'])
    expect((await moveMeasure(ctx.app, world.operator, resumed, 'completed')).json().errors[0]).toMatchObject({ pointer: '/outcome', code: 'outcome_required' })
    expect((await moveMeasure(ctx.app, world.operator, resumed, 'completed', { outcome: 'hired_by_host' })).json().errors[0]).toMatchObject({ pointer: '/outcomeContractType' })
    const done = await walkMeasure(ctx.app, world.caseManager, resumed, [['completed', { outcome: 'hired_by_host', outcomeContractType: 'apprenticeship', endDate: today() }]])
    expect(done).toMatchObject({ status: 'completed', endDate: today(), internship: { outcome: 'hired_by_host', outcomeContractType: 'apprenticeship' }, allowedTransitions: [] })
    expect((done.followUps as { monthsAfter: number; dueOn: string }[]).map((f) => [f.monthsAfter, f.dueOn])).toEqual([1, 3, 6, 12].map((n) => [n, addMonths(today(), n)]))
    expect((done.statusChanges as { to: string }[]).map((c) => c.to)).toEqual(['draft', 'proposed', 'agreement_signed', 'active', 'suspended', 'active', 'completed'])
    expect((await moveMeasure(ctx.app, world.operator, done, 'active')).statusCode).toBe(409)
  })

  it('refuses every move the diagram does not allow (409) and keeps the version (412 when stale)', async () => {
    const host = await createHost(ctx.app, world.operator, { employees: 500 })
    const allowed: Record<string, string[]> = {
      draft: ['proposed', 'interrupted'],
      proposed: ['agreement_signed', 'interrupted'],
      agreement_signed: ['active', 'interrupted'],
      active: ['suspended', 'completed', 'interrupted'],
      suspended: ['active', 'interrupted'],
    }
    const path = ['draft', 'proposed', 'agreement_signed', 'active', 'suspended']
    const all = ['draft', 'proposed', 'agreement_signed', 'active', 'suspended', 'completed', 'interrupted']
    const start = addMonths(today(), -1)
    const tutorless = internshipBody(host, { startDate: start, plannedEndDate: addMonths(start, 4) }, { hostTutorId: null })
    let measure = (await createInternship(ctx.app, world.operator, (await referredCase(ctx.database.db, world)).id, tutorless)).json()
    for (const [index, status] of path.entries()) {
      expect(measure.status).toBe(status)
      expect(measure.allowedTransitions).toEqual(allowed[status])
      for (const to of all.filter((s) => !allowed[status]!.includes(s))) expect((await moveMeasure(ctx.app, world.operator, measure, to, { reason: 'x' })).statusCode, `${status} → ${to}`).toBe(409)
      if (index < path.length - 1) measure = (await moveMeasure(ctx.app, world.operator, measure, path[index + 1]!, { reason: 'Pausa estiva' })).json()
    }
    expect((await moveMeasure(ctx.app, world.operator, { ...measure, version: measure.version - 1 }, 'active')).statusCode).toBe(412)
    const interrupted = await walkMeasure(ctx.app, world.operator, measure, [['interrupted', { reason: 'Assunto da un\'altra azienda' }]])
    expect(interrupted).toMatchObject({ status: 'interrupted', statusReason: 'Assunto da un\'altra azienda', internship: { outcome: 'interrupted' } })
    for (const to of all) expect((await moveMeasure(ctx.app, world.operator, interrupted, to, { reason: 'x' })).statusCode).toBe(409)
  })
})

describe('extensions', () => {
  it('moves the planned end later with a reason, within the maximum duration counting extensions', async () => {
    const host = await createHost(ctx.app, world.operator)
    const start = '2027-01-10'
    const created = (await createInternship(ctx.app, world.operator, (await referredCase(ctx.database.db, world)).id, internshipBody(host, { startDate: start, plannedEndDate: '2027-04-09' }))).json()
    const extend = (version: number, newEndDate: string) => ctx.app.inject({ method: 'POST', url: `/api/v1/measures/${created.id}/extensions`, headers: ifMatch(world.operator, version), payload: { newEndDate, reason: 'Completare la formazione sul tornio CNC' } })
    const tooLong = await extend(1, '2027-07-10')
    expect(tooLong.statusCode).toBe(422)
    expect(tooLong.json().violations).toEqual([expect.objectContaining({ rule: 'internship_max_duration', value: '2027-07-10', limit: '2027-07-09' })])
    const extended = await extend(1, '2027-07-09')
    expect(extended.statusCode, extended.body).toBe(200)
    expect(extended.json()).toMatchObject({ plannedEndDate: '2027-07-09', internship: { extensions: [{ previousEndDate: '2027-04-09', newEndDate: '2027-07-09', by: { id: world.operator.id } }] } })
    expect((await extend(2, '2027-06-01')).json().errors[0]).toMatchObject({ pointer: '/newEndDate', code: 'not_later' })
  })
})

describe('other kinds', () => {
  it('a job placement starts active with its follow-ups from the hire, the type-B flag from the company', async () => {
    const coop = await createHost(ctx.app, world.operator, { isTypeBCooperative: true, tutors: 0 })
    const response = await createInternship(ctx.app, world.operator, world.referredCaseId, {
      kind: 'job_placement',
      startDate: today(),
      jobPlacement: { employerId: coop.companyId, contractType: 'fixed_term', fixedTermMonths: 12, partTimeWeeklyHours: 24, l68Quota: true, jobTitle: 'Addetto alle pulizie' },
    })
    expect(response.statusCode, response.body).toBe(201)
    expect(response.json()).toMatchObject({ kind: 'job_placement', status: 'active', jobPlacement: { employer: { id: coop.companyId }, contractType: 'fixed_term', fixedTermMonths: 12, partTimeWeeklyHours: 24, l68Quota: true, employerIsTypeBCooperative: true } })
    expect(response.json().followUps.map((f: { monthsAfter: number }) => f.monthsAfter)).toEqual([1, 3, 6, 12])
    const missing = await createInternship(ctx.app, world.operator, world.referredCaseId, { kind: 'job_placement', startDate: today(), jobPlacement: { employerId: coop.companyId, contractType: 'fixed_term' } })
    expect(missing.json().errors[0]).toMatchObject({ pointer: '/jobPlacement/fixedTermMonths' })
  })

  it('a work grant records one payment per month up to its amount; tutoring records its sessions', async () => {
    const host = await createHost(ctx.app, world.operator, { tutors: 0 })
    const start = `${addMonths(today(), -2).slice(0, 7)}-01`
    const grant = (await createInternship(ctx.app, world.operator, world.referredCaseId, {
      kind: 'work_grant',
      startDate: start,
      plannedEndDate: addDays(addMonths(start, 6), -1),
      workGrant: { hostCompanyId: host.companyId, funder: 'Comune di Valmadrera', monthlyAmountCents: 40_000, weeklyHours: 20 },
    })).json()
    const pay = (payload: object) => ctx.app.inject({ method: 'POST', url: `/api/v1/measures/${grant.id}/payments`, headers: world.operator.headers, payload })
    const month = start.slice(0, 7)
    expect((await pay({ month, amountCents: 40_000, paidOn: today() })).statusCode).toBe(201)
    expect((await pay({ month, amountCents: 40_000, paidOn: today() })).statusCode).toBe(409)
    expect((await pay({ month: addMonths(start, 1).slice(0, 7), amountCents: 40_001, paidOn: today() })).json().violations[0].rule).toBe('payment_above_monthly_amount')
    expect((await get(`/measures/${grant.id}`)).json().workGrant.paidTotalCents).toBe(40_000)
    const tutoring = (await createInternship(ctx.app, world.operator, world.referredCaseId, { kind: 'tutoring', startDate: addMonths(today(), -1), tutoring: { goals: 'Ricerca attiva del lavoro' } })).json()
    expect(tutoring.tutoring.tutor.id).toBe(world.operator.id)
    const session = await ctx.app.inject({ method: 'POST', url: `/api/v1/measures/${tutoring.id}/tutoring-sessions`, headers: world.operator.headers, payload: { heldOn: today(), durationMinutes: 60, topic: 'Curriculum e lettera di presentazione' } })
    expect(session.statusCode).toBe(201)
    expect(session.json()).toMatchObject({ durationMinutes: 60, operator: { id: world.operator.id } })
    expect((await get(`/measures/${tutoring.id}`)).json().tutoring).toMatchObject({ sessionsCount: 1, sessionsMinutes: 60 })
    expect((await get(`/measures/${tutoring.id}/tutoring-sessions`)).json().items).toHaveLength(1)
  })
})

describe('who sees a measure', () => {
  it('the case\'s municipality staff and the promoter partner while its referral is accepted; nobody else (404)', async () => {
    const host = await createHost(ctx.app, world.operator)
    const row = await referredCase(ctx.database.db, world)
    const measure = (await createInternship(ctx.app, world.operator, row.id, internshipBody(host))).json()
    for (const user of [world.operator, world.caseManager, world.coordinator]) {
      expect((await get(`/measures/${measure.id}`, user)).statusCode, user.email).toBe(200)
      expect((await get(`/cases/${row.id}/measures`, user)).json().items.map((m: { id: string }) => m.id)).toEqual([measure.id])
      expect((await get('/measures', user)).json().items.map((m: { id: string }) => m.id)).toContain(measure.id)
    }
    for (const user of [world.colleague, world.otherOperator, world.otherCoordinator, world.otherCaseManager, world.facilitator, world.pucManager, world.auditor, world.platformAdmin, world.orgAdmin]) {
      expect((await get(`/measures/${measure.id}`, user)).statusCode, user.email).toBe(404)
      expect((await get('/measures', user)).json().items.map((m: { id: string }) => m.id)).not.toContain(measure.id)
      expect((await get(`/measures/${measure.id}/training-project.pdf`, user)).statusCode).toBe(404)
    }
    // A measure the municipality runs itself is not the partner's.
    const own = await createInternship(ctx.app, world.caseManager, row.id, internshipBody(host, {}, { hostTutorId: null }))
    expect(own.json().promoterOrganisation.id).toBe(world.municipality)
    expect((await get(`/measures/${own.json().id}`, world.operator)).statusCode).toBe(404)
    // The referral ends: the partner loses the measure at once.
    await ctx.database.db.execute(`update referrals set status = 'completed' where case_id = '${row.id}'` as never)
    expect((await get(`/measures/${measure.id}`, world.operator)).statusCode).toBe(404)
    expect((await get(`/measures/${measure.id}`, world.caseManager)).statusCode).toBe(200)
  })

  it('a partner may not start measures for a case not referred to it (404) nor promote for another organisation (422)', async () => {
    const host = await createHost(ctx.app, world.operator)
    const notReferred = await referredCase(ctx.database.db, world, false)
    expect((await createInternship(ctx.app, world.operator, notReferred.id, internshipBody(host))).statusCode).toBe(404)
    const other = await createInternship(ctx.app, world.operator, world.referredCaseId, internshipBody(host, { promoterOrganisationId: world.municipality }))
    expect(other.json().errors[0]).toMatchObject({ pointer: '/promoterOrganisationId' })
  })
})

describe('the list', () => {
  it('filters by kind, status, host, promoter tutor and ending date, newest first with a cursor', async () => {
    const host = await createHost(ctx.app, world.operator, { employees: 500, tutors: 3 })
    const ids: string[] = []
    for (let n = 0; n < 3; n++) ids.push((await createInternship(ctx.app, world.operator, (await referredCase(ctx.database.db, world)).id, internshipBody(host, {}, { hostTutorId: host.tutorIds[n] }))).json().id)
    const first = (await get(`/measures?hostCompanyId=${host.companyId}&limit=2`)).json()
    expect(first.items.map((m: { id: string }) => m.id)).toEqual([ids[2], ids[1]])
    const second = (await get(`/measures?hostCompanyId=${host.companyId}&limit=2&cursor=${first.nextCursor}`)).json()
    expect(second).toMatchObject({ items: [{ id: ids[0] }], nextCursor: null })
    expect((await get(`/measures?hostCompanyId=${host.companyId}&status=draft&kind=internship_orientation&promoterTutorId=${world.operator.id}`)).json().items).toHaveLength(3)
    expect((await get(`/measures?hostCompanyId=${host.companyId}&status=active`)).json().items).toHaveLength(0)
    expect((await get(`/measures?hostCompanyId=${host.companyId}&endingBefore=${today()}`)).json().items).toHaveLength(0)
    expect((await get(`/measures?hostCompanyId=${host.companyId}&endingBefore=${addMonths(today(), 5)}`)).json().items).toHaveLength(3)
    expect((await get('/measures?cursor=nonsense')).statusCode).toBe(400)
  })
})
