import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog } from '../../src/db/schema/index.js'
import { useTestContext } from '../helpers/app.js'
import { createCase, createPerson, createReferral } from '../helpers/case-factories.js'
import { createOrganisation, createUser } from '../helpers/factories.js'
import { caller, insertPlan, planWorld } from './plan-helpers.js'

const ctx = useTestContext()
const call = caller(ctx)

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000)

describe('plans awaiting approval', () => {
  /**
   * A municipality whose case manager submitted plans on three cases (at different times) and keeps
   * a draft and an approved one on others; a partner with an accepted referral on the first case;
   * another municipality with a submitted plan of its own; a closed case with a submitted plan.
   */
  async function queueWorld() {
    const { db, municipality, cooperative, coordinator, caseManager, kase } = await planWorld(ctx)
    const operator = await createUser(ctx.app, db, [{ organisationId: cooperative.id, roles: ['operator'] }])
    await createReferral(db, { caseId: kase.id, municipalityId: municipality.id, partnerOrganisationId: cooperative.id })
    const person = await createPerson(db, { municipalityId: municipality.id, givenName: 'Giuseppe', familyName: 'Valsecchi' })
    const secondCase = await createCase(db, { municipalityId: municipality.id, caseManagerId: caseManager.id, personId: person.id, status: 'assessment' })
    const thirdCase = await createCase(db, { municipalityId: municipality.id, caseManagerId: caseManager.id, status: 'active' })

    const newest = await insertPlan(db, { caseId: kase.id, status: 'submitted', submittedAt: hoursAgo(1), submittedBy: caseManager.id })
    const oldest = await insertPlan(db, { caseId: secondCase.id, status: 'submitted', submittedAt: hoursAgo(48), submittedBy: caseManager.id })
    const middle = await insertPlan(db, { caseId: thirdCase.id, status: 'submitted', submittedAt: hoursAgo(5), submittedBy: caseManager.id })

    const draftCase = await createCase(db, { municipalityId: municipality.id, caseManagerId: caseManager.id, status: 'active' })
    await insertPlan(db, { caseId: draftCase.id, status: 'draft' })
    const approvedCase = await createCase(db, { municipalityId: municipality.id, caseManagerId: caseManager.id, status: 'active' })
    await insertPlan(db, { caseId: approvedCase.id, status: 'approved', submittedAt: hoursAgo(72), submittedBy: caseManager.id, approvedAt: hoursAgo(70), approvedBy: coordinator.id })
    // A closed case's plan can no longer be approved: it is not waiting for anyone.
    const closedCase = await createCase(db, { municipalityId: municipality.id, caseManagerId: caseManager.id, status: 'closed' })
    await insertPlan(db, { caseId: closedCase.id, status: 'submitted', submittedAt: hoursAgo(100), submittedBy: caseManager.id })

    const elsewhere = await createOrganisation(db, { kind: 'municipality' })
    const otherCoordinator = await createUser(ctx.app, db, [{ organisationId: elsewhere.id, roles: ['coordinator'] }])
    const otherCase = await createCase(db, { municipalityId: elsewhere.id, caseManagerId: otherCoordinator.id, status: 'active' })
    const otherPlan = await insertPlan(db, { caseId: otherCase.id, status: 'submitted', submittedAt: hoursAgo(24), submittedBy: otherCoordinator.id })

    return { db, coordinator, caseManager, operator, otherCoordinator, kase, secondCase, person, oldest, middle, newest, otherPlan }
  }

  const ids = (response: { json: () => { items: { id: string }[] } }) => response.json().items.map((p) => p.id)

  it("shows the coordinator the submitted plans of their municipality's open cases, the oldest submission first", async () => {
    const w = await queueWorld()
    const response = await call(w.coordinator, 'GET', '/plans/awaiting-approval')
    expect(response.statusCode).toBe(200)
    expect(ids(response)).toEqual([w.oldest.id, w.middle.id, w.newest.id])
    const first = response.json().items[0]
    expect(first).toEqual({
      id: w.oldest.id,
      caseId: w.secondCase.id,
      versionNumber: 1,
      submittedAt: w.oldest.submittedAt!.toISOString(),
      submittedBy: w.caseManager.id,
      submittedByName: expect.stringMatching(/^Maria Rossi /),
      person: { id: w.person.id, givenName: 'Giuseppe', familyName: 'Valsecchi' },
    })
    expect(ids(await call(w.otherCoordinator, 'GET', '/plans/awaiting-approval'))).toEqual([w.otherPlan.id])
  })

  it('gives a case manager, even of the cases, and a partner operator an empty list', async () => {
    const w = await queueWorld()
    for (const user of [w.caseManager, w.operator]) {
      const response = await call(user, 'GET', '/plans/awaiting-approval')
      expect(response.statusCode).toBe(200)
      expect(response.json()).toEqual({ items: [], nextCursor: null })
    }
  })

  it('pages with a cursor, returning each plan once, and audits every plan returned', async () => {
    const w = await queueWorld()
    const first = (await call(w.coordinator, 'GET', '/plans/awaiting-approval?limit=2')).json()
    expect(first.items.map((p: { id: string }) => p.id)).toEqual([w.oldest.id, w.middle.id])
    expect(first.nextCursor).toEqual(expect.any(String))
    const rest = (await call(w.coordinator, 'GET', `/plans/awaiting-approval?limit=2&cursor=${first.nextCursor}`)).json()
    expect(rest).toMatchObject({ items: [{ id: w.newest.id }], nextCursor: null })
    const reads = await w.db.select().from(auditLog).where(and(eq(auditLog.action, 'read'), eq(auditLog.resourceType, 'plan'), eq(auditLog.actorUserId, w.coordinator.id)))
    expect(reads.map((r) => r.resourceId).sort()).toEqual([w.oldest.id, w.middle.id, w.newest.id].sort())
  })

  it('answers 400 for a cursor it did not make', async () => {
    const w = await queueWorld()
    const forged = Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url')
    const response = await call(w.coordinator, 'GET', `/plans/awaiting-approval?cursor=${forged}`)
    expect(response.statusCode).toBe(400)
  })

  it('drops a plan from the queue once the coordinator approves it', async () => {
    const w = await queueWorld()
    const approve = await call(w.coordinator, 'POST', `/cases/${w.secondCase.id}/plans/${w.oldest.id}/transitions`, { action: 'approve' }, { 'if-match': `"${w.oldest.version}"` })
    expect(approve.statusCode).toBe(200)
    expect(ids(await call(w.coordinator, 'GET', '/plans/awaiting-approval'))).toEqual([w.middle.id, w.newest.id])
  })
})
