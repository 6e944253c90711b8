import type { PucAttendanceWeek, PucProject } from '@ponte/shared'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestContext } from '../helpers/app.js'
import { datesOfIsoWeek } from '../../src/modules/puc/puc.rules.js'
import { activeAssignment, assign, createProject, createPucCase, createPucWorld, fromToday, ifMatch, weekAgo, type PucWorld } from './puc-world.js'

const ctx = useTestContext()
let world: PucWorld
let project: PucProject

beforeAll(async () => {
  world = await createPucWorld(ctx.app, ctx.database.db)
  project = await createProject(ctx.app, world, { seats: { municipalityBeneficiaries: 30, employmentCentreBeneficiaries: 0, volunteers: 0 } })
})

const put = (url: string, payload: object, headers: Record<string, string> = world.pucManager.headers) => ctx.app.inject({ method: 'PUT', url, headers, payload })
/** Monday to Friday of the week `weeks` weeks ago: always in the past, always within the assignment. */
const weekdays = (weeks: number) => datesOfIsoWeek(weekAgo(weeks))!.slice(0, 5)

describe('a day of attendance', () => {
  it('records a day (201), then changes it with its If-Match (200), refusing a change without it (428) or stale (412)', async () => {
    const { assignment } = await activeAssignment(ctx.app, ctx.database.db, world, project)
    const [monday] = weekdays(2)
    const url = `/api/v1/puc-assignments/${assignment.id}/attendance/${monday}`
    const created = await put(url, { status: 'present', hours: 4 })
    expect(created.statusCode, created.body).toBe(201)
    expect(created.json()).toMatchObject({ date: monday, status: 'present', hours: 4, version: 1 })
    expect((await put(url, { status: 'present', hours: 3.5 })).statusCode).toBe(428)
    expect((await put(url, { status: 'present', hours: 3.5 }, ifMatch(world.pucManager, 7))).statusCode).toBe(412)
    const changed = await put(url, { status: 'absent_justified', hours: 0, note: 'Visita medica' }, ifMatch(world.pucManager, 1))
    expect(changed.statusCode).toBe(200)
    expect(changed.json()).toMatchObject({ status: 'absent_justified', hours: 0, note: 'Visita medica', version: 2 })
  })

  it('accepts a week that reaches the weekly hours exactly and refuses a quarter of an hour more (422 with total and limit)', async () => {
    const { assignment } = await activeAssignment(ctx.app, ctx.database.db, world, project, { weeklyHours: 12 })
    const [mon, tue, wed, thu] = weekdays(3)
    for (const date of [mon, tue, wed]) expect((await put(`/api/v1/puc-assignments/${assignment.id}/attendance/${date}`, { status: 'present', hours: 4 })).statusCode).toBe(201)
    const over = await put(`/api/v1/puc-assignments/${assignment.id}/attendance/${thu}`, { status: 'present', hours: 0.25 })
    expect(over.statusCode).toBe(422)
    expect(over.json().violations).toEqual([expect.objectContaining({ rule: 'puc_weekly_hours_exceeded', value: 12.25, limit: 12 })])
    // An absence that day adds no hours.
    expect((await put(`/api/v1/puc-assignments/${assignment.id}/attendance/${thu}`, { status: 'absent_unjustified', hours: 0 })).statusCode).toBe(201)
  })

  it('refuses hours on an absence, no hours on a presence, a day in the future or outside the assignment (422)', async () => {
    const { assignment } = await activeAssignment(ctx.app, ctx.database.db, world, project, { startDate: fromToday(-20), endDate: fromToday(20) })
    const at = (date: string, body: object) => put(`/api/v1/puc-assignments/${assignment.id}/attendance/${date}`, body)
    expect((await at(fromToday(-1), { status: 'absent_justified', hours: 2 })).json().violations[0].rule).toBe('puc_absence_without_hours')
    expect((await at(fromToday(-1), { status: 'present', hours: 0 })).json().violations[0].rule).toBe('puc_present_needs_hours')
    const future = await at(fromToday(1), { status: 'present', hours: 2 })
    expect(future.statusCode).toBe(422)
    expect(future.json().violations.map((v: { rule: string }) => v.rule)).toEqual(['puc_attendance_in_future'])
    expect((await at(fromToday(-21), { status: 'present', hours: 2 })).json().violations[0].rule).toBe('puc_attendance_outside_assignment')
  })

  it('refuses attendance before the assignment started (409)', async () => {
    const caseRow = await createPucCase(ctx.database.db, world)
    const assignment = await assign(ctx.app, world, project, caseRow.id)
    const response = await put(`/api/v1/puc-assignments/${assignment.id}/attendance/${fromToday(-1)}`, { status: 'present', hours: 2 })
    expect(response.statusCode).toBe(409)
    expect(response.json().code).toBe('assignment-not-active')
  })

  it('keeps the weekly limit when two days of the same week are recorded at once', async () => {
    const { assignment } = await activeAssignment(ctx.app, ctx.database.db, world, project, { weeklyHours: 8 })
    const [mon, tue] = weekdays(4)
    const responses = await Promise.all([mon, tue].map((date) => put(`/api/v1/puc-assignments/${assignment.id}/attendance/${date}`, { status: 'present', hours: 5 })))
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 422])
  })

  it('removes a day recorded by mistake, with its If-Match', async () => {
    const { assignment } = await activeAssignment(ctx.app, ctx.database.db, world, project)
    const [mon] = weekdays(5)
    await put(`/api/v1/puc-assignments/${assignment.id}/attendance/${mon}`, { status: 'present', hours: 4 })
    const url = `/api/v1/puc-assignments/${assignment.id}/attendance/${mon}`
    expect((await ctx.app.inject({ method: 'DELETE', url, headers: world.pucManager.headers })).statusCode).toBe(428)
    expect((await ctx.app.inject({ method: 'DELETE', url, headers: ifMatch(world.pucManager, 1) })).statusCode).toBe(204)
    expect((await ctx.app.inject({ method: 'DELETE', url, headers: ifMatch(world.pucManager, 1) })).statusCode).toBe(404)
  })
})

describe('the weekly form of a project', () => {
  it('saves a whole week for every person at once and answers the week with totals', async () => {
    const project2 = await createProject(ctx.app, world)
    const a = (await activeAssignment(ctx.app, ctx.database.db, world, project2, { weeklyHours: 12 })).assignment
    const b = (await activeAssignment(ctx.app, ctx.database.db, world, project2, { weeklyHours: 8 })).assignment
    const week = weekAgo(2)
    const [mon, tue, wed] = datesOfIsoWeek(week)!
    const response = await put(`/api/v1/puc-projects/${project2.id}/attendance?week=${week}`, {
      entries: [
        { assignmentId: a.id, date: mon, status: 'present', hours: 4 },
        { assignmentId: a.id, date: tue, status: 'present', hours: 4 },
        { assignmentId: a.id, date: wed, status: 'absent_justified', hours: 0 },
        { assignmentId: b.id, date: mon, status: 'present', hours: 4 },
        { assignmentId: b.id, date: wed, status: 'present', hours: 4 },
      ],
    })
    expect(response.statusCode, response.body).toBe(200)
    const saved = response.json<PucAttendanceWeek>()
    expect(saved.dates[0]).toBe(mon)
    expect(saved.rows.find((r) => r.assignmentId === a.id)).toMatchObject({ totalHours: 8, weeklyHours: 12 })
    expect(saved.rows.find((r) => r.assignmentId === b.id)!.entries).toHaveLength(2)
    const read = await ctx.app.inject({ method: 'GET', url: `/api/v1/puc-projects/${project2.id}/attendance?week=${week}`, headers: world.operator.headers })
    expect(read.statusCode).toBe(200)
    expect(read.json<PucAttendanceWeek>().canRecord).toBe(true)
  })

  it('saves nothing when one person goes over the weekly limit (422 listing it)', async () => {
    const project2 = await createProject(ctx.app, world)
    const a = (await activeAssignment(ctx.app, ctx.database.db, world, project2, { weeklyHours: 8 })).assignment
    const b = (await activeAssignment(ctx.app, ctx.database.db, world, project2, { weeklyHours: 8 })).assignment
    const week = weekAgo(3)
    const [mon, tue] = datesOfIsoWeek(week)!
    const response = await put(`/api/v1/puc-projects/${project2.id}/attendance?week=${week}`, {
      entries: [
        { assignmentId: a.id, date: mon, status: 'present', hours: 4 },
        { assignmentId: b.id, date: mon, status: 'present', hours: 6 },
        { assignmentId: b.id, date: tue, status: 'present', hours: 6 },
      ],
    })
    expect(response.statusCode).toBe(422)
    expect(response.json().violations).toEqual([expect.objectContaining({ rule: 'puc_weekly_hours_exceeded', value: 12, limit: 8 })])
    const read = await ctx.app.inject({ method: 'GET', url: `/api/v1/puc-projects/${project2.id}/attendance?week=${week}`, headers: world.pucManager.headers })
    expect(read.json<PucAttendanceWeek>().rows.every((r) => r.entries.length === 0)).toBe(true)
  })

  it('refuses a day outside the week, an assignment of another project, and a week that does not exist', async () => {
    const project2 = await createProject(ctx.app, world)
    const a = (await activeAssignment(ctx.app, ctx.database.db, world, project2)).assignment
    const elsewhere = (await activeAssignment(ctx.app, ctx.database.db, world, project)).assignment
    const week = weekAgo(2)
    const response = await put(`/api/v1/puc-projects/${project2.id}/attendance?week=${week}`, {
      entries: [
        { assignmentId: a.id, date: weekdays(3)[0], status: 'present', hours: 4 },
        { assignmentId: elsewhere.id, date: datesOfIsoWeek(week)![0], status: 'present', hours: 4 },
      ],
    })
    expect(response.statusCode).toBe(422)
    expect(response.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/entries/0/date', '/entries/1/assignmentId'])
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/puc-projects/${project2.id}/attendance?week=2025-W53`, headers: world.pucManager.headers })).statusCode).toBe(400)
  })

  it('asks the version of days already recorded (428 without it)', async () => {
    const project2 = await createProject(ctx.app, world)
    const a = (await activeAssignment(ctx.app, ctx.database.db, world, project2)).assignment
    const week = weekAgo(2)
    const [mon] = datesOfIsoWeek(week)!
    const first = await put(`/api/v1/puc-projects/${project2.id}/attendance?week=${week}`, { entries: [{ assignmentId: a.id, date: mon, status: 'present', hours: 4 }] })
    expect(first.statusCode).toBe(200)
    const again = await put(`/api/v1/puc-projects/${project2.id}/attendance?week=${week}`, { entries: [{ assignmentId: a.id, date: mon, status: 'present', hours: 3 }] })
    expect(again.statusCode).toBe(428)
    const versioned = await put(`/api/v1/puc-projects/${project2.id}/attendance?week=${week}`, { entries: [{ assignmentId: a.id, date: mon, status: 'present', hours: 3, version: 1 }] })
    expect(versioned.statusCode).toBe(200)
  })
})
