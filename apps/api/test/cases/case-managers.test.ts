import { beforeAll, describe, expect, it } from 'vitest'
import { createCaseWorld, type CaseWorld } from './case-world.js'
import { useTestContext } from '../helpers/app.js'

const ctx = useTestContext()
let world: CaseWorld
beforeAll(async () => {
  world = await createCaseWorld(ctx.app, ctx.database.db)
})

const list = (organisationId: string, headers: Record<string, string>) => ctx.app.inject({ method: 'GET', url: `/api/v1/organisations/${organisationId}/case-managers`, headers })

describe('the colleagues a case can be assigned to', () => {
  it('lists the active case managers and coordinators of the municipality to its coordinator and case managers', async () => {
    for (const caller of [world.coordinator, world.caseManager]) {
      const response = await list(world.municipality, caller.headers)
      expect(response.statusCode).toBe(200)
      const ids = response.json().items.map((u: { id: string }) => u.id)
      expect(ids).toEqual(expect.arrayContaining([world.coordinator.id, world.caseManager.id, world.colleague.id]))
      expect(ids).not.toContain(world.pucManager.id)
      expect(ids).not.toContain(world.auditor.id)
      expect(response.json().nextCursor).toBeNull()
    }
  })

  it('answers 404 to another municipality, partners and roles that do not open cases', async () => {
    for (const caller of [world.otherCoordinator, world.operator, world.facilitator, world.pucManager, world.auditor, world.orgAdmin, world.platformAdmin]) {
      expect((await list(world.municipality, caller.headers)).statusCode).toBe(404)
    }
  })
})
