/**
 * Documents of socially useful work: the monthly attendance register of a project (PDF, the paper
 * each site supervisor signs, one page per site; and XLSX) and the quarterly days-worked report for
 * INAIL (CSV and XLSX). Built from data already read and checked by the services.
 */
import ExcelJS from 'exceljs'
import PDFDocument from 'pdfkit'
import type { PucAttendanceStatus, PucQuarterlyReport } from '@ponte/shared'

export interface RegisterPerson {
  assignmentId: string
  givenName: string
  familyName: string
  weeklyHours: number
  startDate: string
  /** The last day of the assignment (its real end when it ended). */
  lastDate: string
  days: Map<string, { status: PucAttendanceStatus; hours: number }>
}

export interface RegisterSite {
  name: string
  address: string
  supervisorName: string
  persons: RegisterPerson[]
}

export interface RegisterData {
  municipality: string
  implementingOrganisation: string
  projectTitle: string
  /** `2026-10` */
  month: string
  days: string[]
  sites: RegisterSite[]
}

const MONTHS = ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre']
export const monthLabel = (month: string) => `${MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`
const hoursLabel = (hours: number) => (Number.isInteger(hours) ? String(hours) : hours.toFixed(2).replace(/0$/, '').replace('.', ','))
const isWeekend = (date: string) => {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay()
  return day === 0 || day === 6
}
const STATUS_MARK: Record<PucAttendanceStatus, (hours: number) => string> = {
  present: (hours) => hoursLabel(hours),
  absent_justified: () => 'AG',
  absent_unjustified: () => 'AI',
}
const totals = (p: RegisterPerson) => {
  let hours = 0
  let days = 0
  for (const d of p.days.values()) {
    if (d.status === 'present' && d.hours > 0) {
      hours += d.hours
      days += 1
    }
  }
  return { hours, days }
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
}

/** The register as a PDF: A4 landscape, one page (or more) per site, with the supervisor's signature line. */
export async function registerPdf(data: RegisterData): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 28,
    info: { Title: `Registro presenze PUC — ${data.projectTitle} — ${monthLabel(data.month)}`, Author: data.municipality, Subject: 'Progetti Utili alla Collettività' },
  })
  const done = collect(doc)
  const left = 28
  const nameWidth = 150
  const totalWidth = 40
  const dayWidth = Math.min(18, (842 - 2 * left - nameWidth - 2 * totalWidth) / data.days.length)
  const rowHeight = 16
  const sites = data.sites.length > 0 ? data.sites : [{ name: '—', address: '', supervisorName: '', persons: [] }]

  const header = (site: RegisterSite) => {
    doc.font('Helvetica-Bold').fontSize(13).text('Registro presenze — Progetti Utili alla Collettività (PUC)', left, 28)
    doc.font('Helvetica').fontSize(9)
    doc.text(`${data.municipality} · Ente attuatore: ${data.implementingOrganisation}`)
    doc.text(`Progetto: ${data.projectTitle} · Mese: ${monthLabel(data.month)}`)
    doc.text(`Postazione: ${site.name}${site.address ? ` — ${site.address}` : ''} · Responsabile: ${site.supervisorName}`)
    doc.moveDown(0.5)
  }
  const tableHeader = (y: number) => {
    doc.font('Helvetica-Bold').fontSize(7)
    doc.rect(left, y, nameWidth, rowHeight).stroke()
    doc.text('Persona', left + 3, y + 5, { width: nameWidth - 6 })
    data.days.forEach((date, i) => {
      const x = left + nameWidth + i * dayWidth
      if (isWeekend(date)) doc.rect(x, y, dayWidth, rowHeight).fillAndStroke('#e5e5e5', '#000000').fillColor('#000000')
      else doc.rect(x, y, dayWidth, rowHeight).stroke()
      doc.text(String(i + 1), x, y + 5, { width: dayWidth, align: 'center' })
    })
    const xTotals = left + nameWidth + data.days.length * dayWidth
    doc.rect(xTotals, y, totalWidth, rowHeight).stroke()
    doc.text('Ore', xTotals, y + 5, { width: totalWidth, align: 'center' })
    doc.rect(xTotals + totalWidth, y, totalWidth, rowHeight).stroke()
    doc.text('Giorni', xTotals + totalWidth, y + 5, { width: totalWidth, align: 'center' })
    return y + rowHeight
  }
  const footer = (site: RegisterSite) => {
    const y = 595 - 28 - 60
    doc.font('Helvetica').fontSize(7).text('Legenda: numero = ore svolte · AG = assente giustificato · AI = assente ingiustificato · grigio = sabato, domenica o giorno fuori dall\'assegnazione', left, y, { width: 786 })
    doc.fontSize(9).text(`Firma del responsabile della postazione (${site.supervisorName || '—'}): ______________________________`, left, y + 22)
    doc.text('Data: ________________', left + 520, y + 22)
  }

  sites.forEach((site, siteIndex) => {
    if (siteIndex > 0) doc.addPage()
    header(site)
    let y = tableHeader(doc.y)
    if (site.persons.length === 0) {
      doc.font('Helvetica').fontSize(9).text('Nessuna assegnazione nel mese.', left + 3, y + 5)
    }
    for (const person of site.persons) {
      if (y + rowHeight > 595 - 28 - 70) {
        footer(site)
        doc.addPage()
        header(site)
        y = tableHeader(doc.y)
      }
      doc.font('Helvetica').fontSize(7).fillColor('#000000')
      doc.rect(left, y, nameWidth, rowHeight).stroke()
      doc.text(`${person.familyName} ${person.givenName} (${person.weeklyHours} h/sett.)`, left + 3, y + 5, { width: nameWidth - 6, lineBreak: false, ellipsis: true })
      data.days.forEach((date, i) => {
        const x = left + nameWidth + i * dayWidth
        const outside = date < person.startDate || date > person.lastDate
        if (outside || isWeekend(date)) doc.rect(x, y, dayWidth, rowHeight).fillAndStroke('#e5e5e5', '#000000').fillColor('#000000')
        else doc.rect(x, y, dayWidth, rowHeight).stroke()
        const day = person.days.get(date)
        if (day) doc.text(STATUS_MARK[day.status](day.hours), x, y + 5, { width: dayWidth, align: 'center', lineBreak: false })
      })
      const t = totals(person)
      const xTotals = left + nameWidth + data.days.length * dayWidth
      doc.rect(xTotals, y, totalWidth, rowHeight).stroke()
      doc.text(hoursLabel(t.hours), xTotals, y + 5, { width: totalWidth, align: 'center' })
      doc.rect(xTotals + totalWidth, y, totalWidth, rowHeight).stroke()
      doc.text(String(t.days), xTotals + totalWidth, y + 5, { width: totalWidth, align: 'center' })
      y += rowHeight
    }
    footer(site)
  })
  doc.end()
  return done
}

/** The register as a workbook: the monthly grid (one row per person) and the day-by-day detail. */
export async function registerXlsx(data: RegisterData): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Ponte'
  const grid = workbook.addWorksheet('Registro')
  grid.addRow([`Registro presenze PUC — ${data.projectTitle} — ${monthLabel(data.month)}`]).font = { bold: true }
  grid.addRow([`${data.municipality} · Ente attuatore: ${data.implementingOrganisation}`])
  grid.addRow([])
  const head = grid.addRow(['Postazione', 'Responsabile', 'Cognome', 'Nome', 'Ore settimanali', ...data.days.map((d) => Number(d.slice(8, 10))), 'Ore', 'Giorni'])
  head.font = { bold: true }
  for (const site of data.sites) {
    for (const p of site.persons) {
      const t = totals(p)
      grid.addRow([
        site.name,
        site.supervisorName,
        p.familyName,
        p.givenName,
        p.weeklyHours,
        ...data.days.map((d) => {
          const day = p.days.get(d)
          return day ? (day.status === 'present' ? day.hours : STATUS_MARK[day.status](0)) : null
        }),
        t.hours,
        t.days,
      ])
    }
  }
  grid.getColumn(1).width = 24
  grid.getColumn(3).width = 18
  grid.getColumn(4).width = 14
  const detail = workbook.addWorksheet('Dettaglio')
  detail.addRow(['Data', 'Postazione', 'Cognome', 'Nome', 'Presenza', 'Ore']).font = { bold: true }
  const STATUS_LABEL: Record<PucAttendanceStatus, string> = { present: 'presente', absent_justified: 'assente giustificato', absent_unjustified: 'assente ingiustificato' }
  for (const site of data.sites) {
    for (const p of site.persons) {
      for (const [date, day] of [...p.days.entries()].sort(([a], [b]) => a.localeCompare(b))) detail.addRow([date, site.name, p.familyName, p.givenName, STATUS_LABEL[day.status], day.hours])
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

const QUARTERLY_HEADER = ['Comune', 'Cognome', 'Nome', 'Codice fiscale', 'Data di nascita', 'Progetti', 'Giorni lavorati', 'Ore lavorate']

/** A cell of the CSV: quoted when needed; a leading formula character is neutralised (CSV injection). */
function csvCell(value: string | number): string {
  let text = typeof value === 'number' ? String(value).replace('.', ',') : value
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[";\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** The quarterly report as CSV for Italian spreadsheets: UTF-8 with BOM, `;` separator, decimal comma. */
export function quarterlyCsv(report: PucQuarterlyReport): string {
  const lines = [QUARTERLY_HEADER.map(csvCell).join(';')]
  for (const r of report.rows) {
    lines.push([r.municipality.name, r.person.familyName, r.person.givenName, r.taxCode, r.birthDate, r.projects.join(', '), r.daysWorked, r.hoursWorked].map(csvCell).join(';'))
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

export async function quarterlyXlsx(report: PucQuarterlyReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Ponte'
  const sheet = workbook.addWorksheet(`Giorni ${report.quarter}`)
  sheet.addRow([`Giornate lavorate nei PUC — trimestre ${report.quarter} (${report.from} – ${report.to}) — comunicazione INAIL entro il ${report.dueDate}`]).font = { bold: true }
  sheet.addRow([])
  sheet.addRow(QUARTERLY_HEADER).font = { bold: true }
  for (const r of report.rows) sheet.addRow([r.municipality.name, r.person.familyName, r.person.givenName, r.taxCode, r.birthDate, r.projects.join(', '), r.daysWorked, r.hoursWorked])
  sheet.columns.forEach((column, i) => {
    column.width = [24, 18, 14, 20, 14, 40, 14, 12][i] ?? 12
  })
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
