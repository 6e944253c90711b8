/**
 * What the measures' components say about a measure, computed once: its host or employer, its
 * period, its internship part (null for the other kinds), hours typed by people (quarters of an
 * hour, comma or point) and months as people read them.
 */
import { isInternshipKind, type CompanyRef, type InternshipDetails, type Measure } from '@ponte/shared'

/** The internship part of a measure, or null when it is another kind. */
export function internshipOf(measure: Measure): InternshipDetails | null {
  return isInternshipKind(measure.kind) && 'internship' in measure ? measure.internship : null
}

/** The company that hosts (internship, work grant) or employs (job placement) the person, if any. */
export function hostOf(measure: Measure): { company: CompanyRef; role: 'host' | 'employer' } | null {
  if ('internship' in measure) return { company: measure.internship.hostCompany, role: 'host' }
  if ('workGrant' in measure) return { company: measure.workGrant.hostCompany, role: 'host' }
  if ('jobPlacement' in measure) return { company: measure.jobPlacement.employer, role: 'employer' }
  return null
}

/**
 * Hours typed by a person ("7,5", "7.5", "8") as a number of quarters of an hour; null when it is not
 * a non-negative number of at most two decimals that is a whole number of quarters.
 */
export function parseHours(input: string): number | null {
  const text = input.trim().replace(',', '.')
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(text)) return null
  const hours = Number(text)
  return Number.isInteger(hours * 4) ? hours : null
}

/** Hours as the text of an input: 7.5 → "7,5" in Italian, "7.5" in English. */
export const hoursToInput = (hours: number, locale: string) => (locale === 'en' ? String(hours) : String(hours).replace('.', ','))

/** `2026-10` → "ottobre 2026" / "October 2026". */
export function formatMonth(month: string, locale: string): string {
  const [y, m] = month.split('-').map(Number)
  if (!y || !m) return month
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'it-IT', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)))
}

/** A number with the active language's decimal separator (one decimal at most for percentages). */
export function formatNumber(value: number, locale: string, maximumFractionDigits = 2): string {
  return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'it-IT', { maximumFractionDigits }).format(value)
}
