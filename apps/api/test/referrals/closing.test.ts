import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { referrals } from '../../src/db/schema/index.js'
import { createCaseWorld, ifMatch, type CaseWorld } from '../cases/case-world.js'
import { useTestContext } from '../helpers/app.js'
import { createCase, createReferral } from '../helpers/case-factories.js'

const ctx = useTestContext()
let world: CaseWorld
beforeAll(async () => {
  world = await createCaseWorld(ctx.app, ctx.database.db)
})

describe('closing a case with live referrals', () => {
  it('completes the accepted referral and revokes the requested one, so the partner loses access at once', async () => {
    const db = ctx.database.db
    const row = await createCase(db, { municipalityId: world.municipality, caseManagerId: world.caseManager.id, status: 'monitoring' })
    const accepted = await createReferral(db, { caseId: row.id, municipalityId: world.municipality, partnerOrganisationId: world.cooperative })
    const requested = await createReferral(db, { caseId: row.id, municipalityId: world.municipality, partnerOrganisationId: world.otherCooperative, status: 'requested' })
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/cases/${row.id}`, headers: world.operator.headers })).statusCode).toBe(200)

    const closed = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${row.id}/transitions`,
      headers: ifMatch(world.caseManager, row.version),
      payload: { to: 'closed', reason: 'Assunta a tempo indeterminato', outcome: 'employed', note: 'Contratto firmato il 20 novembre' },
    })
    expect(closed.statusCode).toBe(200)

    const [afterAccepted] = await db.select().from(referrals).where(eq(referrals.id, accepted.id))
    const [afterRequested] = await db.select().from(referrals).where(eq(referrals.id, requested.id))
    expect(afterAccepted).toMatchObject({ status: 'completed', statusReason: 'Caso chiuso', closedBy: world.caseManager.id })
    expect(afterRequested).toMatchObject({ status: 'revoked', statusReason: 'Caso chiuso' })
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/cases/${row.id}`, headers: world.operator.headers })).statusCode).toBe(404)

    const timeline = await ctx.app.inject({ method: 'GET', url: `/api/v1/cases/${row.id}/timeline`, headers: world.coordinator.headers })
    expect(timeline.json().items.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['referral.completed', 'referral.revoked', 'case.status_changed']))
  })
})
