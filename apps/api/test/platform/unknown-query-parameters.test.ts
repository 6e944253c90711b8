/**
 * Unknown query parameters answer 400 problem+json, like unknown body properties (issue 8 §5): a
 * misspelt filter (`?stauts=active`) must not silently return the unfiltered list. Every route
 * under /api/v1 refuses what its query string does not declare (lib/validation.ts closeQuerystring).
 */
import { computeTaxCode } from '@ponte/shared'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { persons } from '../../src/db/schema/index.js'
import { useTestContext } from '../helpers/app.js'
import { createOrganisation, createUser, type TestUser } from '../helpers/factories.js'

const ctx = useTestContext()
let coordinator: TestUser

beforeAll(async () => {
  const municipality = await createOrganisation(ctx.database.db, { kind: 'municipality' })
  coordinator = await createUser(ctx.app, ctx.database.db, [{ organisationId: municipality.id, roles: ['coordinator', 'case_manager'] }])
})

function expectUnknownParameter(response: { statusCode: number; headers: Record<string, unknown>; body: string; json: () => { errors?: { pointer: string }[] } }, name: string) {
  expect(response.statusCode, response.body).toBe(400)
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
  expect(response.json().errors).toContainEqual(expect.objectContaining({ pointer: `/querystring/${name}` }))
}

describe('unknown query parameters', () => {
  it('a list with its own filters: a misspelt one is a 400 naming it, the declared ones still work', async () => {
    expectUnknownParameter(await ctx.app.inject({ method: 'GET', url: '/api/v1/cases?stauts=active&limit=10', headers: coordinator.headers }), 'stauts')
    const fine = await ctx.app.inject({ method: 'GET', url: '/api/v1/cases?status=active&limit=10', headers: coordinator.headers })
    expect(fine.statusCode, fine.body).toBe(200)
  })

  it('pagination parameters are declared where a list pages (limit, cursor), and refused where it does not', async () => {
    const paged = await ctx.app.inject({ method: 'GET', url: '/api/v1/referrals?limit=5', headers: coordinator.headers })
    expect(paged.statusCode, paged.body).toBe(200)
    expectUnknownParameter(await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me?limit=5', headers: coordinator.headers }), 'limit')
  })

  it('a route without any query parameter refuses one, and a write changes nothing', async () => {
    const data = { givenName: 'Eufemia', familyName: 'Locatelli', birthDate: '1990-02-03', sex: 'F' as const }
    const body = { ...data, taxCode: computeTaxCode({ ...data, birthPlaceCode: 'E507' }) }
    expectUnknownParameter(await ctx.app.inject({ method: 'POST', url: '/api/v1/persons?dryRun=true', headers: coordinator.headers, payload: body }), 'dryRun')
    expect(await ctx.database.db.select({ id: persons.id }).from(persons).where(eq(persons.taxCode, body.taxCode))).toEqual([])
  })

  it('every GET operation of the document without path parameters refuses an unknown parameter', async () => {
    const doc = ctx.app.swagger() as { paths: Record<string, Record<string, { security?: unknown[] }>> }
    const failures: string[] = []
    let checked = 0
    for (const [path, item] of Object.entries(doc.paths)) {
      if (path.includes('{') || !item.get) continue
      checked++
      const response = await ctx.app.inject({ method: 'GET', url: `/api/v1${path}?zzUnknown=1`, headers: coordinator.headers })
      const pointers = response.statusCode === 400 ? (response.json().errors ?? []).map((e: { pointer: string }) => e.pointer) : []
      if (!pointers.includes('/querystring/zzUnknown')) failures.push(`GET ${path}: ${response.statusCode}`)
    }
    expect(checked).toBeGreaterThan(10)
    expect(failures).toEqual([])
  })
})
