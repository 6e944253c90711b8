import { beforeAll, describe, expect, it } from 'vitest'
import { companies, companyActivities, matches, vacancies } from '../../src/db/schema/index.js'
import '../../src/db/seed/index.js'
import { DEMO_PASSWORD, seedDemoData } from '../../src/db/seed/demo.js'
import { useTestContext } from '../helpers/app.js'

const ctx = useTestContext()

beforeAll(async () => {
  await seedDemoData(ctx.database.db)
})

describe('the demo company mediation', () => {
  it('holds about thirty companies in every relationship status, with valid identities, and the operator sees them', async () => {
    const rows = await ctx.database.db.select().from(companies)
    expect(rows.length).toBeGreaterThanOrEqual(28)
    expect([...new Set(rows.map((r) => r.relationshipStatus))].sort()).toEqual(['available', 'contacted', 'inactive', 'partner', 'prospect'])
    const login = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'operator@cooplavoro.demo', password: DEMO_PASSWORD } })
    const headers = { authorization: `Bearer ${login.json().accessToken}` }
    const page = (await ctx.app.inject({ method: 'GET', url: '/api/v1/companies?limit=200', headers })).json()
    expect(page.items.length).toBe(rows.length)
    const due = (await ctx.app.inject({ method: 'GET', url: '/api/v1/activities/due', headers })).json()
    expect(due.items.some((a: { isOverdue: boolean }) => a.isOverdue)).toBe(true)
    expect(due.items.some((a: { isOverdue: boolean }) => !a.isOverdue)).toBe(true)
  })

  it('has activities, vacancies open, filled and closed, and candidates at every stage', async () => {
    expect((await ctx.database.db.select().from(companyActivities)).length).toBeGreaterThanOrEqual(10)
    expect([...new Set((await ctx.database.db.select().from(vacancies)).map((v) => v.status))].sort()).toEqual(['closed', 'filled', 'open'])
    expect([...new Set((await ctx.database.db.select().from(matches)).map((m) => m.status))].sort()).toEqual(['cv_sent', 'hired', 'interview', 'proposed', 'rejected', 'trial', 'withdrawn'])
  })
})
