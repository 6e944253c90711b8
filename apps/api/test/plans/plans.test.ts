import { and, asc, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { PLAN_ACTIONS, PLAN_STATUSES, type PlanAction, type PlanStatus } from '@ponte/shared'
import { auditLog, caseEvents } from '../../src/db/schema/index.js'
import { useTestContext } from '../helpers/app.js'
import { createCase, createReferral } from '../helpers/case-factories.js'
import { createOrganisation, createUser } from '../helpers/factories.js'
import { caller, insertCommitment, insertPlan, OBJECTIVES, planWorld } from './plan-helpers.js'

const ctx = useTestContext()
const call = caller(ctx)

const ALLOWED: Record<PlanAction, PlanStatus> = { submit: 'draft', approve: 'submitted', return: 'submitted', sign: 'approved' }
const bodyOf = (action: PlanAction) => ({ action, ...(action === 'return' ? { reason: 'Obiettivi da precisare' } : {}), ...(action === 'sign' ? { signedOn: '2026-02-01' } : {}) })

describe('the plan of a case', () => {
  it('goes from draft to signed: the case manager submits, the coordinator approves, the signature is recorded', async () => {
    const { db, coordinator, caseManager, kase, municipality } = await planWorld(ctx)
    const created = await call(caseManager, 'POST', `/cases/${kase.id}/plans`, { objectives: OBJECTIVES, supports: [{ kind: 'service', description: 'Sportello lavoro della cooperativa' }], reviewDate: '2026-06-30' })
    expect(created.statusCode).toBe(201)
    const plan = created.json()
    expect(plan).toMatchObject({ caseId: kase.id, versionNumber: 1, status: 'draft', createdBy: caseManager.id, reviewDate: '2026-06-30', version: 1, supports: [{ kind: 'service', reference: null }] })
    expect(plan.objectives).toEqual(OBJECTIVES.map((o) => ({ id: expect.any(String), ...o })))
    expect(created.headers.location).toBe(`/api/v1/cases/${kase.id}/plans/${plan.id}`)
    const url = `/cases/${kase.id}/plans/${plan.id}`

    const submitted = await call(caseManager, 'POST', `${url}/transitions`, { action: 'submit' }, { 'if-match': '"1"' })
    expect(submitted.statusCode).toBe(200)
    expect(submitted.json()).toMatchObject({ status: 'submitted', submittedBy: caseManager.id, version: 2 })

    const byCaseManager = await call(caseManager, 'POST', `${url}/transitions`, { action: 'approve' }, { 'if-match': '"2"' })
    expect(byCaseManager.statusCode).toBe(403)
    const approved = await call(coordinator, 'POST', `${url}/transitions`, { action: 'approve' }, { 'if-match': '"2"' })
    expect(approved.statusCode).toBe(200)
    expect(approved.json()).toMatchObject({ status: 'approved', approvedBy: coordinator.id, version: 3 })
    expect(approved.json().approvedAt).toEqual(expect.any(String))

    const signed = await call(caseManager, 'POST', `${url}/transitions`, { action: 'sign', signedOn: '2026-02-01' }, { 'if-match': '"3"' })
    expect(signed.statusCode).toBe(200)
    expect(signed.json()).toMatchObject({ status: 'signed', signedOn: '2026-02-01', version: 4 })
    expect(signed.headers.etag).toBe('"4"')

    const events = await db.select().from(caseEvents).where(eq(caseEvents.caseId, kase.id)).orderBy(asc(caseEvents.occurredAt), asc(caseEvents.id))
    expect(events.map((e) => [e.type, e.audience])).toEqual([
      ['plan.created', 'municipality'],
      ['plan.submitted', 'municipality'],
      ['plan.approved', 'municipality'],
      ['plan.signed', 'municipality'],
    ])
    expect(events[2]).toMatchObject({ actorUserId: coordinator.id, resourceId: plan.id, data: { versionNumber: 1, from: 'submitted', to: 'approved' } })
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.resourceType, 'plan'), eq(auditLog.resourceId, plan.id)))
    expect(audits.map((a) => a.action)).toEqual(['create', 'submit', 'approve', 'sign'])
    expect(audits.every((a) => a.organisationId === municipality.id)).toBe(true)
  })

  it('allows each action only from its status and answers 409 to every other', async () => {
    const { db, municipality, coordinator } = await planWorld(ctx)
    for (const status of PLAN_STATUSES) {
      for (const action of PLAN_ACTIONS) {
        const kase = await createCase(db, { municipalityId: municipality.id, caseManagerId: coordinator.id, status: 'active' })
        const plan = await insertPlan(db, { caseId: kase.id, status })
        const response = await call(coordinator, 'POST', `/cases/${kase.id}/plans/${plan.id}/transitions`, bodyOf(action), { 'if-match': '"1"' })
        const expected = ALLOWED[action] === status ? 200 : 409
        expect({ status, action, code: response.statusCode }).toEqual({ status, action, code: expected })
        if (expected === 409) expect(response.json().code).toBe('transition-not-allowed')
      }
    }
  })

  it('lets only a coordinator return a submitted version to draft, with a reason, and the draft is editable again', async () => {
    const { coordinator, caseManager, kase } = await planWorld(ctx)
    const plan = (await call(caseManager, 'POST', `/cases/${kase.id}/plans`, { objectives: OBJECTIVES })).json()
    const url = `/cases/${kase.id}/plans/${plan.id}`
    await call(caseManager, 'POST', `${url}/transitions`, { action: 'submit' }, { 'if-match': '"1"' })
    expect((await call(caseManager, 'PATCH', url, { notes: 'In approvazione' }, { 'if-match': '"2"' })).json().code).toBe('plan-not-draft')
    expect((await call(caseManager, 'POST', `${url}/transitions`, { action: 'return', reason: 'x' }, { 'if-match': '"2"' })).statusCode).toBe(403)
    const noReason = await call(coordinator, 'POST', `${url}/transitions`, { action: 'return' }, { 'if-match': '"2"' })
    expect(noReason.statusCode).toBe(400)
    expect(noReason.json().errors).toEqual([expect.objectContaining({ pointer: '/reason' })])
    const returned = await call(coordinator, 'POST', `${url}/transitions`, { action: 'return', reason: 'Precisare i tempi del tirocinio' }, { 'if-match': '"2"' })
    expect(returned.json()).toMatchObject({ status: 'draft', returnReason: 'Precisare i tempi del tirocinio', submittedAt: null, version: 3 })
    const edited = await call(caseManager, 'PATCH', url, { notes: 'Tempi precisati' }, { 'if-match': '"3"' })
    expect(edited.statusCode).toBe(200)
    expect(edited.json()).toMatchObject({ notes: 'Tempi precisati', version: 4 })
  })

  it('refuses to submit a plan without objectives (422) and a signature without a date (400) or in the future (422)', async () => {
    const { db, caseManager, kase } = await planWorld(ctx)
    const empty = (await call(caseManager, 'POST', `/cases/${kase.id}/plans`, {})).json()
    const submit = await call(caseManager, 'POST', `/cases/${kase.id}/plans/${empty.id}/transitions`, { action: 'submit' }, { 'if-match': '"1"' })
    expect(submit.statusCode).toBe(422)
    expect(submit.json().violations).toEqual([expect.objectContaining({ rule: 'plan_needs_objectives' })])
    const approvedCase = await createCase(db, { municipalityId: kase.municipalityId, caseManagerId: caseManager.id, status: 'active' })
    const approved = await insertPlan(db, { caseId: approvedCase.id, status: 'approved' })
    const url = `/cases/${approvedCase.id}/plans/${approved.id}/transitions`
    expect((await call(caseManager, 'POST', url, { action: 'sign' }, { 'if-match': '"1"' })).statusCode).toBe(400)
    const future = await call(caseManager, 'POST', url, { action: 'sign', signedOn: '2099-01-01' }, { 'if-match': '"1"' })
    expect(future.statusCode).toBe(422)
    expect(future.json().errors).toEqual([expect.objectContaining({ pointer: '/signedOn' })])
  })

  it('answers 409 with the existing id when a plan is started while another version is in progress', async () => {
    const { caseManager, kase } = await planWorld(ctx)
    const first = (await call(caseManager, 'POST', `/cases/${kase.id}/plans`, { objectives: OBJECTIVES })).json()
    const second = await call(caseManager, 'POST', `/cases/${kase.id}/plans`, { objectives: OBJECTIVES })
    expect(second.statusCode).toBe(409)
    expect(second.json()).toMatchObject({ code: 'plan-in-progress', existingId: first.id })
  })

  it('freezes the signed version: PATCH and new commitments answer 409', async () => {
    const { db, caseManager, kase } = await planWorld(ctx)
    const plan = await insertPlan(db, { caseId: kase.id, status: 'signed' })
    const url = `/cases/${kase.id}/plans/${plan.id}`
    const patch = await call(caseManager, 'PATCH', url, { notes: 'Modifica dopo la firma' }, { 'if-match': '"1"' })
    expect(patch.statusCode).toBe(409)
    expect(patch.json().code).toBe('plan-signed')
    const commitment = await call(caseManager, 'POST', `${url}/commitments`, { who: 'person', what: 'Nuovo impegno', dueDate: '2026-05-01' })
    expect(commitment.statusCode).toBe(409)
    expect(commitment.json().code).toBe('plan-signed')
  })

  it('revises a signed version into version 2 with its content and open commitments, and supersedes version 1 when version 2 is signed', async () => {
    const { db, coordinator, caseManager, kase } = await planWorld(ctx)
    const v1 = (await call(caseManager, 'POST', `/cases/${kase.id}/plans`, { objectives: OBJECTIVES, supports: [{ kind: 'economic_support', description: 'Contributo per l\'affitto', reference: 'ES-2026-14' }], reviewDate: '2026-09-30' })).json()
    const v1Url = `/cases/${kase.id}/plans/${v1.id}`
    const open = (await call(caseManager, 'POST', `${v1Url}/commitments`, { who: 'person', what: 'Aggiornare il curriculum', dueDate: '2026-03-01' })).json()
    const kept = (await call(caseManager, 'POST', `${v1Url}/commitments`, { who: 'case_manager', responsibleName: 'Assistente sociale', what: 'Fissare il colloquio al CPI', dueDate: '2026-02-15' })).json()
    await call(caseManager, 'POST', `${v1Url}/transitions`, { action: 'submit' }, { 'if-match': '"1"' })
    await call(coordinator, 'POST', `${v1Url}/transitions`, { action: 'approve' }, { 'if-match': '"2"' })
    await call(caseManager, 'POST', `${v1Url}/transitions`, { action: 'sign', signedOn: '2026-02-01' }, { 'if-match': '"3"' })
    await call(caseManager, 'PATCH', `${v1Url}/commitments/${kept.id}`, { status: 'met' }, { 'if-match': '"1"' })
    const rescheduled = await call(caseManager, 'PATCH', `${v1Url}/commitments/${open.id}`, { status: 'rescheduled', rescheduledTo: '2026-04-15' }, { 'if-match': '"1"' })
    expect(rescheduled.statusCode).toBe(200)

    const revised = await call(caseManager, 'POST', `${v1Url}/revisions`)
    expect(revised.statusCode).toBe(201)
    const v2 = revised.json()
    expect(v2).toMatchObject({ versionNumber: 2, status: 'draft', revisedFromId: v1.id, objectives: v1.objectives, supports: v1.supports, reviewDate: '2026-09-30', notes: null })
    const v2Url = `/cases/${kase.id}/plans/${v2.id}`
    const copied = (await call(caseManager, 'GET', `${v2Url}/commitments`)).json().items
    expect(copied).toEqual([expect.objectContaining({ what: 'Aggiornare il curriculum', status: 'open', dueDate: '2026-04-15', copiedFromId: open.id, planId: v2.id })])
    expect((await call(caseManager, 'GET', v1Url)).json().status).toBe('signed')
    expect((await call(caseManager, 'POST', `${v1Url}/revisions`)).json()).toMatchObject({ code: 'plan-in-progress', existingId: v2.id })

    await call(caseManager, 'POST', `${v2Url}/transitions`, { action: 'submit' }, { 'if-match': '"1"' })
    await call(coordinator, 'POST', `${v2Url}/transitions`, { action: 'approve' }, { 'if-match': '"2"' })
    const signed = await call(caseManager, 'POST', `${v2Url}/transitions`, { action: 'sign', signedOn: '2026-04-01' }, { 'if-match': '"3"' })
    expect(signed.json().status).toBe('signed')
    const list = (await call(coordinator, 'GET', `/cases/${kase.id}/plans`)).json()
    expect(list.items.map((p: { versionNumber: number; status: string }) => [p.versionNumber, p.status])).toEqual([
      [2, 'signed'],
      [1, 'superseded'],
    ])
    expect(list.items[1].supersededAt).toEqual(expect.any(String))
    const types = (await db.select().from(caseEvents).where(eq(caseEvents.caseId, kase.id))).map((e) => e.type)
    expect(types).toEqual(expect.arrayContaining(['plan.revised', 'plan.superseded', 'commitment.created', 'commitment.status_changed']))
  })

  it('supersedes a submitted version at once when it is revised, and refuses to revise a draft or a superseded version', async () => {
    const { db, caseManager, kase } = await planWorld(ctx)
    const submitted = await insertPlan(db, { caseId: kase.id, status: 'submitted' })
    await insertCommitment(db, { planId: submitted.id, caseId: kase.id, dueDate: '2026-05-01' })
    const revised = await call(caseManager, 'POST', `/cases/${kase.id}/plans/${submitted.id}/revisions`)
    expect(revised.statusCode).toBe(201)
    expect(revised.json()).toMatchObject({ versionNumber: 2, status: 'draft' })
    expect((await call(caseManager, 'GET', `/cases/${kase.id}/plans/${submitted.id}`)).json().status).toBe('superseded')
    expect((await call(caseManager, 'GET', `/cases/${kase.id}/plans/${revised.json().id}/commitments`)).json().items).toHaveLength(1)
    expect((await call(caseManager, 'POST', `/cases/${kase.id}/plans/${submitted.id}/revisions`)).json().code).toBe('plan-not-revisable')
    expect((await call(caseManager, 'POST', `/cases/${kase.id}/plans/${revised.json().id}/revisions`)).json().code).toBe('plan-not-revisable')
  })

  it('needs If-Match on edits and transitions (428), refuses a stale one (412), and lets one of two concurrent edits win', async () => {
    const { coordinator, caseManager, kase } = await planWorld(ctx)
    const plan = (await call(caseManager, 'POST', `/cases/${kase.id}/plans`, { objectives: OBJECTIVES })).json()
    const url = `/cases/${kase.id}/plans/${plan.id}`
    expect((await call(caseManager, 'PATCH', url, { notes: 'x' })).statusCode).toBe(428)
    expect((await call(caseManager, 'POST', `${url}/transitions`, { action: 'submit' })).statusCode).toBe(428)
    expect((await call(caseManager, 'POST', `${url}/transitions`, { action: 'submit' }, { 'if-match': '"7"' })).statusCode).toBe(412)
    const [a, b] = await Promise.all([
      call(caseManager, 'PATCH', url, { notes: 'Nota del case manager' }, { 'if-match': '"1"' }),
      call(coordinator, 'PATCH', url, { reviewDate: '2026-12-31' }, { 'if-match': '"1"' }),
    ])
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 412])
    const current = (await call(caseManager, 'GET', url)).json()
    expect(current.version).toBe(2)
    expect(current).toEqual(a.statusCode === 200 ? a.json() : b.json())
  })

  it('keeps the ids of the objectives sent back in a patch and gives new ones an id', async () => {
    const { caseManager, kase } = await planWorld(ctx)
    const plan = (await call(caseManager, 'POST', `/cases/${kase.id}/plans`, { objectives: OBJECTIVES })).json()
    const [first] = plan.objectives
    const patched = await call(caseManager, 'PATCH', `/cases/${kase.id}/plans/${plan.id}`, { objectives: [first, { title: 'Frequentare il corso di informatica di base' }] }, { 'if-match': '"1"' })
    expect(patched.statusCode).toBe(200)
    expect(patched.json().objectives).toEqual([first, { id: expect.any(String), title: 'Frequentare il corso di informatica di base', expectedResult: null }])
    const duplicate = await call(caseManager, 'PATCH', `/cases/${kase.id}/plans/${plan.id}`, { objectives: [first, first] }, { 'if-match': '"2"' })
    expect(duplicate.statusCode).toBe(422)
    const unchanged = await call(caseManager, 'PATCH', `/cases/${kase.id}/plans/${plan.id}`, { objectives: patched.json().objectives }, { 'if-match': '"2"' })
    expect(unchanged.json().version).toBe(2)
  })

  it('creates the plan once when a POST is retried with the same Idempotency-Key', async () => {
    const { caseManager, kase } = await planWorld(ctx)
    const headers = { 'idempotency-key': 'progetto-1' }
    const first = await call(caseManager, 'POST', `/cases/${kase.id}/plans`, { objectives: OBJECTIVES }, headers)
    const retry = await call(caseManager, 'POST', `/cases/${kase.id}/plans`, { objectives: OBJECTIVES }, headers)
    expect(first.statusCode).toBe(201)
    expect(retry.statusCode).toBe(201)
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect(retry.json().id).toBe(first.json().id)
    expect((await call(caseManager, 'GET', `/cases/${kase.id}/plans`)).json().items).toHaveLength(1)
  })

  it('answers 404 on every plan and commitment route to a partner operator with an accepted referral and to another municipality', async () => {
    const { db, municipality, cooperative, caseManager, kase } = await planWorld(ctx)
    const plan = await insertPlan(db, { caseId: kase.id, status: 'draft' })
    const commitment = await insertCommitment(db, { planId: plan.id, caseId: kase.id, dueDate: '2026-05-01' })
    await createReferral(db, { caseId: kase.id, municipalityId: municipality.id, partnerOrganisationId: cooperative.id })
    const operator = await createUser(ctx.app, db, [{ organisationId: cooperative.id, roles: ['operator'] }])
    const elsewhere = await createOrganisation(db, { kind: 'municipality' })
    const otherCoordinator = await createUser(ctx.app, db, [{ organisationId: elsewhere.id, roles: ['coordinator'] }])
    const url = `/cases/${kase.id}/plans/${plan.id}`
    for (const user of [operator, otherCoordinator]) {
      const responses = [
        await call(user, 'GET', `/cases/${kase.id}/plans`),
        await call(user, 'POST', `/cases/${kase.id}/plans`, { objectives: OBJECTIVES }),
        await call(user, 'GET', url),
        await call(user, 'PATCH', url, { notes: 'x' }, { 'if-match': '"1"' }),
        await call(user, 'POST', `${url}/transitions`, { action: 'submit' }, { 'if-match': '"1"' }),
        await call(user, 'POST', `${url}/revisions`),
        await call(user, 'GET', `${url}/commitments`),
        await call(user, 'POST', `${url}/commitments`, { who: 'person', what: 'x', dueDate: '2026-05-01' }),
        await call(user, 'PATCH', `${url}/commitments/${commitment.id}`, { status: 'met' }, { 'if-match': '"1"' }),
      ]
      expect(responses.map((r) => r.statusCode)).toEqual(Array(9).fill(404))
    }
    expect((await call(caseManager, 'GET', url)).json().version).toBe(1)
  })

  it('writes an audit entry for every plan read', async () => {
    const { db, coordinator, kase } = await planWorld(ctx)
    const plan = await insertPlan(db, { caseId: kase.id, status: 'draft' })
    await call(coordinator, 'GET', `/cases/${kase.id}/plans`)
    await call(coordinator, 'GET', `/cases/${kase.id}/plans/${plan.id}`)
    const reads = await db.select().from(auditLog).where(and(eq(auditLog.action, 'read'), eq(auditLog.resourceId, plan.id)))
    expect(reads).toHaveLength(2)
    expect(reads.every((r) => r.actorUserId === coordinator.id && r.resourceType === 'plan')).toBe(true)
  })
})
