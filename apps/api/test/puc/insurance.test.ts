import type { PucDeadlinePage, PucInsuranceDeadline, PucProject, PucQuarterlyReport } from '@ponte/shared'
import ExcelJS from 'exceljs'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestContext } from '../helpers/app.js'
import { createOrganisation, createUser, type TestUser } from '../helpers/factories.js'
import { todayInItaly } from '../../src/lib/dates.js'
import { addDays, quarterlyCommunicationDue, quarterOf, quarterRange } from '../../src/modules/puc/puc.rules.js'
import { activeAssignment, assign, createProject, createPucCase, createPucWorld, fromToday, ifMatch, moveTo, type PucWorld } from './puc-world.js'

const ctx = useTestContext()

/** Each describe gets its own municipality, so deadlines of one never mix with another's. */
async function freshWorld(): Promise<{ world: PucWorld; manager: TestUser; project: PucProject }> {
  const world = await createPucWorld(ctx.app, ctx.database.db)
  const project = await createProject(ctx.app, world, { seats: { municipalityBeneficiaries: 30, employmentCentreBeneficiaries: 0, volunteers: 0 } })
  return { world, manager: world.pucManager, project }
}

const deadlines = async (user: TestUser, query = '') => {
  const response = await ctx.app.inject({ method: 'GET', url: `/api/v1/puc/insurance-deadlines${query}`, headers: user.headers })
  expect(response.statusCode, response.body).toBe(200)
  return response.json<PucDeadlinePage>().items
}
const byKey = (items: PucInsuranceDeadline[], key: string) => items.find((d) => d.key === key)

describe('INAIL deadlines', () => {
  let world: PucWorld
  let project: PucProject
  beforeAll(async () => {
    ;({ world, project } = await freshWorld())
  })

  it('owes the start by the day before: due on that day, overdue the day after', async () => {
    const caseRow = await createPucCase(ctx.database.db, world)
    const startsTomorrow = await moveTo(ctx.app, world, await assign(ctx.app, world, project, caseRow.id, { startDate: fromToday(1), endDate: fromToday(90) }), { to: 'proposed' })
    const startsToday = await moveTo(ctx.app, world, await assign(ctx.app, world, project, (await createPucCase(ctx.database.db, world)).id, { startDate: fromToday(0), endDate: fromToday(90) }), { to: 'proposed' })
    const items = await deadlines(world.pucManager, '?kind=start')
    expect(byKey(items, `start:${startsTomorrow.id}`)).toMatchObject({ dueDate: fromToday(0), state: 'due' })
    expect(byKey(items, `start:${startsToday.id}`)).toMatchObject({ dueDate: fromToday(-1), state: 'overdue' })
    // Overdue ones come first.
    expect(items.findIndex((d) => d.key === `start:${startsToday.id}`)).toBeLessThan(items.findIndex((d) => d.key === `start:${startsTomorrow.id}`))
  })

  it('owes nothing for an assignment still to assign', async () => {
    const toAssign = await assign(ctx.app, world, project, (await createPucCase(ctx.database.db, world)).id, { startDate: fromToday(3), endDate: fromToday(90) })
    const items = await deadlines(world.pucManager, '?state=overdue&state=due&state=sent')
    expect(items.some((d) => d.assignment?.id === toAssign.id)).toBe(false)
  })

  it('owes the end by the day after the last day: today for an assignment that ended yesterday', async () => {
    const { assignment } = await activeAssignment(ctx.app, ctx.database.db, world, project, { startDate: fromToday(-30), endDate: fromToday(30) })
    const ended = await moveTo(ctx.app, world, assignment, { to: 'interrupted', reason: 'Trasferito', date: fromToday(-1) })
    const twoDaysAgo = (await activeAssignment(ctx.app, ctx.database.db, world, project, { startDate: fromToday(-30), endDate: fromToday(30) })).assignment
    await moveTo(ctx.app, world, twoDaysAgo, { to: 'interrupted', reason: 'Trasferito', date: fromToday(-2) })
    const items = await deadlines(world.pucManager, '?kind=end')
    expect(byKey(items, `end:${ended.id}`)).toMatchObject({ dueDate: fromToday(0), state: 'due' })
    expect(byKey(items, `end:${twoDaysAgo.id}`)).toMatchObject({ dueDate: fromToday(-1), state: 'overdue' })
  })

  it('owes each quarter\'s days worked by the 30th of the following month', async () => {
    const items = await deadlines(world.pucManager, '?kind=quarterly&state=overdue&state=due&state=sent')
    const current = quarterOf(todayInItaly())
    expect(byKey(items, `quarterly:${world.municipality}:${current}`)).toMatchObject({ dueDate: quarterlyCommunicationDue(current), state: 'due' })
    const started = quarterOf(fromToday(-60))
    if (started !== current) {
      const due = quarterlyCommunicationDue(started)
      expect(byKey(items, `quarterly:${world.municipality}:${started}`)).toMatchObject({ dueDate: due, state: due < todayInItaly() ? 'overdue' : 'due' })
    }
  })

  it('keeps a quarter-end deadline on its date even on a weekend: the start of a Monday is due on Sunday', async () => {
    // A Monday in the future: its start communication is due on the Sunday before.
    let monday = fromToday(8)
    while (new Date(`${monday}T00:00:00Z`).getUTCDay() !== 1) monday = addDays(monday, 1)
    const a = await moveTo(ctx.app, world, await assign(ctx.app, world, project, (await createPucCase(ctx.database.db, world)).id, { startDate: monday, endDate: addDays(monday, 60) }), { to: 'proposed' })
    const item = byKey(await deadlines(world.pucManager, '?kind=start'), `start:${a.id}`)!
    expect(new Date(`${item.dueDate}T00:00:00Z`).getUTCDay()).toBe(0)
    expect(item.dueDate).toBe(addDays(monday, -1))
  })

  it('is marked sent with its reference, once: a second time answers 409 with the existing one', async () => {
    const a = await moveTo(ctx.app, world, await assign(ctx.app, world, project, (await createPucCase(ctx.database.db, world)).id, { startDate: fromToday(5), endDate: fromToday(90) }), { to: 'proposed' })
    const body = { kind: 'start', assignmentId: a.id, sentOn: fromToday(0), reference: 'INAIL-2026-000123' }
    const sent = await ctx.app.inject({ method: 'POST', url: '/api/v1/puc/insurance-communications', headers: world.pucManager.headers, payload: body })
    expect(sent.statusCode, sent.body).toBe(201)
    const again = await ctx.app.inject({ method: 'POST', url: '/api/v1/puc/insurance-communications', headers: world.pucManager.headers, payload: body })
    expect(again.statusCode).toBe(409)
    expect(again.json()).toMatchObject({ code: 'communication-already-sent', existingId: sent.json().id })
    const item = byKey(await deadlines(world.pucManager, '?state=sent'), `start:${a.id}`)!
    expect(item).toMatchObject({ state: 'sent', communication: { reference: 'INAIL-2026-000123', sentOn: fromToday(0) } })
    expect(byKey(await deadlines(world.pucManager), `start:${a.id}`)).toBeUndefined()
    const fixed = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/puc/insurance-communications/${sent.json().id}`,
      headers: { ...ifMatch(world.pucManager, 1), 'content-type': 'application/merge-patch+json' },
      payload: { reference: 'INAIL-2026-000124' },
    })
    expect(fixed.statusCode).toBe(200)
    expect(fixed.json().reference).toBe('INAIL-2026-000124')
  })

  it('refuses an end communication for an assignment that has not started (422) and a quarter not begun (422)', async () => {
    const a = await assign(ctx.app, world, project, (await createPucCase(ctx.database.db, world)).id, { startDate: fromToday(5), endDate: fromToday(90) })
    const end = await ctx.app.inject({ method: 'POST', url: '/api/v1/puc/insurance-communications', headers: world.pucManager.headers, payload: { kind: 'end', assignmentId: a.id, sentOn: fromToday(0), reference: 'X' } })
    expect(end.statusCode).toBe(422)
    const nextYear = `${Number(todayInItaly().slice(0, 4)) + 1}Q1`
    const quarter = await ctx.app.inject({ method: 'POST', url: '/api/v1/puc/insurance-communications', headers: world.pucManager.headers, payload: { kind: 'quarterly', municipalityId: world.municipality, quarter: nextYear, sentOn: fromToday(0), reference: 'X' } })
    expect(quarter.statusCode).toBe(422)
  })

  it('lists nothing to the implementing organisation nor the case manager, and refuses them the marking', async () => {
    expect(await deadlines(world.operator)).toEqual([])
    expect(await deadlines(world.caseManager)).toEqual([])
    const a = (await activeAssignment(ctx.app, ctx.database.db, world, project)).assignment
    const asOperator = await ctx.app.inject({ method: 'POST', url: '/api/v1/puc/insurance-communications', headers: world.operator.headers, payload: { kind: 'start', assignmentId: a.id, sentOn: fromToday(0), reference: 'X' } })
    expect(asOperator.statusCode).toBe(403)
    const asOutsider = await ctx.app.inject({ method: 'POST', url: '/api/v1/puc/insurance-communications', headers: world.otherCoordinator.headers, payload: { kind: 'start', assignmentId: a.id, sentOn: fromToday(0), reference: 'X' } })
    expect(asOutsider.statusCode).toBe(404)
  })
})

describe('the quarterly report', () => {
  it('counts the distinct days worked per person in the quarter, across projects, with CSV and XLSX', async () => {
    const { world, project } = await freshWorld()
    const other = await createProject(ctx.app, world, { title: 'Biblioteca in ordine', area: 'cultural' })
    const quarter = quarterOf(fromToday(-100))
    const range = quarterRange(quarter)!
    const db = ctx.database.db
    // One person on two projects, the same day on both: one day worked.
    const caseRow = await createPucCase(db, world)
    const first = await moveTo(ctx.app, world, await assign(ctx.app, world, project, caseRow.id, { startDate: fromToday(-199), endDate: fromToday(-1) }), { to: 'proposed' }, { to: 'active' })
    const second = await moveTo(ctx.app, world, await assign(ctx.app, world, other, caseRow.id, { startDate: fromToday(-199), endDate: fromToday(-1) }), { to: 'proposed' }, { to: 'active' })
    const day = range.from
    const next = addDays(range.from, 1)
    const last = range.to
    const after = addDays(range.to, 1)
    await ctx.database.pool.query(
      `insert into puc_attendance (id, assignment_id, date, status, minutes) values
        (gen_random_uuid(), $1, $3, 'present', 240), (gen_random_uuid(), $2, $3, 'present', 120),
        (gen_random_uuid(), $1, $4, 'absent_justified', 0), (gen_random_uuid(), $1, $5, 'present', 180),
        (gen_random_uuid(), $1, $6, 'present', 240)`,
      [first.id, second.id, day, next, last, after],
    )
    // A second person with an assignment in the quarter and no day worked.
    await activeAssignment(ctx.app, ctx.database.db, world, project, { startDate: fromToday(-199), endDate: fromToday(-1) })

    const json = await ctx.app.inject({ method: 'GET', url: `/api/v1/puc/quarterly-report?quarter=${quarter}`, headers: world.pucManager.headers })
    expect(json.statusCode, json.body).toBe(200)
    const report = json.json<PucQuarterlyReport>()
    expect(report).toMatchObject({ quarter, from: range.from, to: range.to, dueDate: quarterlyCommunicationDue(quarter) })
    const row = report.rows.find((r) => r.taxCode && r.projects.length === 2)!
    expect(row).toMatchObject({ daysWorked: 2, hoursWorked: 9 })
    expect(report.rows).toHaveLength(2)
    expect(report.rows.find((r) => r !== row)).toMatchObject({ daysWorked: 0, hoursWorked: 0 })

    const csv = await ctx.app.inject({ method: 'GET', url: `/api/v1/puc/quarterly-report?quarter=${quarter}&format=csv`, headers: world.pucManager.headers })
    expect(csv.headers['content-type']).toMatch(/^text\/csv/)
    expect(csv.headers['content-disposition']).toContain(`puc-giornate-${quarter}.csv`)
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n')
    expect(lines[0]).toBe('Comune;Cognome;Nome;Codice fiscale;Data di nascita;Progetti;Giorni lavorati;Ore lavorate')
    expect(lines.find((l) => l.includes(row.taxCode))).toMatch(/;2;9$/)

    const xlsx = await ctx.app.inject({ method: 'GET', url: `/api/v1/puc/quarterly-report?quarter=${quarter}&format=xlsx`, headers: world.pucManager.headers })
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    const sheet = workbook.worksheets[0]!
    const values: unknown[][] = []
    sheet.eachRow((r) => values.push((r.values as unknown[]).slice(1)))
    const person = values.find((v) => v[3] === row.taxCode)!
    expect(person.slice(6)).toEqual([2, 9])
  })

  it('is refused to those who manage no PUC (403)', async () => {
    const { world } = await freshWorld()
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/puc/quarterly-report?quarter=2026Q3', headers: world.operator.headers })
    expect(response.statusCode).toBe(403)
    const outsider = await createUser(ctx.app, ctx.database.db, [{ organisationId: (await createOrganisation(ctx.database.db)).id, roles: ['case_manager'] }])
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/puc/quarterly-report?quarter=2026Q3', headers: outsider.headers })).statusCode).toBe(403)
  })
})
