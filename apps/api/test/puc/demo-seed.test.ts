import type { PucAssignment, PucDeadlinePage, PucProjectPage } from '@ponte/shared'
import { beforeAll, describe, expect, it } from 'vitest'
import '../../src/db/seed/index.js'
import { DEMO_PASSWORD, seedDemoData } from '../../src/db/seed/demo.js'
import { useTestContext } from '../helpers/app.js'

const ctx = useTestContext()

beforeAll(async () => {
  await seedDemoData(ctx.database.db)
})

async function signIn(email: string) {
  const response = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: DEMO_PASSWORD } })
  expect(response.statusCode).toBe(200)
  return { authorization: `Bearer ${response.json().accessToken}` }
}

describe('the demo PUC of Valmadrera', () => {
  it('has three projects for the PUC manager, two of them for the cooperative\'s operator', async () => {
    const manager = await ctx.app.inject({ method: 'GET', url: '/api/v1/puc-projects', headers: await signIn('puc@valmadrera.demo') })
    const projects = manager.json<PucProjectPage>().items
    expect(projects.map((p) => p.area).sort()).toEqual(['cultural', 'environmental', 'social'])
    const operator = await ctx.app.inject({ method: 'GET', url: '/api/v1/puc-projects', headers: await signIn('operator@cooplavoro.demo') })
    expect(operator.json<PucProjectPage>().items).toHaveLength(2)
  })

  it('has assignments in every status, with attendance', async () => {
    const headers = await signIn('puc@valmadrera.demo')
    const projects = (await ctx.app.inject({ method: 'GET', url: '/api/v1/puc-projects', headers })).json<PucProjectPage>().items
    const assignments: PucAssignment[] = []
    for (const p of projects) assignments.push(...(await ctx.app.inject({ method: 'GET', url: `/api/v1/puc-projects/${p.id}/assignments`, headers })).json().items)
    expect([...new Set(assignments.map((a) => a.status))].sort()).toEqual(['active', 'completed', 'interrupted', 'proposed', 'to_assign', 'withdrawn'])
    expect(assignments.filter((a) => a.status === 'active').every((a) => a.daysWorked > 10)).toBe(true)
  })

  it('has INAIL communications sent, due and overdue', async () => {
    const headers = await signIn('puc@valmadrera.demo')
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/puc/insurance-deadlines?state=overdue&state=due&state=sent&limit=200', headers })
    const states = new Set(response.json<PucDeadlinePage>().items.map((d) => d.state))
    expect([...states].sort()).toEqual(['due', 'overdue', 'sent'])
  })
})
