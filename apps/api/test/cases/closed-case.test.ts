import { beforeAll, describe, expect, it } from 'vitest'
import { createCaseWorld, type CaseWorld } from './case-world.js'
import { useTestContext } from '../helpers/app.js'
import { createCase } from '../helpers/case-factories.js'

const ctx = useTestContext()
let world: CaseWorld
beforeAll(async () => {
  world = await createCaseWorld(ctx.app, ctx.database.db)
})

describe('a closed case', () => {
  const newRecords: [string, Record<string, unknown>][] = [
    ['meetings', { date: '2026-12-01', startTime: '10:00' }],
    ['diary-notes', { notedOn: '2026-11-20', text: 'Colloquio telefonico con la persona.' }],
    ['economic-supports', { type: 'rent', amountCents: 30000, periodFrom: '2026-12-01', periodTo: '2026-12-31' }],
    ['assessments', { kind: 'preliminary', assessedOn: '2026-11-20' }],
    ['plans', {}],
  ]
  for (const [resource, payload] of newRecords) {
    it(`refuses new ${resource} with 409 case-closed: reopen it as a new episode to continue`, async () => {
      const row = await createCase(ctx.database.db, { municipalityId: world.municipality, caseManagerId: world.caseManager.id, status: 'closed' })
      const response = await ctx.app.inject({ method: 'POST', url: `/api/v1/cases/${row.id}/${resource}`, headers: world.caseManager.headers, payload })
      expect(response.statusCode, response.body).toBe(409)
      expect(response.json().code).toBe('case-closed')
    })
  }
})
