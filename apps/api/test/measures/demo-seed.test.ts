import { addDays, addMonths, type MeasureKind } from '@ponte/shared'
import { and, eq, inArray } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { companies, companySites, matches, measures, persons, vacancies } from '../../src/db/schema/index.js'
import '../../src/db/seed/index.js'
import { DEMO_PASSWORD, seedDemoData } from '../../src/db/seed/demo.js'
import { todayInItaly } from '../../src/lib/dates.js'
import { useTestContext } from '../helpers/app.js'

const ctx = useTestContext()
let operator: Record<string, string>
let coordinator: Record<string, string>

const signIn = async (email: string) => ({ authorization: `Bearer ${(await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: DEMO_PASSWORD } })).json().accessToken}` })
const get = (url: string, headers: Record<string, string>) => ctx.app.inject({ method: 'GET', url: `/api/v1${url}`, headers })

beforeAll(async () => {
  await seedDemoData(ctx.database.db)
  operator = await signIn('operator@cooplavoro.demo')
  coordinator = await signIn('coordinator@valmadrera.demo')
})

async function measureOf(givenName: string, kind: MeasureKind) {
  const rows = await ctx.database.db
    .select({ id: measures.id, status: measures.status })
    .from(measures)
    .innerJoin(persons, eq(persons.id, measures.personId))
    .where(and(eq(persons.givenName, givenName), eq(measures.kind, kind)))
  return rows
}

describe('the demo work measures', () => {
  it('has internships in every status, and the municipality coordinator sees them all', async () => {
    const internships = await ctx.database.db.select().from(measures).where(inArray(measures.kind, ['internship_orientation', 'internship_reintegration', 'internship_inclusion']))
    expect([...new Set(internships.map((m) => m.status))].sort()).toEqual(['active', 'agreement_signed', 'completed', 'draft', 'interrupted', 'proposed', 'suspended'])
    const all = await ctx.database.db.select().from(measures)
    const listed = (await get('/measures?limit=100', coordinator)).json().items
    expect(listed).toHaveLength(all.length)
  })

  it('shows the cooperative the measures of the cases referred to it: Ioana\'s internship with last month under 80% and this month to record', async () => {
    const page = (await get('/measures?limit=100', operator)).json()
    const names = new Set(page.items.map((m: { person: { givenName: string } }) => m.person.givenName))
    expect([...names].sort()).toEqual(['Giuseppe', 'Ioana'])
    const [active] = (await measureOf('Ioana', 'internship_orientation')).filter((m) => m.status === 'active')
    expect(page.items.find((m: { id: string }) => m.id === active!.id).attendanceThisMonth).toBe('missing')
    const attendance = (await get(`/measures/${active!.id}/attendance`, operator)).json()
    expect(attendance.months).toHaveLength(1)
    expect(attendance.months[0].attendancePercent).toBeLessThan(80)
    expect(attendance.months[0].allowanceBasis).not.toBe('full')
    expect((await get(`/measures?attendanceMissing=true&limit=100`, operator)).json().items.map((m: { id: string }) => m.id)).toContain(active!.id)
  })

  it('has an internship under 70% overall, without the final attestation', async () => {
    const [suspended] = await measureOf('Antonella', 'internship_orientation')
    expect(suspended!.status).toBe('suspended')
    const totals = (await get(`/measures/${suspended!.id}/attendance`, coordinator)).json().totals
    expect(totals.attendancePercent).toBeLessThan(70)
    expect(totals.finalAttestationDue).toBe(false)
  })

  it('fills the small host Carpenteria Bonacina: one more internship there breaks the interns-per-host rule', async () => {
    const [company] = await ctx.database.db.select().from(companies).where(eq(companies.name, 'Carpenteria Metallica Bonacina S.r.l.'))
    const [site] = await ctx.database.db.select().from(companySites).where(eq(companySites.companyId, company!.id))
    const [giuseppe] = await ctx.database.db.select({ caseId: measures.caseId }).from(measures).innerJoin(persons, eq(persons.id, measures.personId)).where(eq(persons.givenName, 'Giuseppe'))
    const start = `${todayInItaly().slice(0, 7)}-01`
    const response = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${giuseppe!.caseId}/measures`,
      headers: operator,
      payload: {
        kind: 'internship_orientation',
        startDate: start,
        plannedEndDate: addDays(addMonths(start, 3), -1),
        internship: { hostCompanyId: company!.id, hostSiteId: site!.id, eqfLevel: 3, dailyHours: 6, weeklyHours: 30, monthlyAllowanceCents: 50_000, targetGroup: 'unemployed' },
      },
    })
    expect(response.statusCode).toBe(422)
    expect(response.json().violations).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'internship_interns_per_host', value: 3, limit: 2 })]))
  })

  it('has two placements (one in the L. 68 quota, one in a type-B cooperative), tutoring sessions and a work grant with payments', async () => {
    const [giuseppe] = await measureOf('Giuseppe', 'job_placement')
    const [davide] = await measureOf('Davide', 'job_placement')
    expect((await get(`/measures/${giuseppe!.id}`, operator)).json().jobPlacement).toMatchObject({ l68Quota: true, contractType: 'permanent' })
    expect((await get(`/measures/${davide!.id}`, coordinator)).json().jobPlacement).toMatchObject({ employerIsTypeBCooperative: true, contractType: 'fixed_term' })
    const [tutoring] = await measureOf('Ioana', 'tutoring')
    expect((await get(`/measures/${tutoring!.id}/tutoring-sessions`, operator)).json().items.length).toBeGreaterThanOrEqual(3)
    const [grant] = await measureOf('Paola', 'work_grant')
    expect((await get(`/measures/${grant!.id}/payments`, coordinator)).json().items.length).toBe(3)
    expect((await get(`/measures/${grant!.id}`, coordinator)).json().workGrant.paidTotalCents).toBe(105_000)
  })

  it('has follow-ups due and overdue for the cooperative and for the municipality', async () => {
    for (const headers of [operator, coordinator]) {
      const due = (await get('/follow-ups/due?limit=100', headers)).json().items as { overdue: boolean }[]
      expect(due.some((f) => f.overdue)).toBe(true)
      expect(due.some((f) => !f.overdue)).toBe(true)
    }
  })

  it('links the trial and the hire of the candidacies to the measures they created', async () => {
    const [cnc] = await ctx.database.db.select().from(vacancies).where(eq(vacancies.title, 'Operatore di macchine CNC'))
    const [hired] = await ctx.database.db.select().from(matches).where(eq(matches.vacancyId, cnc!.id))
    const [internship] = await measureOf('Giuseppe', 'internship_reintegration')
    const [placement] = await measureOf('Giuseppe', 'job_placement')
    expect(hired).toMatchObject({ status: 'hired', internshipMeasureId: internship!.id, placementMeasureId: placement!.id })
    const trial = (await ctx.database.db.select().from(matches).where(eq(matches.status, 'trial')))[0]!
    const [ioana] = (await measureOf('Ioana', 'internship_orientation')).filter((m) => m.status === 'active')
    expect(trial.internshipMeasureId).toBe(ioana!.id)
  })
})
