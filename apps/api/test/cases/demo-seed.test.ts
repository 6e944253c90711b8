import { and, asc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { checkTaxCode } from '@ponte/shared'
import { caseEvents, cases, persons, referrals } from '../../src/db/schema/index.js'
import '../../src/db/seed/cases.js'
import { DEMO_PASSWORD, seedDemoData, type DemoContext } from '../../src/db/seed/demo.js'
import { useTestContext } from '../helpers/app.js'

const ctx = useTestContext()
let demo: DemoContext

beforeAll(async () => {
  demo = await seedDemoData(ctx.database.db)
})

async function signIn(email: string) {
  const response = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: DEMO_PASSWORD } })
  expect(response.statusCode).toBe(200)
  return { authorization: `Bearer ${response.json().accessToken}` }
}

describe('the demo cases', () => {
  it('registers persons with valid tax codes and working profiles', async () => {
    const rows = await ctx.database.db.select().from(persons)
    expect(rows.length).toBeGreaterThanOrEqual(14)
    for (const p of rows) {
      expect(checkTaxCode(p.taxCode, { birthDate: p.birthDate, sex: p.sex }), `${p.givenName} ${p.familyName}`).toEqual([])
      expect(p.skills.length).toBeGreaterThan(0)
      expect(p.languages.length).toBeGreaterThan(0)
    }
  })

  it('gives the Valmadrera case manager a case in every status, and the coordinator some of her own', async () => {
    const rows = await ctx.database.db.select().from(cases).where(eq(cases.municipalityId, demo.orgs.valmadrera))
    const managerStatuses = new Set(rows.filter((c) => c.caseManagerId === demo.users['casemanager@valmadrera.demo']).map((c) => c.status))
    expect([...managerStatuses].sort()).toEqual(['active', 'assessment', 'closed', 'intake', 'monitoring', 'suspended'])
    expect(rows.filter((c) => c.caseManagerId === demo.users['coordinator@valmadrera.demo']).length).toBeGreaterThanOrEqual(2)
    const reopened = rows.find((c) => c.episode === 2)!
    expect(reopened.status).toBe('intake')
    expect(rows.find((c) => c.id === reopened.previousCaseId)).toMatchObject({ status: 'closed', outcome: 'employed' })
    expect(rows.find((c) => c.status === 'suspended')!.suspendedFrom).toBe('active')
    const civate = await ctx.database.db.select().from(cases).where(eq(cases.municipalityId, demo.orgs.civate))
    expect(civate.length).toBeGreaterThanOrEqual(2)
  })

  it('refers some Valmadrera cases to the cooperative: one requested, two accepted, one completed', async () => {
    const rows = await ctx.database.db.select().from(referrals).where(eq(referrals.partnerOrganisationId, demo.orgs.cooperative))
    expect(rows.map((r) => r.status).sort()).toEqual(['accepted', 'accepted', 'completed', 'requested'])
  })

  it('tells each case\'s story in its timeline up to its current status', async () => {
    const rows = await ctx.database.db.select().from(cases)
    for (const row of rows) {
      const events = await ctx.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, row.id)).orderBy(asc(caseEvents.occurredAt), asc(caseEvents.id))
      expect(['case.opened', 'case.reopened']).toContain(events[0]!.type)
      const changes = events.filter((e) => e.type === 'case.status_changed')
      expect(changes.at(-1)?.data.to ?? 'intake').toBe(row.status)
    }
  })

  it('shows each demo account what the rules let them see', async () => {
    const count = async (email: string) => (await ctx.app.inject({ method: 'GET', url: '/api/v1/cases/counts', headers: await signIn(email) })).json().total
    const valmadrera = (await ctx.database.db.select().from(cases).where(eq(cases.municipalityId, demo.orgs.valmadrera))).length
    expect(await count('coordinator@valmadrera.demo')).toBe(valmadrera)
    expect(await count('operator@cooplavoro.demo')).toBe(2)
    expect(await count('facilitator@cooplavoro.demo')).toBe(0)
    expect(await count('admin@ponte.demo')).toBe(0)
    const member = await ctx.database.db.select().from(cases).where(and(eq(cases.municipalityId, demo.orgs.valmadrera), eq(cases.caseManagerId, demo.users['coordinator@valmadrera.demo']!)))
    const managerCases = (await ctx.app.inject({ method: 'GET', url: '/api/v1/cases?limit=200', headers: await signIn('casemanager@valmadrera.demo') })).json().items
    expect(managerCases.some((c: { id: string }) => member.some((m) => m.id === c.id))).toBe(true)
    const inbox = (await ctx.app.inject({ method: 'GET', url: '/api/v1/referrals', headers: await signIn('operator@cooplavoro.demo') })).json().items
    expect(inbox.map((r: { status: string }) => r.status).sort()).toEqual(['accepted', 'accepted', 'requested'])
  })
})
