/**
 * Calendar arithmetic of the PUC pages, on plain `YYYY-MM-DD` days (never shifted by a time zone):
 * ISO weeks (`2026-W41`, Monday to Sunday, as the API's weekly form), months (`2026-10`, the
 * register) and quarters (`2026Q3`, the INAIL report).
 */

const toUtc = (date: string) => {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y!, m! - 1, d!))
}
const fromUtc = (value: Date) => value.toISOString().slice(0, 10)

/** `date` moved by `days` days. */
export function addDays(date: string, days: number): string {
  const value = toUtc(date)
  value.setUTCDate(value.getUTCDate() + days)
  return fromUtc(value)
}

/** ISO weekday: 1 Monday … 7 Sunday. */
export const isoWeekday = (date: string) => toUtc(date).getUTCDay() || 7

/** The ISO week a day belongs to (the week of its Thursday): `2027-01-01` → `2026-W53`. */
export function isoWeekOf(date: string): string {
  const thursday = addDays(date, 4 - isoWeekday(date))
  const year = Number(thursday.slice(0, 4))
  const firstThursday = addDays(`${year}-01-04`, 4 - isoWeekday(`${year}-01-04`))
  const week = Math.round((toUtc(thursday).getTime() - toUtc(firstThursday).getTime()) / (7 * 86_400_000)) + 1
  return `${year}-W${String(week).padStart(2, '0')}`
}

const WEEK = /^(\d{4})-W(\d{2})$/

/** The Monday of an ISO week, or null when the text is no week that exists. */
export function mondayOfWeek(week: string): string | null {
  const match = WEEK.exec(week)
  if (!match) return null
  const year = Number(match[1])
  const n = Number(match[2])
  const jan4 = `${year}-01-04`
  const monday = addDays(addDays(jan4, 1 - isoWeekday(jan4)), (n - 1) * 7)
  return n >= 1 && isoWeekOf(monday) === week ? monday : null
}

export const isIsoWeek = (value: unknown): value is string => typeof value === 'string' && mondayOfWeek(value) !== null

/** The seven days of an ISO week, Monday to Sunday. */
export function daysOfWeek(week: string): string[] {
  const monday = mondayOfWeek(week)
  return monday ? Array.from({ length: 7 }, (_, i) => addDays(monday, i)) : []
}

/** The week `n` weeks before (negative) or after an ISO week. */
export function shiftWeek(week: string, n: number): string {
  const monday = mondayOfWeek(week)
  return monday ? isoWeekOf(addDays(monday, 7 * n)) : week
}

/** The Sunday that ends the ISO week of a day. */
export const endOfWeek = (date: string) => addDays(date, 7 - isoWeekday(date))

/** The month of a day: `2026-10-15` → `2026-10`. */
export const monthOf = (date: string) => date.slice(0, 7)

/** The quarter of a day: `2026-10-15` → `2026Q4`. */
export const quarterOf = (date: string) => `${date.slice(0, 4)}Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`

/** The quarter before: `2026Q1` → `2025Q4`. */
export function previousQuarter(quarter: string): string {
  const year = Number(quarter.slice(0, 4))
  const q = Number(quarter.slice(5))
  return q === 1 ? `${year - 1}Q4` : `${year}Q${q - 1}`
}

/** The last `count` quarters up to the quarter of `today`, the most recent first. */
export function recentQuarters(today: string, count = 8): string[] {
  const out = [quarterOf(today)]
  while (out.length < count) out.push(previousQuarter(out.at(-1)!))
  return out
}

/** The last `count` months up to the month of `today`, the most recent first. */
export function recentMonths(today: string, count = 12): string[] {
  const out: string[] = []
  let year = Number(today.slice(0, 4))
  let month = Number(today.slice(5, 7))
  while (out.length < count) {
    out.push(`${year}-${String(month).padStart(2, '0')}`)
    month -= 1
    if (month === 0) {
      month = 12
      year -= 1
    }
  }
  return out
}
