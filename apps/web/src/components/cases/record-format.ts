/**
 * Formatting shared by the case-records tabs: calendar dates, euro amounts kept in integer cents
 * (parsed from what people type without ever going through floating point), today's date in Italy.
 */
import type { Commitment } from '@ponte/shared'
import { formatEuroCents } from '../../composables/date-format'

/** Calendar dates and instants: the app's one format (composables/date-format.ts). */
export { formatDate, formatInstantDate } from '../../composables/date-format'

/** An amount in integer euro cents as euro: 1.234,56 €. */
export function formatCents(cents: number | null | undefined, locale = 'it'): string {
  if (cents === null || cents === undefined) return ''
  return formatEuroCents(cents, locale)
}

/** Italian with thousands dots (1.234,56), plain with a decimal comma (1234,5), or a decimal point (1234.56). */
const EURO_PATTERNS = [/^(\d{1,3}(?:\.\d{3})+)(?:,(\d{1,2}))?$/, /^(\d+)(?:,(\d{1,2}))?$/, /^(\d+)\.(\d{1,2})$/]

/**
 * Euro typed by a person to integer cents, by string arithmetic (no float errors: "0,29" is 29,
 * "1.234,56" is 123456). Null when it is not an amount with at most two decimals.
 */
export function parseEuroToCents(input: string): number | null {
  const text = input.replace(/[\s\u00a0€]/g, '').replace(/^EUR/i, '')
  for (const pattern of EURO_PATTERNS) {
    const match = pattern.exec(text)
    if (!match) continue
    const euros = Number((match[1] ?? '0').replace(/\./g, ''))
    const cents = Number((match[2] ?? '').padEnd(2, '0'))
    const total = euros * 100 + cents
    return Number.isSafeInteger(total) ? total : null
  }
  return null
}

/** Cents as the text of an euro input: 123456 → "1234,56". */
export function centsToEuroInput(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return ''
  return `${Math.trunc(cents / 100)},${String(cents % 100).padStart(2, '0')}`
}

/** Today's date in Italy (the municipalities' calendar), YYYY-MM-DD. */
export function todayInItaly(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}

/** The date a commitment is now due by: the new date of a rescheduled one. */
export const commitmentDueDate = (commitment: Pick<Commitment, 'dueDate' | 'rescheduledTo' | 'status'>) =>
  commitment.status === 'rescheduled' && commitment.rescheduledTo ? commitment.rescheduledTo : commitment.dueDate

/** Still to be met (open, or rescheduled) and past its due date. */
export const isCommitmentOverdue = (commitment: Pick<Commitment, 'dueDate' | 'rescheduledTo' | 'status'>, today: string) =>
  (commitment.status === 'open' || commitment.status === 'rescheduled') && commitmentDueDate(commitment) < today
