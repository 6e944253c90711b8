import { inArray } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import type { CaseStatus } from '../../src/db/schema/index.js'
import { assessments, caseEvents, planCommitments, plans } from '../../src/db/schema/index.js'
import { seedAssessmentsAndPlans } from '../../src/db/seed/assessments-plans.js'
import type { DemoContext } from '../../src/db/seed/demo.js'
import { useTestContext } from '../helpers/app.js'
import { createCase } from '../helpers/case-factories.js'
import { createOrganisation, createUser } from '../helpers/factories.js'
import { caller } from './plan-helpers.js'

const ctx = useTestContext()
const call = caller(ctx)

/** The demo organisations and the two Valmadrera accounts the seeder relies on. */
async function demoContext() {
  const db = ctx.database.db
  const [platform, valmadrera, civate, consortium, cooperative] = await Promise.all([
    createOrganisation(db, { kind: 'other' }),
    createOrganisation(db, { kind: 'municipality' }),
    createOrganisation(db, { kind: 'municipality' }),
    createOrganisation(db, { kind: 'consortium' }),
    createOrganisation(db, { kind: 'cooperative' }),
  ])
  const coordinator = await createUser(ctx.app, db, [{ organisationId: valmadrera!.id, roles: ['coordinator'] }])
  const caseManager = await createUser(ctx.app, db, [{ organisationId: valmadrera!.id, roles: ['case_manager'] }])
  const context: DemoContext = {
    orgs: { platform: platform!.id, valmadrera: valmadrera!.id, civate: civate!.id, consortium: consortium!.id, cooperative: cooperative!.id },
    users: { 'coordinator@valmadrera.demo': coordinator.id, 'casemanager@valmadrera.demo': caseManager.id },
  }
  return { db, context, coordinator, caseManager, valmadrera: valmadrera! }
}

describe('the demo assessments and plans', () => {
  it('do nothing and do not fail when the municipality has no cases yet', async () => {
    const { db, context } = await demoContext()
    await expect(db.transaction((tx) => seedAssessmentsAndPlans(tx, context))).resolves.toBeUndefined()
  })

  it('give the Valmadrera cases assessments and plans in every state, with overdue commitments for the case manager', async () => {
    const { db, context, coordinator, caseManager, valmadrera } = await demoContext()
    const statuses: CaseStatus[] = ['intake', 'assessment', 'assessment', 'active', 'active', 'active', 'monitoring', 'monitoring', 'suspended', 'closed']
    const created: Awaited<ReturnType<typeof createCase>>[] = []
    for (const [i, status] of statuses.entries()) {
      const manager = i === 5 ? coordinator.id : caseManager.id
      created.push(await createCase(db, { municipalityId: valmadrera.id, caseManagerId: manager, status, openedOn: `2025-${String(1 + i).padStart(2, '0')}-10` }))
    }
    await db.transaction((tx) => seedAssessmentsAndPlans(tx, context))

    const caseIds = created.map((c) => c.id)
    const seededAssessments = await db.select().from(assessments).where(inArray(assessments.caseId, caseIds))
    expect(seededAssessments.filter((a) => a.kind === 'preliminary')).toHaveLength(statuses.length - 1)
    expect(seededAssessments.some((a) => a.kind === 'in_depth')).toBe(true)
    expect(seededAssessments.filter((a) => a.caseId === created[0]!.id)).toEqual([])

    const seededPlans = await db.select().from(plans).where(inArray(plans.caseId, caseIds))
    expect(new Set(seededPlans.map((p) => p.status))).toEqual(new Set(['draft', 'submitted', 'signed', 'superseded']))
    const revised = seededPlans.find((p) => p.versionNumber === 2)!
    expect(revised).toMatchObject({ status: 'signed', revisedFromId: seededPlans.find((p) => p.status === 'superseded')!.id })

    const statusesOfCommitments = (await db.select().from(planCommitments).where(inArray(planCommitments.caseId, caseIds))).map((c) => c.status)
    expect(new Set(statusesOfCommitments)).toEqual(new Set(['open', 'met', 'missed', 'rescheduled']))
    expect((await db.select().from(caseEvents).where(inArray(caseEvents.caseId, caseIds))).length).toBeGreaterThan(20)

    const overdue = await call(caseManager, 'GET', '/commitments/overdue')
    expect(overdue.statusCode).toBe(200)
    expect(overdue.json().items.length).toBeGreaterThan(0)
    const plansOfACase = await call(caseManager, 'GET', `/cases/${revised.caseId}/plans`)
    expect(plansOfACase.json().items.map((p: { versionNumber: number }) => p.versionNumber)).toEqual([2, 1])
    const awaiting = seededPlans.find((p) => p.status === 'submitted')!
    const approve = await call(coordinator, 'POST', `/cases/${awaiting.caseId}/plans/${awaiting.id}/transitions`, { action: 'approve' }, { 'if-match': `"${awaiting.version}"` })
    expect(approve.statusCode).toBe(200)
  })
})
