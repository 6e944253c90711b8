import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { memberships } from '../../src/db/schema/index.js'
import { createCase } from '../helpers/case-factories.js'
import { createUser, type TestUser } from '../helpers/factories.js'
import { useTestContext } from '../helpers/app.js'
import { createCaseWorld, type CaseWorld } from './case-world.js'

const ctx = useTestContext()
let world: CaseWorld
let departed: TestUser
beforeAll(async () => {
  const db = ctx.database.db
  world = await createCaseWorld(ctx.app, db)
  departed = await createUser(ctx.app, db, [{ organisationId: world.municipality, roles: ['case_manager'] }])
  const open = (caseManagerId: string, status: 'intake' | 'active' | 'suspended' | 'closed', municipalityId = world.municipality) => createCase(db, { municipalityId, caseManagerId, status })
  await open(world.caseManager.id, 'intake')
  await open(world.caseManager.id, 'active')
  await open(world.caseManager.id, 'active')
  await open(world.caseManager.id, 'closed')
  await open(world.coordinator.id, 'suspended')
  await open(departed.id, 'active')
  await open(world.otherCaseManager.id, 'active', world.otherMunicipality)
  await db.update(memberships).set({ isActive: false }).where(eq(memberships.userId, departed.id))
})

const read = (organisationId: string, headers: Record<string, string>) => ctx.app.inject({ method: 'GET', url: `/api/v1/organisations/${organisationId}/caseload`, headers })

describe('the team caseload of a municipality', () => {
  it('gives the coordinator every assignable colleague with their open cases by status, then who else still holds open cases', async () => {
    const response = await read(world.municipality, world.coordinator.headers)
    expect(response.statusCode).toBe(200)
    const { items, nextCursor } = response.json()
    expect(nextCursor).toBeNull()
    const byId = new Map(items.map((e: { caseManager: { id: string } }) => [e.caseManager.id, e]))
    expect(byId.get(world.caseManager.id)).toEqual({
      caseManager: { id: world.caseManager.id, name: expect.stringContaining('Maria') },
      isAssignable: true,
      open: 3,
      byStatus: { intake: 1, assessment: 0, active: 2, monitoring: 0, suspended: 0 },
    })
    expect(byId.get(world.coordinator.id)).toMatchObject({ isAssignable: true, open: 1, byStatus: { suspended: 1 } })
    expect(byId.get(world.colleague.id)).toMatchObject({ isAssignable: true, open: 0 })
    expect(items.at(-1)).toMatchObject({ caseManager: { id: departed.id }, isAssignable: false, open: 1 })
    for (const id of [world.otherCaseManager.id, world.pucManager.id, world.auditor.id]) expect(byId.has(id)).toBe(false)
  })

  it('follows the counters when a case closes', async () => {
    const kase = await createCase(ctx.database.db, { municipalityId: world.municipality, caseManagerId: world.colleague.id, status: 'monitoring' })
    const entry = async () => (await read(world.municipality, world.coordinator.headers)).json().items.find((e: { caseManager: { id: string } }) => e.caseManager.id === world.colleague.id)
    expect(await entry()).toMatchObject({ open: 1, byStatus: { monitoring: 1 } })
    const closing = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${kase.id}/transitions`,
      headers: { ...world.coordinator.headers, 'if-match': `"${kase.version}"` },
      payload: { to: 'closed', reason: 'Fine percorso', outcome: 'employed', note: 'Assunta' },
    })
    expect(closing.statusCode).toBe(200)
    expect(await entry()).toMatchObject({ open: 0, byStatus: { monitoring: 0 } })
  })

  it('answers 403 to a case manager of the municipality and 404 to everyone else', async () => {
    expect((await read(world.municipality, world.caseManager.headers)).statusCode).toBe(403)
    for (const caller of [world.otherCoordinator, world.operator, world.facilitator, world.pucManager, world.auditor, world.orgAdmin, world.platformAdmin]) {
      expect((await read(world.municipality, caller.headers)).statusCode).toBe(404)
    }
  })
})
