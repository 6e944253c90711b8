import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog, caseEvents, cases, diaryNotes, domainEvents } from '../../src/db/schema/index.js'
import { useTestContext } from '../helpers/app.js'
import { createCase, createReferral } from '../helpers/case-factories.js'
import { createOrganisation, createUser } from '../helpers/factories.js'
import { caller, insertCommitment, insertPlan, planWorld } from '../plans/plan-helpers.js'

const ctx = useTestContext()
const call = caller(ctx)

const daysFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)

/**
 * A case referred to the cooperative (accepted) with a signed plan: two commitments of the
 * cooperative, one of the person, one of another partner; and an operator of each partner.
 */
async function partnerWorld() {
  const world = await planWorld(ctx)
  const { db, municipality, cooperative, kase } = world
  const otherCooperative = await createOrganisation(db, { kind: 'cooperative', name: 'Altra cooperativa' })
  const operator = await createUser(ctx.app, db, [{ organisationId: cooperative.id, roles: ['operator'] }])
  const otherOperator = await createUser(ctx.app, db, [{ organisationId: otherCooperative.id, roles: ['operator'] }])
  await createReferral(db, { caseId: kase.id, municipalityId: municipality.id, partnerOrganisationId: cooperative.id, status: 'accepted' })
  await createReferral(db, { caseId: kase.id, municipalityId: municipality.id, partnerOrganisationId: otherCooperative.id, status: 'accepted' })
  const plan = await insertPlan(db, { caseId: kase.id, status: 'signed' })
  const overdue = await insertCommitment(db, { planId: plan.id, caseId: kase.id, who: 'partner', partnerOrganisationId: cooperative.id, what: 'Proporre due aziende ospitanti', dueDate: daysFromToday(-5) })
  const ahead = await insertCommitment(db, { planId: plan.id, caseId: kase.id, who: 'partner', partnerOrganisationId: cooperative.id, what: 'Accompagnare al colloquio', dueDate: daysFromToday(20) })
  const persons = await insertCommitment(db, { planId: plan.id, caseId: kase.id, who: 'person', what: 'Aggiornare il curriculum', dueDate: daysFromToday(3) })
  const others = await insertCommitment(db, { planId: plan.id, caseId: kase.id, who: 'partner', partnerOrganisationId: otherCooperative.id, what: 'Corso di sicurezza', dueDate: daysFromToday(4) })
  return { ...world, otherCooperative, operator, otherOperator, plan, overdue, ahead, persons, others }
}

const ids = (body: { items: { id: string }[] }) => body.items.map((i) => i.id)

describe('partner commitments', () => {
  it('show a partner operator only the commitments of the plan in force assigned to their organisation, with the person', async () => {
    const { operator, caseManager, kase, overdue, ahead, others, cooperative } = await partnerWorld()
    const mine = await call(operator, 'GET', `/cases/${kase.id}/partner-commitments`)
    expect(mine.statusCode).toBe(200)
    expect(ids(mine.json())).toEqual([overdue.id, ahead.id])
    expect(mine.json().items[0]).toMatchObject({ partnerOrganisation: { id: cooperative.id, name: 'Cooperativa di prova' }, person: { id: kase.personId }, planVersionNumber: 1, progressNoteCount: 0 })
    // The case manager sees every partner's commitments of the case.
    const staff = await call(caseManager, 'GET', `/cases/${kase.id}/partner-commitments`)
    expect(ids(staff.json())).toEqual([overdue.id, others.id, ahead.id])
  })

  it('never show the partner the rest of the plan, a draft version, the sensitive section, restricted notes or economic supports', async () => {
    const { db, operator, caseManager, kase, plan, persons, cooperative } = await partnerWorld()
    expect((await call(operator, 'GET', `/cases/${kase.id}/plan-commitments/${persons.id}`)).statusCode).toBe(404)
    expect((await call(operator, 'GET', `/cases/${kase.id}/plans`)).statusCode).toBe(404)
    expect((await call(operator, 'GET', `/cases/${kase.id}/plans/${plan.id}/commitments`)).statusCode).toBe(404)
    const draft = await insertPlan(db, { caseId: kase.id, status: 'draft', versionNumber: 2 })
    const onDraft = await insertCommitment(db, { planId: draft.id, caseId: kase.id, who: 'partner', partnerOrganisationId: cooperative.id, dueDate: daysFromToday(30) })
    expect((await call(operator, 'GET', `/cases/${kase.id}/plan-commitments/${onDraft.id}`)).statusCode).toBe(404)
    expect(ids((await call(operator, 'GET', `/cases/${kase.id}/partner-commitments`)).json())).not.toContain(onDraft.id)
    await db.insert(diaryNotes).values({ caseId: kase.id, notedOn: daysFromToday(0), text: 'Nota riservata', visibility: 'restricted', authorId: caseManager.id })
    expect((await call(operator, 'GET', `/persons/${kase.personId}/sensitive`)).statusCode).toBe(404)
    expect((await call(operator, 'GET', `/cases/${kase.id}/diary-notes`)).statusCode).toBe(404)
    expect((await call(operator, 'GET', `/cases/${kase.id}/economic-supports`)).statusCode).toBe(404)
  })

  it('answer 404 to outsiders: another partner, a partner whose referral is not accepted, another municipality', async () => {
    const { db, otherOperator, kase, overdue, municipality, cooperative, operator } = await partnerWorld()
    expect((await call(otherOperator, 'GET', `/cases/${kase.id}/plan-commitments/${overdue.id}`)).statusCode).toBe(404)
    const patch = await call(otherOperator, 'PATCH', `/cases/${kase.id}/plan-commitments/${overdue.id}`, { status: 'met' }, { 'if-match': '"1"' })
    expect(patch.statusCode).toBe(404)
    const note = await call(otherOperator, 'POST', `/cases/${kase.id}/plan-commitments/${overdue.id}/progress-notes`, { text: 'Non mio' })
    expect(note.statusCode).toBe(404)
    // A case whose referral to the cooperative is only requested: nothing of it.
    const requestedCase = await createCase(db, { municipalityId: municipality.id, caseManagerId: (await createUser(ctx.app, db, [{ organisationId: municipality.id, roles: ['case_manager'] }])).id, status: 'active' })
    await createReferral(db, { caseId: requestedCase.id, municipalityId: municipality.id, partnerOrganisationId: cooperative.id, status: 'requested' })
    const plan = await insertPlan(db, { caseId: requestedCase.id, status: 'signed' })
    const pending = await insertCommitment(db, { planId: plan.id, caseId: requestedCase.id, who: 'partner', partnerOrganisationId: cooperative.id, dueDate: daysFromToday(-1) })
    expect((await call(operator, 'GET', `/cases/${requestedCase.id}/partner-commitments`)).statusCode).toBe(404)
    expect((await call(operator, 'GET', `/cases/${requestedCase.id}/plan-commitments/${pending.id}`)).statusCode).toBe(404)
    expect(ids((await call(operator, 'GET', '/partner-commitments')).json())).not.toContain(pending.id)
    const stranger = await createUser(ctx.app, db, [{ organisationId: (await createOrganisation(db, { kind: 'municipality' })).id, roles: ['coordinator'] }])
    expect((await call(stranger, 'GET', `/cases/${kase.id}/partner-commitments`)).statusCode).toBe(404)
    expect((await call(stranger, 'GET', `/cases/${kase.id}/plan-commitments/${overdue.id}/progress-notes`)).statusCode).toBe(404)
  })

  it('let the operator record the status with If-Match (428, 412), the day done, and only the status on the plan in force', async () => {
    const { db, operator, kase, overdue, cooperative } = await partnerWorld()
    const url = `/cases/${kase.id}/plan-commitments/${overdue.id}`
    const read = await call(operator, 'GET', url)
    expect(read.headers.etag).toBe('"1"')
    expect((await call(operator, 'PATCH', url, { status: 'met' })).statusCode).toBe(428)
    const content = await call(operator, 'PATCH', url, { what: 'Riscritto dal partner' }, { 'if-match': '"1"' })
    expect([content.statusCode, content.json().code]).toEqual([409, 'plan-signed'])
    const future = await call(operator, 'PATCH', url, { status: 'met', doneOn: daysFromToday(3) }, { 'if-match': '"1"' })
    expect(future.statusCode).toBe(422)
    expect(future.json().errors).toEqual([expect.objectContaining({ pointer: '/doneOn', code: 'in_future' })])
    const met = await call(operator, 'PATCH', url, { status: 'met', doneOn: daysFromToday(-1) }, { 'if-match': '"1"' })
    expect(met.statusCode).toBe(200)
    expect(met.headers['content-type']).toContain('application/json')
    expect(met.json()).toMatchObject({ status: 'met', doneOn: daysFromToday(-1), version: 2 })
    expect(met.headers.etag).toBe('"2"')
    const stale = await call(operator, 'PATCH', url, { status: 'open' }, { 'if-match': '"1"' })
    expect(stale.statusCode).toBe(412)
    expect(stale.headers['content-type']).toContain('application/problem+json')
    const reopened = await call(operator, 'PATCH', url, { status: 'open' }, { 'if-match': '"2"' })
    expect(reopened.json()).toMatchObject({ status: 'open', doneOn: null })
    const events = await db.select().from(caseEvents).where(and(eq(caseEvents.caseId, kase.id), eq(caseEvents.resourceId, overdue.id)))
    expect(events.map((e) => e.type)).toEqual(['commitment.status_changed', 'commitment.status_changed'])
    const outbox = await db.select().from(domainEvents).where(eq(domainEvents.resourceId, overdue.id))
    expect(outbox[0]!.audience).toContain(cooperative.id)
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.resourceId, overdue.id), eq(auditLog.action, 'update')))
    expect(audits[0]).toMatchObject({ actorUserId: operator.id, changedFields: ['status', 'doneOn'] })
  })

  it('keep progress notes the operator writes, listed on the commitment and read by the case manager; reads are audited', async () => {
    const { db, operator, caseManager, kase, overdue, cooperative } = await partnerWorld()
    const url = `/cases/${kase.id}/plan-commitments/${overdue.id}/progress-notes`
    expect((await call(operator, 'POST', url, { text: '   ' })).statusCode).toBe(400)
    const written = await call(operator, 'POST', url, { text: 'Contattate tre aziende: una disponibile al colloquio.' })
    expect(written.statusCode).toBe(201)
    expect(written.json()).toMatchObject({ commitmentId: overdue.id, author: { id: operator.id }, authorOrganisation: { id: cooperative.id }, version: 1 })
    const second = (await call(operator, 'POST', url, { text: 'Colloquio fissato per lunedì.' })).json()
    const seen = await call(caseManager, 'GET', url)
    expect(seen.statusCode).toBe(200)
    expect(ids(seen.json())).toEqual([second.id, written.json().id])
    const commitments = (await call(caseManager, 'GET', `/cases/${kase.id}/plans/${overdue.planId}/commitments`)).json()
    expect(commitments.items.find((c: { id: string }) => c.id === overdue.id).progressNoteCount).toBe(2)
    const reads = await db.select().from(auditLog).where(and(eq(auditLog.resourceType, 'commitment_progress_note'), eq(auditLog.actorUserId, caseManager.id)))
    expect(reads.map((r) => r.resourceId).sort()).toEqual([second.id, written.json().id].sort())
    const events = await db.select().from(caseEvents).where(and(eq(caseEvents.caseId, kase.id), eq(caseEvents.type, 'commitment.progress_noted')))
    expect(events).toHaveLength(2)
  })

  it('list the partner organisation\'s commitments across its referred cases, filtered by status and due date, page by page', async () => {
    const { db, operator, overdue, ahead, municipality, cooperative, caseManager } = await partnerWorld()
    const second = await createCase(db, { municipalityId: municipality.id, caseManagerId: caseManager.id, status: 'active' })
    await createReferral(db, { caseId: second.id, municipalityId: municipality.id, partnerOrganisationId: cooperative.id, status: 'accepted' })
    const plan = await insertPlan(db, { caseId: second.id, status: 'signed' })
    const rescheduled = await insertCommitment(db, { planId: plan.id, caseId: second.id, who: 'partner', partnerOrganisationId: cooperative.id, dueDate: daysFromToday(-30), status: 'rescheduled', rescheduledTo: daysFromToday(2) })
    const met = await insertCommitment(db, { planId: plan.id, caseId: second.id, who: 'partner', partnerOrganisationId: cooperative.id, dueDate: daysFromToday(-10), status: 'met', doneOn: daysFromToday(-11) })
    const all = await call(operator, 'GET', '/partner-commitments')
    expect(ids(all.json())).toEqual([met.id, overdue.id, rescheduled.id, ahead.id])
    const pending = await call(operator, 'GET', '/partner-commitments?status=open&status=rescheduled')
    expect(ids(pending.json())).toEqual([overdue.id, rescheduled.id, ahead.id])
    const overdueOnly = await call(operator, 'GET', `/partner-commitments?status=open&status=rescheduled&dueBefore=${daysFromToday(0)}`)
    expect(ids(overdueOnly.json())).toEqual([overdue.id])
    const first = (await call(operator, 'GET', '/partner-commitments?limit=2')).json()
    expect(first.items).toHaveLength(2)
    const next = (await call(operator, 'GET', `/partner-commitments?limit=2&cursor=${first.nextCursor}`)).json()
    expect([...ids(first), ...ids(next)]).toEqual(ids(all.json()))
    expect(next.nextCursor).toBeNull()
    expect((await call(operator, 'GET', '/partner-commitments?dueBefore=2026-02-30')).statusCode).toBe(400)
    expect((await call(operator, 'GET', '/partner-commitments?cursor=bm9wZQ')).statusCode).toBe(400)
    // Municipality staff operate for no partner: their list is empty.
    expect((await call(caseManager, 'GET', '/partner-commitments')).json().items).toEqual([])
  })

  it('take a partner organisation on a partner commitment only when the case is referred to it', async () => {
    const { db, caseManager, kase, cooperative, municipality } = await partnerWorld()
    const draft = await insertPlan(db, { caseId: kase.id, status: 'draft', versionNumber: 2 })
    const url = `/cases/${kase.id}/plans/${draft.id}/commitments`
    const notReferred = await createOrganisation(db, { kind: 'cooperative' })
    const refused = await call(caseManager, 'POST', url, { who: 'partner', what: 'Tirocinio', dueDate: daysFromToday(10), partnerOrganisationId: notReferred.id })
    expect(refused.statusCode).toBe(422)
    expect(refused.json().errors).toEqual([expect.objectContaining({ pointer: '/partnerOrganisationId', code: 'not_referred' })])
    const wrongParty = await call(caseManager, 'POST', url, { who: 'person', what: 'Tirocinio', dueDate: daysFromToday(10), partnerOrganisationId: cooperative.id })
    expect(wrongParty.json().errors).toEqual([expect.objectContaining({ code: 'only_for_partner' })])
    const created = await call(caseManager, 'POST', url, { who: 'partner', what: 'Tirocinio', dueDate: daysFromToday(10), partnerOrganisationId: cooperative.id })
    expect(created.statusCode).toBe(201)
    expect(created.json()).toMatchObject({ partnerOrganisationId: cooperative.id, doneOn: null, progressNoteCount: 0 })
    const toPerson = await call(caseManager, 'PATCH', `${url}/${created.json().id}`, { who: 'person' }, { 'if-match': '"1"' })
    expect(toPerson.json()).toMatchObject({ who: 'person', partnerOrganisationId: null })
    expect(municipality.id).toBeTruthy()
  })

  it('carry per-record permissions from the checks their endpoints make: both on an open case, none on a closed one, where both writes answer 409', async () => {
    const { db, operator, caseManager, kase, overdue } = await partnerWorld()
    const listed = async (user: typeof operator, url: string) => (await call(user, 'GET', url)).json().items.find((c: { id: string }) => c.id === overdue.id).permissions
    for (const user of [operator, caseManager]) expect(await listed(user, `/cases/${kase.id}/partner-commitments`)).toEqual(['updateStatus', 'addProgressNote'])
    expect(await listed(operator, '/partner-commitments')).toEqual(['updateStatus', 'addProgressNote'])

    await db.update(cases).set({ status: 'closed' }).where(eq(cases.id, kase.id))
    for (const user of [operator, caseManager]) expect(await listed(user, `/cases/${kase.id}/partner-commitments`)).toEqual([])
    expect(await listed(operator, '/partner-commitments')).toEqual([])
    // What the permissions say is what the endpoints do.
    const patch = await call(operator, 'PATCH', `/cases/${kase.id}/plan-commitments/${overdue.id}`, { status: 'met' }, { 'if-match': '"1"' })
    expect([patch.statusCode, patch.json().code]).toEqual([409, 'case-closed'])
    const note = await call(operator, 'POST', `/cases/${kase.id}/plan-commitments/${overdue.id}/progress-notes`, { text: 'Dopo la chiusura' })
    expect([note.statusCode, note.json().code]).toEqual([409, 'case-closed'])
  })

  it('end with the referral: once it is completed the operator sees nothing of the case', async () => {
    const { db, operator, kase, overdue, cooperative } = await partnerWorld()
    const { referrals } = await import('../../src/db/schema/index.js')
    await db.update(referrals).set({ status: 'completed' }).where(and(eq(referrals.caseId, kase.id), eq(referrals.partnerOrganisationId, cooperative.id)))
    expect((await call(operator, 'GET', `/cases/${kase.id}/plan-commitments/${overdue.id}`)).statusCode).toBe(404)
    expect((await call(operator, 'GET', '/partner-commitments')).json().items).toEqual([])
  })
})

describe('referral partners', () => {
  it('never offer the platform operator organisation, and refuse a referral to it with 422 not_a_partner', async () => {
    const { db, caseManager, kase, cooperative } = await planWorld(ctx)
    const platform = await createOrganisation(db, { kind: 'other', name: 'Ponte — gestione piattaforma' })
    await createUser(ctx.app, db, [{ organisationId: platform.id, roles: ['platform_admin', 'org_admin'] }])
    const partners = await call(caseManager, 'GET', '/referral-partners?limit=200')
    expect(partners.statusCode).toBe(200)
    const offered = ids(partners.json())
    expect(offered).toContain(cooperative.id)
    expect(offered).not.toContain(platform.id)
    const refused = await call(caseManager, 'POST', `/cases/${kase.id}/referrals`, { partnerOrganisationId: platform.id, purpose: 'Prova', consent: { date: daysFromToday(0), scope: 'Profilo lavorativo' } })
    expect(refused.statusCode).toBe(422)
    expect(refused.headers['content-type']).toContain('application/problem+json')
    expect(refused.json().errors).toEqual([expect.objectContaining({ pointer: '/partnerOrganisationId', code: 'not_a_partner' })])
    const operator = await createUser(ctx.app, db, [{ organisationId: cooperative.id, roles: ['operator'] }])
    expect((await call(operator, 'GET', '/referral-partners')).statusCode).toBe(403)
  })
})
