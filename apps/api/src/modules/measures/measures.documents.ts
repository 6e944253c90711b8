/**
 * Documents of internships: the individual training project (Progetto Formativo Individuale, PFI)
 * as a PDF built from the internship's data, and the monthly attendance sheet as PDF (signed by the
 * intern and the host tutor) and XLSX. Built from a measure already read and checked by the service.
 */
import ExcelJS from 'exceljs'
import PDFDocument from 'pdfkit'
import type { InternshipDetails, Measure, MeasureAttendance } from '@ponte/shared'

type Internship = Extract<Measure, { internship: InternshipDetails }>

const MONTHS = ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre']
export const monthLabel = (month: string) => `${MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`
const italianDate = (date: string | null) => (date ? `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}` : '—')
const euros = (cents: number) => `€ ${(cents / 100).toFixed(2).replace('.', ',')}`
const hours = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/0$/, '').replace('.', ','))
const KIND_LABELS: Record<string, string> = {
  internship_orientation: 'Tirocinio extracurricolare di formazione e orientamento',
  internship_reintegration: 'Tirocinio extracurricolare di inserimento / reinserimento al lavoro',
  internship_inclusion: 'Tirocinio di inclusione sociale (TIS)',
}
const TARGET_LABELS: Record<string, string> = {
  unemployed: 'Persona disoccupata',
  disadvantaged_l381: 'Persona svantaggiata (L. 381/1991)',
  disabled_l68: 'Persona con disabilità (L. 68/1999)',
  other: 'Altro',
}

function asInternship(measure: Measure): Internship {
  if (!('internship' in measure)) throw new Error('not an internship')
  return measure
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
}

/** The PFI: the parties, the intern, the period and hours, the training content, the economic and insurance terms, the signatures. */
export async function trainingProjectPdf(measure: Measure): Promise<Buffer> {
  const m = asInternship(measure)
  const i = m.internship
  const person = `${m.person.givenName} ${m.person.familyName}`
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `Progetto Formativo Individuale — ${person}`, Author: m.promoterOrganisation.name, Subject: KIND_LABELS[m.kind] ?? 'Tirocinio' } })
  const done = collect(doc)
  const section = (title: string) => {
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(11).text(title)
    doc.moveDown(0.2).font('Helvetica').fontSize(10)
  }
  const line = (label: string, value: string | null | undefined) => {
    doc.font('Helvetica-Bold').text(`${label}: `, { continued: true }).font('Helvetica').text(value && value.length > 0 ? value : '—')
  }
  doc.font('Helvetica-Bold').fontSize(15).text('Progetto Formativo Individuale (PFI)', { align: 'center' })
  doc.font('Helvetica').fontSize(10).text(KIND_LABELS[m.kind] ?? '', { align: 'center' })
  if (i.ruleSet) doc.fontSize(8).text(`ai sensi di: ${i.ruleSet.name}`, { align: 'center' })

  section('1. Tirocinante')
  line('Nome e cognome', person)
  line('Destinatario', TARGET_LABELS[i.targetGroup])
  line('Comune che ha in carico la persona', m.municipality.name)

  section('2. Soggetto promotore')
  line('Ente', m.promoterOrganisation.name)
  line('Tutor del soggetto promotore', i.promoterTutor?.name)

  section('3. Soggetto ospitante')
  line('Azienda', i.hostCompany.name)
  line('Sede del tirocinio', `${i.hostSite.name}, ${i.hostSite.municipality}`)
  line('Codice ATECO', i.atecoCode)
  line('Tutor aziendale', i.hostTutor ? `${i.hostTutor.name}${i.hostTutor.role ? ` (${i.hostTutor.role})` : ''}` : null)

  section('4. Periodo e orario')
  line('Inizio', italianDate(m.startDate))
  line('Fine prevista', italianDate(m.plannedEndDate))
  for (const e of i.extensions) line('Proroga', `dal ${italianDate(e.previousEndDate)} al ${italianDate(e.newEndDate)} — ${e.reason}`)
  line('Orario', `${hours(i.dailyHours)} ore al giorno, ${hours(i.weeklyHours)} ore alla settimana`)

  section('5. Contenuti formativi')
  line('Profilo professionale di riferimento', [i.profileTitle, i.profileCode ? `(CP ISTAT ${i.profileCode})` : null].filter(Boolean).join(' ') || null)
  line('Livello EQF delle competenze', String(i.eqfLevel))
  doc.font('Helvetica-Bold').text('Obiettivi e attività:')
  doc.font('Helvetica').text(i.trainingObjectives ?? '—')

  section('6. Indennità e garanzie assicurative')
  line('Indennità mensile lorda', euros(i.monthlyAllowanceCents))
  line('Buoni pasto o mensa', i.mealVouchers ? 'sì' : 'no')
  line('Posizione INAIL', i.inailPolicy)
  line('Polizza responsabilità civile', i.liabilityPolicy)
  line('Comunicazione Obbligatoria', i.mandatoryCommunicationRef)
  doc.fontSize(8).text(
    'L\'indennità è corrisposta per intero a fronte di una partecipazione minima mensile dell\'80% delle ore previste, altrimenti in proporzione alle ore svolte. L\'attestazione finale è rilasciata a fronte di una frequenza di almeno il 70% della durata complessiva.',
  )
  if (m.ruleOverride) {
    section('Deroga motivata')
    doc.text(`${m.ruleOverride.justification} (${m.ruleOverride.by?.name ?? '—'}, ${italianDate(m.ruleOverride.at.slice(0, 10))})`)
  }

  section('Firme')
  doc.moveDown(0.5)
  const y = doc.y
  doc.text('Il tirocinante', 50, y).text('__________________________', 50, y + 28)
  doc.text('Il soggetto promotore', 220, y).text('__________________________', 220, y + 28)
  doc.text('Il soggetto ospitante', 390, y).text('__________________________', 390, y + 28)
  doc.end()
  return done
}

/** The month's sheet: the intern, host and tutors, hours planned and attended, the allowance due, signature lines. */
export async function attendanceSheetPdf(measure: Measure, attendance: MeasureAttendance, month: string): Promise<Buffer> {
  const m = asInternship(measure)
  const i = m.internship
  const person = `${m.person.givenName} ${m.person.familyName}`
  const recorded = attendance.months.find((x) => x.month === month)
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `Foglio presenze tirocinio — ${person} — ${monthLabel(month)}`, Author: m.promoterOrganisation.name } })
  const done = collect(doc)
  doc.font('Helvetica-Bold').fontSize(14).text(`Foglio presenze del tirocinio — ${monthLabel(month)}`)
  doc.moveDown(0.5).font('Helvetica').fontSize(10)
  doc.text(`Tirocinante: ${person}`)
  doc.text(`Soggetto promotore: ${m.promoterOrganisation.name} — tutor: ${i.promoterTutor?.name ?? '—'}`)
  doc.text(`Soggetto ospitante: ${i.hostCompany.name}, ${i.hostSite.name} (${i.hostSite.municipality}) — tutor aziendale: ${i.hostTutor?.name ?? '—'}`)
  doc.text(`Periodo del tirocinio: ${italianDate(m.startDate)} – ${italianDate(m.plannedEndDate)} · Indennità mensile: ${euros(i.monthlyAllowanceCents)}`)
  doc.moveDown()
  const rows: [string, string][] = recorded
    ? [
        ['Ore previste nel mese', hours(recorded.plannedHours)],
        ['Ore svolte nel mese', hours(recorded.attendedHours)],
        ['Frequenza del mese', recorded.attendancePercent === null ? '—' : `${String(recorded.attendancePercent).replace('.', ',')}%`],
        ['Indennità dovuta', `${euros(recorded.allowanceDueCents)} (${recorded.allowanceBasis === 'full' ? 'intera' : recorded.allowanceBasis === 'proportional' ? 'proporzionale alle ore svolte' : 'nessuna ora prevista'})`],
      ]
    : [['Presenze del mese', 'non ancora registrate']]
  rows.push(['Frequenza complessiva', attendance.totals.attendancePercent === null ? '—' : `${String(attendance.totals.attendancePercent).replace('.', ',')}%`])
  rows.push(['Attestazione finale', attendance.totals.finalAttestationDue ? 'dovuta (frequenza ≥ 70%)' : 'non ancora dovuta (frequenza < 70%)'])
  let y = doc.y
  for (const [label, value] of rows) {
    doc.rect(50, y, 250, 20).stroke().rect(300, y, 245, 20).stroke()
    doc.font('Helvetica-Bold').text(label, 55, y + 6, { width: 240 }).font('Helvetica').text(value, 305, y + 6, { width: 235 })
    y += 20
  }
  if (recorded?.note) doc.text(`Note: ${recorded.note}`, 50, y + 10)
  y = Math.max(doc.y, y) + 50
  doc.text('Firma del tirocinante', 50, y).text('__________________________', 50, y + 28)
  doc.text('Firma del tutor aziendale', 320, y).text('__________________________', 320, y + 28)
  doc.end()
  return done
}

/** The sheet as a workbook: the month asked first, then every month recorded so far with the totals. */
export async function attendanceSheetXlsx(measure: Measure, attendance: MeasureAttendance, month: string): Promise<Buffer> {
  const m = asInternship(measure)
  const i = m.internship
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Ponte'
  const sheet = workbook.addWorksheet('Presenze')
  sheet.addRow([`Foglio presenze del tirocinio — ${monthLabel(month)}`]).font = { bold: true }
  sheet.addRow(['Tirocinante', `${m.person.givenName} ${m.person.familyName}`])
  sheet.addRow(['Soggetto ospitante', `${i.hostCompany.name} — ${i.hostSite.name}`])
  sheet.addRow(['Soggetto promotore', m.promoterOrganisation.name])
  sheet.addRow(['Indennità mensile (€)', i.monthlyAllowanceCents / 100])
  sheet.addRow([])
  sheet.addRow(['Mese', 'Ore previste', 'Ore svolte', 'Frequenza %', 'Indennità dovuta (€)', 'Base']).font = { bold: true }
  const ordered = [...attendance.months].sort((a, b) => (a.month === month ? -1 : b.month === month ? 1 : a.month.localeCompare(b.month)))
  for (const x of ordered) sheet.addRow([x.month, x.plannedHours, x.attendedHours, x.attendancePercent, x.allowanceDueCents / 100, x.allowanceBasis])
  if (!attendance.months.some((x) => x.month === month)) sheet.addRow([month, null, null, null, null, 'non registrato'])
  sheet.addRow([])
  sheet.addRow(['Totale', attendance.totals.plannedHours, attendance.totals.attendedHours, attendance.totals.attendancePercent, attendance.totals.allowanceDueCents / 100, attendance.totals.finalAttestationDue ? 'attestazione dovuta' : 'attestazione non dovuta']).font = { bold: true }
  sheet.columns.forEach((column, index) => {
    column.width = [22, 14, 12, 12, 20, 22][index] ?? 12
  })
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
