/**
 * What a cell of the weekly attendance grid holds, as typed: hours worked (`4`, `3,5`, `3.75`), `AG`
 * (assente giustificato) or `AI` (assente ingiustificato), or nothing. Parsing and printing are
 * inverse, so a recorded day shows as the text that would record it again.
 */
import type { PucAttendanceEntry, PucAttendanceStatus } from '@ponte/shared'

export type CellValue = { status: PucAttendanceStatus; hours: number } | null
export type ParsedCell = { ok: true; value: CellValue } | { ok: false }

export const ABSENCE_CODES: Record<string, PucAttendanceStatus> = { AG: 'absent_justified', AI: 'absent_unjustified' }
const CODE_OF: Partial<Record<PucAttendanceStatus, string>> = { absent_justified: 'AG', absent_unjustified: 'AI' }

/** The text of a cell: `AG`/`AI`/`` or hours with the locale's decimal separator. */
export function cellText(value: CellValue, locale = 'it'): string {
  if (!value) return ''
  const code = CODE_OF[value.status]
  if (code) return code
  const text = String(value.hours)
  return locale === 'en' ? text : text.replace('.', ',')
}

export const cellOfEntry = (entry: Pick<PucAttendanceEntry, 'status' | 'hours'> | undefined): CellValue => (entry ? { status: entry.status, hours: entry.hours } : null)

/** What was typed: nothing, an absence code, or hours above 0 up to 24 in quarters of an hour. */
export function parseCell(text: string): ParsedCell {
  const trimmed = text.trim().toUpperCase()
  if (trimmed === '') return { ok: true, value: null }
  const status = ABSENCE_CODES[trimmed]
  if (status) return { ok: true, value: { status, hours: 0 } }
  if (!/^\d{1,2}([.,]\d{1,2})?$/.test(trimmed)) return { ok: false }
  const hours = Number(trimmed.replace(',', '.'))
  if (!(hours > 0 && hours <= 24) || !Number.isInteger(hours * 4)) return { ok: false }
  return { ok: true, value: { status: 'present', hours } }
}

export const sameCell = (a: CellValue, b: CellValue) => (a === null || b === null ? a === b : a.status === b.status && a.hours === b.hours)
