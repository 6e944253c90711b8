/** The demo groups: what a facilitator, the coordinator and the case manager find after a fresh start. */
import { GROUP_APPLICATION_STATUSES, type Group, type GroupApplication, type GroupFollowUpDueList, type GroupOutcomes, type GroupPage, type GroupSessionAttendance, type GroupSessionList, type ProgrammePage } from '@ponte/shared'
import { beforeAll, describe, expect, it } from 'vitest'
import '../../src/db/seed/index.js'
import { DEMO_PASSWORD, seedDemoData } from '../../src/db/seed/demo.js'
import { todayInItaly } from '../../src/lib/dates.js'
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

describe('the demo groups of Valmadrera', () => {
  it('has the Valoriamo programme with 25 applications in every status', async () => {
    const headers = await signIn('coordinator@valmadrera.demo')
    const programmes = (await ctx.app.inject({ method: 'GET', url: '/api/v1/programmes', headers })).json<ProgrammePage>().items
    const valoriamo = programmes.find((p) => p.name.startsWith('Valoriamo — sportello'))!
    expect(valoriamo.coveredMunicipalities).toEqual(['Valmadrera', 'Lecco'])
    const applications = (await ctx.app.inject({ method: 'GET', url: `/api/v1/programmes/${valoriamo.id}/applications?limit=200`, headers })).json().items as GroupApplication[]
    expect(applications).toHaveLength(25)
    expect([...new Set(applications.map((a) => a.status))].sort()).toEqual([...GROUP_APPLICATION_STATUSES].sort())
    expect(applications.some((a) => !a.eligibility.eligible)).toBe(true)
    const meetings = (await ctx.app.inject({ method: 'GET', url: `/api/v1/programmes/${valoriamo.id}/information-meetings`, headers })).json().items
    expect(meetings[0].attendedCount).toBeGreaterThan(10)
  })

  it('gives the facilitator a group of 14 mid-way with an alert and the last session to record, and a planned one', async () => {
    const headers = await signIn('facilitator@cooplavoro.demo')
    const mine = (await ctx.app.inject({ method: 'GET', url: '/api/v1/groups?facilitatedByMe=true', headers })).json<GroupPage>().items
    expect(mine.map((g) => g.status).sort()).toEqual(['completed', 'planned', 'running'])
    const running = (await ctx.app.inject({ method: 'GET', url: `/api/v1/groups/${mine.find((g) => g.status === 'running')!.id}`, headers })).json<Group>()
    expect(running.members).toHaveLength(14)
    expect(running.alerts).toHaveLength(1)
    expect(running.members.filter((m) => m.unjustifiedAbsenceStreak === 2)).toHaveLength(1)
    expect(running.facilitators.map((f) => f.organisation.id)).toHaveLength(2)
    const sessions = (await ctx.app.inject({ method: 'GET', url: `/api/v1/groups/${running.id}/sessions`, headers })).json<GroupSessionList>().items
    const waiting = sessions.filter((s) => s.kind === 'talk' && s.date < todayInItaly() && s.status === 'planned')
    expect(waiting).toHaveLength(1)
    const grid = (await ctx.app.inject({ method: 'GET', url: `/api/v1/group-sessions/${waiting[0]!.id}/attendance`, headers })).json<GroupSessionAttendance>()
    expect(grid.entries).toHaveLength(13)
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/group-alerts', headers })).json().items).toHaveLength(1)
    const planned = (await ctx.app.inject({ method: 'GET', url: `/api/v1/groups/${mine.find((g) => g.status === 'planned')!.id}`, headers })).json<Group>()
    expect(planned.talkSessionsPlanned).toBe(0)
    expect(planned.members).toHaveLength(4)
  })

  it('has a finished group with outcomes and follow-ups due', async () => {
    const headers = await signIn('facilitator@cooplavoro.demo')
    const finished = (await ctx.app.inject({ method: 'GET', url: '/api/v1/groups?status=completed', headers })).json<GroupPage>().items[0]!
    const outcomes = (await ctx.app.inject({ method: 'GET', url: `/api/v1/groups/${finished.id}/outcomes`, headers })).json<GroupOutcomes>()
    expect(outcomes.items).toHaveLength(8)
    expect(outcomes.summary.averageWellbeingEnd).toBeGreaterThan(outcomes.summary.averageWellbeingEntry!)
    expect(outcomes.items.some((i) => i.followUps[0]!.status !== null)).toBe(true)
    const due = (await ctx.app.inject({ method: 'GET', url: '/api/v1/group-follow-ups', headers })).json<GroupFollowUpDueList>().items
    expect(due.length).toBeGreaterThan(0)
  })

  it('tells the case manager that a followed person is in a group, with the attendance rate', async () => {
    const headers = await signIn('casemanager@valmadrera.demo')
    const cases = (await ctx.app.inject({ method: 'GET', url: '/api/v1/cases?limit=200', headers })).json().items as { id: string }[]
    const participations = []
    for (const c of cases) {
      const response = await ctx.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/group-participations`, headers })
      if (response.statusCode === 200) participations.push(...response.json().items)
    }
    expect(participations.some((p: { inGroup: boolean; attendanceRate: number | null }) => p.inGroup && p.attendanceRate !== null)).toBe(true)
  })
})
