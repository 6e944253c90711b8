import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog, caseEvents, caseMembers } from '../../src/db/schema/index.js'
import { useTestContext } from '../helpers/app.js'
import { createCase, createPerson, createReferral } from '../helpers/case-factories.js'
import { createOrganisation, createUser } from '../helpers/factories.js'
import { caller, insertCommitment, insertPlan, OBJECTIVES, planWorld } from './plan-helpers.js'

const ctx = useTestContext()
const call = caller(ctx)

const daysFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)

describe('commitments of a plan', () => {
  it('are added to a draft, listed by due date, and edited freely while the version is a draft', async () => {
    const { db, caseManager, kase } = await planWorld(ctx)
    const plan = (await call(caseManager, 'POST', `/cases/${kase.id}/plans`, { objectives: OBJECTIVES })).json()
    const url = `/cases/${kase.id}/plans/${plan.id}/commitments`
    const later = await call(caseManager, 'POST', url, { who: 'partner', responsibleName: 'Cooperativa Lavoro e Comunità', what: 'Proporre un tirocinio', dueDate: '2026-05-31' })
    expect(later.statusCode).toBe(201)
    expect(later.json()).toMatchObject({ planId: plan.id, caseId: kase.id, status: 'open', rescheduledTo: null, version: 1 })
    expect(later.headers.location).toBe(`/api/v1${url}/${later.json().id}`)
    const sooner = (await call(caseManager, 'POST', url, { who: 'person', what: 'Aggiornare il curriculum', dueDate: '2026-03-15' })).json()
    const list = (await call(caseManager, 'GET', url)).json()
    expect(list.items.map((c: { id: string }) => c.id)).toEqual([sooner.id, later.json().id])
    const edited = await call(caseManager, 'PATCH', `${url}/${sooner.id}`, { what: 'Aggiornare il curriculum con il tutor', dueDate: '2026-03-31' }, { 'if-match': '"1"' })
    expect(edited.json()).toMatchObject({ what: 'Aggiornare il curriculum con il tutor', dueDate: '2026-03-31', version: 2 })
    expect(edited.headers.etag).toBe('"2"')
    expect((await call(caseManager, 'PATCH', `${url}/${sooner.id}`, { what: 'Stale' }, { 'if-match': '"1"' })).statusCode).toBe(412)
    expect((await call(caseManager, 'PATCH', `${url}/${sooner.id}`, { what: 'Senza versione' })).statusCode).toBe(428)
    const types = (await db.select().from(caseEvents).where(eq(caseEvents.caseId, kase.id))).map((e) => e.type)
    expect(types).toEqual(['plan.created', 'commitment.created', 'commitment.created', 'commitment.updated'])
  })

  it('on the signed version refuses content edits with 409 naming the fields, and accepts status changes', async () => {
    const { db, caseManager, kase, municipality } = await planWorld(ctx)
    const plan = await insertPlan(db, { caseId: kase.id, status: 'signed' })
    const commitment = await insertCommitment(db, { planId: plan.id, caseId: kase.id, dueDate: '2026-03-01' })
    const url = `/cases/${kase.id}/plans/${plan.id}/commitments/${commitment.id}`
    const content = await call(caseManager, 'PATCH', url, { what: 'Riscritto', dueDate: '2026-06-01', status: 'met' }, { 'if-match': '"1"' })
    expect(content.statusCode).toBe(409)
    expect(content.json().code).toBe('plan-signed')
    expect(content.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/what', '/dueDate'])
    const sameContent = await call(caseManager, 'PATCH', url, { what: commitment.what, status: 'met' }, { 'if-match': '"1"' })
    expect(sameContent.statusCode).toBe(200)
    expect(sameContent.json()).toMatchObject({ status: 'met', what: commitment.what, version: 2 })
    const events = await db.select().from(caseEvents).where(eq(caseEvents.caseId, kase.id))
    expect(events).toEqual([expect.objectContaining({ type: 'commitment.status_changed', audience: 'municipality', data: expect.objectContaining({ from: 'open', to: 'met' }) })])
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.resourceType, 'plan_commitment'), eq(auditLog.resourceId, commitment.id), eq(auditLog.action, 'update')))
    // Met records the day it was done (today when not sent).
    expect(sameContent.json().doneOn).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(audits).toEqual([expect.objectContaining({ organisationId: municipality.id, changedFields: ['status', 'doneOn'] })])
  })

  it('needs a new due date after the old one to reschedule, and takes a new date only when rescheduling', async () => {
    const { db, caseManager, kase } = await planWorld(ctx)
    const plan = await insertPlan(db, { caseId: kase.id, status: 'signed' })
    const commitment = await insertCommitment(db, { planId: plan.id, caseId: kase.id, dueDate: '2026-03-01' })
    const url = `/cases/${kase.id}/plans/${plan.id}/commitments/${commitment.id}`
    const noDate = await call(caseManager, 'PATCH', url, { status: 'rescheduled' }, { 'if-match': '"1"' })
    expect(noDate.statusCode).toBe(422)
    expect(noDate.json().errors).toEqual([expect.objectContaining({ pointer: '/rescheduledTo', code: 'required_when_rescheduled' })])
    const earlier = await call(caseManager, 'PATCH', url, { status: 'rescheduled', rescheduledTo: '2026-02-01' }, { 'if-match': '"1"' })
    expect(earlier.json().errors).toEqual([expect.objectContaining({ code: 'not_after_due_date' })])
    const dateOnly = await call(caseManager, 'PATCH', url, { rescheduledTo: '2026-04-01' }, { 'if-match': '"1"' })
    expect(dateOnly.json().errors).toEqual([expect.objectContaining({ code: 'only_when_rescheduled' })])
    const rescheduled = await call(caseManager, 'PATCH', url, { status: 'rescheduled', rescheduledTo: '2026-04-01' }, { 'if-match': '"1"' })
    expect(rescheduled.statusCode).toBe(200)
    expect(rescheduled.json()).toMatchObject({ status: 'rescheduled', rescheduledTo: '2026-04-01', dueDate: '2026-03-01' })
    const missed = await call(caseManager, 'PATCH', url, { status: 'missed' }, { 'if-match': '"2"' })
    expect(missed.json()).toMatchObject({ status: 'missed', rescheduledTo: '2026-04-01' })
  })

  it('refuses any change on a submitted version (409 plan-not-draft) and on a superseded one (409 plan-superseded)', async () => {
    const { db, municipality, caseManager, kase } = await planWorld(ctx)
    const submitted = await insertPlan(db, { caseId: kase.id, status: 'submitted' })
    const onSubmitted = await insertCommitment(db, { planId: submitted.id, caseId: kase.id, dueDate: '2026-03-01' })
    const old = await createCase(db, { municipalityId: municipality.id, caseManagerId: caseManager.id, status: 'active' })
    const superseded = await insertPlan(db, { caseId: old.id, status: 'superseded' })
    const onSuperseded = await insertCommitment(db, { planId: superseded.id, caseId: old.id, dueDate: '2026-03-01' })
    const a = await call(caseManager, 'PATCH', `/cases/${kase.id}/plans/${submitted.id}/commitments/${onSubmitted.id}`, { status: 'met' }, { 'if-match': '"1"' })
    expect([a.statusCode, a.json().code]).toEqual([409, 'plan-not-draft'])
    const b = await call(caseManager, 'PATCH', `/cases/${old.id}/plans/${superseded.id}/commitments/${onSuperseded.id}`, { status: 'met' }, { 'if-match': '"1"' })
    expect([b.statusCode, b.json().code]).toEqual([409, 'plan-superseded'])
    const c = await call(caseManager, 'POST', `/cases/${kase.id}/plans/${submitted.id}/commitments`, { who: 'person', what: 'x', dueDate: '2026-05-01' })
    expect([c.statusCode, c.json().code]).toEqual([409, 'plan-not-draft'])
  })

  it('answers 404 for a commitment of another plan, even of the same case', async () => {
    const { db, caseManager, kase } = await planWorld(ctx)
    const signed = await insertPlan(db, { caseId: kase.id, status: 'signed' })
    const draft = await insertPlan(db, { caseId: kase.id, status: 'draft', versionNumber: 2 })
    const commitment = await insertCommitment(db, { planId: signed.id, caseId: kase.id, dueDate: '2026-03-01' })
    const response = await call(caseManager, 'PATCH', `/cases/${kase.id}/plans/${draft.id}/commitments/${commitment.id}`, { what: 'x' }, { 'if-match': '"1"' })
    expect(response.statusCode).toBe(404)
  })
})

describe('overdue commitments', () => {
  /**
   * Two case managers of one municipality with a case each, a colleague added to the first case, a
   * partner with an accepted referral on it, and a case of another municipality; each case has a
   * signed plan with commitments due in the past and in the future.
   */
  async function overdueWorld() {
    const { db, municipality, cooperative, coordinator, caseManager, kase } = await planWorld(ctx)
    const secondManager = await createUser(ctx.app, db, [{ organisationId: municipality.id, roles: ['case_manager'] }])
    const colleague = await createUser(ctx.app, db, [{ organisationId: municipality.id, roles: ['case_manager'] }])
    const operator = await createUser(ctx.app, db, [{ organisationId: cooperative.id, roles: ['operator'] }])
    const elsewhere = await createOrganisation(db, { kind: 'municipality' })
    const otherCoordinator = await createUser(ctx.app, db, [{ organisationId: elsewhere.id, roles: ['coordinator', 'case_manager'] }])
    await db.insert(caseMembers).values({ caseId: kase.id, userId: colleague.id })
    await createReferral(db, { caseId: kase.id, municipalityId: municipality.id, partnerOrganisationId: cooperative.id })

    const person = await createPerson(db, { municipalityId: municipality.id, givenName: 'Giuseppe', familyName: 'Valsecchi' })
    const secondCase = await createCase(db, { municipalityId: municipality.id, caseManagerId: secondManager.id, personId: person.id, status: 'monitoring' })
    const otherCase = await createCase(db, { municipalityId: elsewhere.id, caseManagerId: otherCoordinator.id, status: 'active' })

    const plan = await insertPlan(db, { caseId: kase.id, status: 'signed' })
    const overdue = await insertCommitment(db, { planId: plan.id, caseId: kase.id, dueDate: daysFromToday(-10) })
    const rescheduledPast = await insertCommitment(db, { planId: plan.id, caseId: kase.id, dueDate: daysFromToday(-30), status: 'rescheduled', rescheduledTo: daysFromToday(-2) })
    await insertCommitment(db, { planId: plan.id, caseId: kase.id, dueDate: daysFromToday(-30), status: 'rescheduled', rescheduledTo: daysFromToday(20) })
    await insertCommitment(db, { planId: plan.id, caseId: kase.id, dueDate: daysFromToday(-20), status: 'met' })
    await insertCommitment(db, { planId: plan.id, caseId: kase.id, dueDate: daysFromToday(5) })
    // A draft revision is not in force: its commitments are not overdue yet.
    const draft = await insertPlan(db, { caseId: kase.id, status: 'draft', versionNumber: 2 })
    await insertCommitment(db, { planId: draft.id, caseId: kase.id, dueDate: daysFromToday(-10) })

    const secondPlan = await insertPlan(db, { caseId: secondCase.id, status: 'signed' })
    const secondOverdue = await insertCommitment(db, { planId: secondPlan.id, caseId: secondCase.id, dueDate: daysFromToday(-40) })
    const otherPlan = await insertPlan(db, { caseId: otherCase.id, status: 'signed' })
    const otherOverdue = await insertCommitment(db, { planId: otherPlan.id, caseId: otherCase.id, dueDate: daysFromToday(-3) })
    // A closed case's commitments are not followed up any more.
    const closedCase = await createCase(db, { municipalityId: municipality.id, caseManagerId: caseManager.id, status: 'closed' })
    const closedPlan = await insertPlan(db, { caseId: closedCase.id, status: 'signed' })
    await insertCommitment(db, { planId: closedPlan.id, caseId: closedCase.id, dueDate: daysFromToday(-10) })

    return { db, coordinator, caseManager, secondManager, colleague, operator, otherCoordinator, kase, secondCase, person, overdue, rescheduledPast, secondOverdue, otherOverdue }
  }

  const ids = (response: { json: () => { items: { id: string }[] } }) => response.json().items.map((c) => c.id)

  it('shows each caller only the overdue commitments of the cases they work, oldest first', async () => {
    const w = await overdueWorld()
    const mine = await call(w.caseManager, 'GET', '/commitments/overdue')
    expect(mine.statusCode).toBe(200)
    expect(ids(mine)).toEqual([w.overdue.id, w.rescheduledPast.id])
    expect(mine.json().items[0]).toMatchObject({ caseId: w.kase.id, caseManagerId: w.caseManager.id, status: 'open' })
    expect(ids(await call(w.colleague, 'GET', '/commitments/overdue'))).toEqual([w.overdue.id, w.rescheduledPast.id])
    const second = (await call(w.secondManager, 'GET', '/commitments/overdue')).json()
    expect(second.items).toEqual([expect.objectContaining({ id: w.secondOverdue.id, caseId: w.secondCase.id, personId: w.person.id, personName: 'Giuseppe Valsecchi' })])
    expect(ids(await call(w.coordinator, 'GET', '/commitments/overdue'))).toEqual([w.secondOverdue.id, w.overdue.id, w.rescheduledPast.id])
    expect(ids(await call(w.coordinator, 'GET', `/commitments/overdue?assignedTo=${w.secondManager.id}`))).toEqual([w.secondOverdue.id])
    expect(ids(await call(w.secondManager, 'GET', '/commitments/overdue?assignedTo=me'))).toEqual([w.secondOverdue.id])
    expect(ids(await call(w.coordinator, 'GET', '/commitments/overdue?assignedTo=me'))).toEqual([])
    expect(ids(await call(w.otherCoordinator, 'GET', '/commitments/overdue'))).toEqual([w.otherOverdue.id])
  })

  it('shows a partner operator none, even on a case referred to them', async () => {
    const w = await overdueWorld()
    const response = await call(w.operator, 'GET', '/commitments/overdue')
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ items: [], nextCursor: null })
  })

  it('pages with a cursor and audits every commitment returned', async () => {
    const w = await overdueWorld()
    const first = (await call(w.coordinator, 'GET', '/commitments/overdue?limit=2')).json()
    expect(first.items).toHaveLength(2)
    const rest = (await call(w.coordinator, 'GET', `/commitments/overdue?limit=2&cursor=${first.nextCursor}`)).json()
    expect(rest).toMatchObject({ items: [{ id: w.rescheduledPast.id }], nextCursor: null })
    const reads = await w.db.select().from(auditLog).where(and(eq(auditLog.action, 'read'), eq(auditLog.resourceType, 'plan_commitment'), eq(auditLog.actorUserId, w.coordinator.id)))
    expect(reads).toHaveLength(3)
  })
})
