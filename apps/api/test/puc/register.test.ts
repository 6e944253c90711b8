import { createRequire } from 'node:module'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestContext } from '../helpers/app.js'
import { createPerson } from '../helpers/case-factories.js'
import { datesOfIsoWeek } from '../../src/modules/puc/puc.rules.js'
import { activeAssignment, createProject, createPucWorld, weekAgo, type PucWorld } from './puc-world.js'
import type { PucProject } from '@ponte/shared'

const STANDARD_FONTS = `${path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'))}/standard_fonts/`
const ctx = useTestContext()
let world: PucWorld
let project: PucProject
let month: string
let names: string[]

/** The text of each page of a PDF, as pdf.js reads it. */
async function pdfPages(data: Buffer): Promise<string[]> {
  const pdf = await getDocument({ data: new Uint8Array(data), standardFontDataUrl: STANDARD_FONTS }).promise
  const pages: string[] = []
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent()
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '))
  }
  return pages
}

beforeAll(async () => {
  world = await createPucWorld(ctx.app, ctx.database.db)
  project = await createProject(ctx.app, world, {
    title: 'Biblioteca civica: riordino e prestito',
    sites: [
      { name: 'Biblioteca civica', address: 'Via Fatebenefratelli 6, Valmadrera', supervisorName: 'Luisa Spreafico' },
      { name: 'Archivio comunale', address: 'Piazza Mons. Citterio 1, Valmadrera', supervisorName: 'Carlo Dell\'Oro' },
    ],
  })
  const week = weekAgo(2)
  const [mon, tue] = datesOfIsoWeek(week)!
  month = mon!.slice(0, 7)
  // Two family names of their own: the register's rows are found by name below.
  const [libraryPerson, archivePerson] = [
    await createPerson(ctx.database.db, { municipalityId: world.municipality, familyName: 'Bonacina' }),
    await createPerson(ctx.database.db, { municipalityId: world.municipality, familyName: 'Rusconi' }),
  ]
  const a = (await activeAssignment(ctx.app, ctx.database.db, world, project, { weeklyHours: 12, siteId: project.sites.find((s) => s.name === 'Biblioteca civica')!.id }, { personId: libraryPerson.id })).assignment
  const b = (await activeAssignment(ctx.app, ctx.database.db, world, project, { siteId: project.sites.find((s) => s.name === 'Archivio comunale')!.id }, { personId: archivePerson.id })).assignment
  names = [a.person.familyName, b.person.familyName]
  // Both days in the same month as Monday (Tuesday may not be: then it is left out).
  const entries = [
    { assignmentId: a.id, date: mon, status: 'present', hours: 4 },
    { assignmentId: b.id, date: mon, status: 'absent_justified', hours: 0 },
    ...(tue!.startsWith(month) ? [{ assignmentId: a.id, date: tue, status: 'present', hours: 3.5 }] : []),
  ]
  const saved = await ctx.app.inject({ method: 'PUT', url: `/api/v1/puc-projects/${project.id}/attendance?week=${week}`, headers: world.pucManager.headers, payload: { entries } })
  expect(saved.statusCode, saved.body).toBe(200)
})

describe('the monthly attendance register', () => {
  it('is a PDF with one page per site, the people by day, the supervisor\'s signature line', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: `/api/v1/puc-projects/${project.id}/attendance-register?month=${month}&format=pdf`, headers: world.pucManager.headers })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('application/pdf')
    expect(response.headers['content-disposition']).toContain(`registro-presenze-puc-${month}.pdf`)
    const pages = await pdfPages(response.rawPayload)
    expect(pages).toHaveLength(2)
    const library = pages.find((p) => p.includes('Postazione: Biblioteca civica'))!
    expect(library).toContain('Registro presenze')
    expect(library).toContain('Biblioteca civica: riordino e prestito')
    expect(library).toContain(names[0])
    expect(library).toContain('Firma del responsabile della postazione (Luisa Spreafico)')
    const archive = pages.find((p) => p.includes('Postazione: Archivio comunale'))!
    expect(archive).toContain(names[1])
    expect(archive).toContain('AG')
  })

  it('is an XLSX with the month\'s grid and the day-by-day detail', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: `/api/v1/puc-projects/${project.id}/attendance-register?month=${month}&format=xlsx`, headers: world.operator.headers })
    expect(response.statusCode).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer)
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Registro', 'Dettaglio'])
    const rows: unknown[][] = []
    workbook.getWorksheet('Registro')!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)))
    const first = rows.find((r) => r[2] === names[0])!
    expect(first[0]).toBe('Biblioteca civica')
    expect(first.at(-2)).toBeGreaterThanOrEqual(4)
    const detail: unknown[][] = []
    workbook.getWorksheet('Dettaglio')!.eachRow((r) => detail.push((r.values as unknown[]).slice(1)))
    expect(detail.some((r) => r[2] === names[1] && r[4] === 'assente giustificato')).toBe(true)
  })

  it('is not for case managers of other cases nor outsiders (404)', async () => {
    for (const user of [world.caseManager, world.otherOperator, world.otherCoordinator, world.facilitator]) {
      const response = await ctx.app.inject({ method: 'GET', url: `/api/v1/puc-projects/${project.id}/attendance-register?month=${month}&format=pdf`, headers: user.headers })
      expect(response.statusCode).toBe(404)
    }
  })
})
