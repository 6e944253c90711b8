import { createRequire } from 'node:module'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestContext } from '../helpers/app.js'
import { ifMatch } from '../cases/case-world.js'
import { addDays, addMonths, createHost, createInternship, createMeasuresWorld, internshipBody, referredCase, today, walkMeasure, type MeasuresWorld } from './measures-world.js'

const STANDARD_FONTS = `${path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'))}/standard_fonts/`
const ctx = useTestContext()
let world: MeasuresWorld
let internship: { id: string; version: number; person: { givenName: string; familyName: string } }
const lastMonth = addMonths(today(), -1).slice(0, 7)
const thisMonth = today().slice(0, 7)

/** The text of each page of a PDF, as pdf.js reads it. */
async function pdfText(data: Buffer): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(data), standardFontDataUrl: STANDARD_FONTS }).promise
  const pages: string[] = []
  for (let i = 1; i <= pdf.numPages; i++) pages.push((await (await pdf.getPage(i)).getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join(' '))
  return pages.join('\n')
}

const put = (month: string, payload: object, headers: Record<string, string> = {}, user = world.operator) =>
  ctx.app.inject({ method: 'PUT', url: `/api/v1/measures/${internship.id}/attendance/${month}`, headers: { ...user.headers, ...headers }, payload })

beforeAll(async () => {
  world = await createMeasuresWorld(ctx.app, ctx.database.db)
  const host = await createHost(ctx.app, world.operator)
  const start = `${lastMonth}-01`
  const created = await createInternship(ctx.app, world.operator, (await referredCase(ctx.database.db, world)).id, internshipBody(host, { startDate: start, plannedEndDate: addDays(addMonths(start, 4), -1) }, { monthlyAllowanceCents: 60_000 }))
  expect(created.statusCode, created.body).toBe(201)
  internship = await walkMeasure(ctx.app, world.operator, created.json(), ['proposed', 'agreement_signed', 'active']) as unknown as typeof internship
})

describe('monthly attendance', () => {
  it('pays the whole allowance at 80% of the planned hours and in proportion below, in integer cents', async () => {
    const full = await put(lastMonth, { plannedHours: 120, attendedHours: 96 })
    expect(full.statusCode, full.body).toBe(200)
    expect(full.json().month).toMatchObject({ month: lastMonth, plannedHours: 120, attendedHours: 96, attendancePercent: 80, allowanceBasis: 'full', allowanceDueCents: 60_000, version: 1 })
    const below = await put(lastMonth, { plannedHours: 120, attendedHours: 95.75 }, { 'if-match': '"1"' })
    // 60000 × 95.75 / 120 = 47875 cents
    expect(below.json().month).toMatchObject({ attendancePercent: 79.8, allowanceBasis: 'proportional', allowanceDueCents: 47_875, version: 2 })
    const rounding = await put(lastMonth, { plannedHours: 126, attendedHours: 50.25 }, { 'if-match': '"2"' })
    // 60000 × 3015 / 7560 = 23928.57… → 23929 cents (half up)
    expect(rounding.json().month.allowanceDueCents).toBe(23_929)
  })

  it('tells the cumulative attendance and whether the final attestation is due (≥ 70%)', async () => {
    const current = (await ctx.app.inject({ method: 'GET', url: `/api/v1/measures/${internship.id}/attendance`, headers: world.caseManager.headers })).json()
    const version = current.months.find((m: { month: string }) => m.month === lastMonth).version
    await put(lastMonth, { plannedHours: 100, attendedHours: 60 }, { 'if-match': `"${version}"` })
    const under = await put(thisMonth, { plannedHours: 100, attendedHours: 79.75 })
    expect(under.json().totals).toMatchObject({ plannedHours: 200, attendedHours: 139.75, attendancePercent: 69.9, finalAttestationDue: false, fullAllowanceAttendancePercent: 80, finalAttestationAttendancePercent: 70 })
    const at = await put(thisMonth, { plannedHours: 100, attendedHours: 80 }, { 'if-match': '"1"' })
    expect(at.json().totals).toMatchObject({ attendedHours: 140, attendancePercent: 70, finalAttestationDue: true })
    const all = (await ctx.app.inject({ method: 'GET', url: `/api/v1/measures/${internship.id}/attendance`, headers: world.operator.headers })).json()
    expect(all.months.map((m: { month: string }) => m.month)).toEqual([lastMonth, thisMonth])
    expect(all.expectedMonths).toEqual([lastMonth, thisMonth])
    expect(all.totals.allowanceDueCents).toBe(36_000 + 60_000)
  })

  it('refuses a month outside the internship or in the future, more hours than planned (422), a change without If-Match (428) or stale (412)', async () => {
    const outside = await put(addMonths(today(), -3).slice(0, 7), { plannedHours: 10, attendedHours: 5 })
    expect(outside.json().violations.map((v: { rule: string }) => v.rule)).toEqual(['attendance_outside_internship'])
    const future = await put(addMonths(today(), 1).slice(0, 7), { plannedHours: 10, attendedHours: 5 })
    expect(future.json().violations.map((v: { rule: string }) => v.rule)).toEqual(['attendance_in_future'])
    expect((await put(thisMonth, { plannedHours: 10, attendedHours: 11 }, { 'if-match': '"2"' })).json().violations[0]).toMatchObject({ rule: 'attendance_above_planned', value: 11, limit: 10 })
    expect((await put(thisMonth, { plannedHours: 10, attendedHours: 5 })).statusCode).toBe(428)
    expect((await put(thisMonth, { plannedHours: 10, attendedHours: 5 }, { 'if-match': '"1"' })).statusCode).toBe(412)
    expect((await put(thisMonth, { plannedHours: 10.1, attendedHours: 5 }, { 'if-match': '"2"' })).statusCode).toBe(400)
  })

  it('shows on the list whether this month is recorded', async () => {
    const items = (await ctx.app.inject({ method: 'GET', url: '/api/v1/measures?attendanceMissing=false&status=active', headers: world.operator.headers })).json().items
    expect(items.find((m: { id: string }) => m.id === internship.id).attendanceThisMonth).toBe('recorded')
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/measures?attendanceMissing=true', headers: world.operator.headers })).json().items.map((m: { id: string }) => m.id)).not.toContain(internship.id)
  })
})

describe('documents', () => {
  it('the PFI is a PDF with the intern, the host, the tutors, the period, the objectives and the allowance', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: `/api/v1/measures/${internship.id}/training-project.pdf`, headers: world.caseManager.headers })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('application/pdf')
    expect(response.headers['content-disposition']).toContain('progetto-formativo-individuale.pdf')
    const text = await pdfText(response.rawPayload)
    expect(text).toContain('Progetto Formativo Individuale')
    expect(text).toContain(`${internship.person.givenName} ${internship.person.familyName}`)
    expect(text).toContain('Renato Bonacina 0')
    expect(text).toContain('Conduzione di torni e frese')
    expect(text).toContain('€ 600,00')
    expect(text).toContain('DGR X/7763')
  })

  it('the attendance sheet opens as a PDF and as an XLSX with the month\'s hours and allowance', async () => {
    const pdf = await ctx.app.inject({ method: 'GET', url: `/api/v1/measures/${internship.id}/attendance-sheet?month=${thisMonth}&format=pdf`, headers: world.operator.headers })
    expect(pdf.statusCode).toBe(200)
    const text = await pdfText(pdf.rawPayload)
    expect(text).toContain('Foglio presenze del tirocinio')
    expect(text).toContain(internship.person.familyName)
    expect(text).toContain('Firma del tutor aziendale')
    const xlsx = await ctx.app.inject({ method: 'GET', url: `/api/v1/measures/${internship.id}/attendance-sheet?month=${thisMonth}&format=xlsx`, headers: world.operator.headers })
    expect(xlsx.statusCode).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    const rows: unknown[][] = []
    workbook.getWorksheet('Presenze')!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)))
    expect(rows[1]).toEqual(['Tirocinante', `${internship.person.givenName} ${internship.person.familyName}`])
    expect(rows.find((r) => r[0] === thisMonth)).toEqual([thisMonth, 100, 80, 80, 600, 'full'])
  })
})

describe('follow-ups', () => {
  it('lists those due and overdue for the caller, and records one with its version', async () => {
    const host = await createHost(ctx.app, world.operator)
    const start = addMonths(today(), -5)
    const created = (await createInternship(ctx.app, world.operator, (await referredCase(ctx.database.db, world)).id, internshipBody(host, { startDate: start, plannedEndDate: addDays(addMonths(start, 4), -1) }))).json()
    const active = await walkMeasure(ctx.app, world.operator, created, ['proposed', 'agreement_signed', 'active'])
    const ended = await walkMeasure(ctx.app, world.operator, active, [['completed', { outcome: 'not_hired', endDate: addMonths(today(), -3) }]])
    const followUps = ended.followUps as { id: string; monthsAfter: number; dueOn: string; version: number }[]
    const due = (await ctx.app.inject({ method: 'GET', url: '/api/v1/follow-ups/due', headers: world.operator.headers })).json()
    const mine = due.items.filter((d: { measure: { id: string } }) => d.measure.id === ended.id)
    expect(mine.map((d: { followUp: { monthsAfter: number }; overdue: boolean }) => [d.followUp.monthsAfter, d.overdue])).toEqual([[1, true], [3, false]])
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/follow-ups/due', headers: world.otherOperator.headers })).json().items).toEqual([])
    const record = (f: { id: string; version: number }, payload: object) => ctx.app.inject({ method: 'PUT', url: `/api/v1/measures/${ended.id}/follow-ups/${f.id}`, headers: ifMatch(world.operator, f.version), payload })
    const first = followUps.find((f) => f.monthsAfter === 1)!
    const recorded = await record(first, { employmentStatus: 'employed_elsewhere', contractType: 'fixed_term', note: 'Assunto in un magazzino' })
    expect(recorded.statusCode, recorded.body).toBe(200)
    expect(recorded.json()).toMatchObject({ employmentStatus: 'employed_elsewhere', contractType: 'fixed_term', recordedBy: { id: world.operator.id }, version: 2 })
    const tooEarly = await record(followUps.find((f) => f.monthsAfter === 12)!, { employmentStatus: 'unemployed' })
    expect(tooEarly.json().violations[0].rule).toBe('follow_up_not_due')
    const after = (await ctx.app.inject({ method: 'GET', url: '/api/v1/follow-ups/due', headers: world.operator.headers })).json()
    expect(after.items.filter((d: { measure: { id: string } }) => d.measure.id === ended.id).map((d: { followUp: { monthsAfter: number } }) => d.followUp.monthsAfter)).toEqual([3])
  })
})
