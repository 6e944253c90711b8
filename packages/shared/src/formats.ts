/**
 * The string formats of the contract, as strict as the database that stores them: RFC 3339 alone
 * accepts year 0, 60 seconds and offsets up to ±23:59, which PostgreSQL (and JavaScript's Date)
 * refuse. The API validates `format: 'date'` and `format: 'date-time'` with these functions
 * (apps/api/src/lib/validation.ts); anything else may use them too.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)

function isRealDay(year: number, month: number, day: number) {
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && isLeapYear(year) ? 29 : DAYS[month]!)
}

/** A calendar date `YYYY-MM-DD` that exists, from 0001-01-01 to 9999-12-31. */
export function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value)
  return m !== null && isRealDay(Number(m[1]), Number(m[2]), Number(m[3]))
}

/** Largest time zone offset PostgreSQL accepts, in minutes (±15:59). */
const MAX_OFFSET_MINUTES = 15 * 60 + 59
// setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
const YEAR_ONE = new Date(0).setUTCFullYear(1, 0, 1)
const YEAR_TEN_THOUSAND = new Date(0).setUTCFullYear(10000, 0, 1)

/**
 * An RFC 3339 instant with its offset (`2026-11-23T09:30:00Z`, `…+01:00`) that exists: real day,
 * hours 0–23, minutes and seconds 0–59, an offset within ±15:59, and in UTC between years 1 and 9999.
 */
export function isInstant(value: string): boolean {
  const m = INSTANT.exec(value)
  if (!m) return false
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number]
  if (!isRealDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return false
  let offset = 0
  if (!m[8]) {
    const offsetHours = Number(m[10])
    const offsetMinutes = Number(m[11] ?? 0)
    if (offsetMinutes > 59) return false
    offset = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes)
    if (Math.abs(offset) > MAX_OFFSET_MINUTES) return false
  }
  const utc = new Date(0).setUTCFullYear(year, month - 1, day) + ((hour * 60 + minute - offset) * 60 + second) * 1000
  return utc >= YEAR_ONE && utc < YEAR_TEN_THOUSAND
}

/** True when a text holds the NUL character, which PostgreSQL cannot store in text or jsonb. */
export const hasNul = (value: string) => value.includes('\u0000')
