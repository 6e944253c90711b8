/**
 * Italian public holidays (L. 260/1949 and later laws), computed for any year, Easter Sunday and
 * Easter Monday included, and calendar arithmetic on `YYYY-MM-DD` strings (UTC, no time zones).
 */

/** Easter Sunday of `year` in the Gregorian calendar (the anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

const FIXED_HOLIDAYS: [string, string][] = [
  ['01-01', 'Capodanno'],
  ['01-06', 'Epifania'],
  ['04-25', 'Festa della Liberazione'],
  ['05-01', 'Festa del Lavoro'],
  ['06-02', 'Festa della Repubblica'],
  ['08-15', 'Assunzione (Ferragosto)'],
  ['11-01', 'Ognissanti'],
  ['12-08', 'Immacolata Concezione'],
  ['12-25', 'Natale'],
  ['12-26', 'Santo Stefano'],
]

/** Adds `days` to a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** Adds `months` calendar months, clamped to the month's last day (31 March + 1 month = 30 April). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const target = new Date(Date.UTC(y, m - 1 + months, 1))
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
  target.setUTCDate(Math.min(d, lastDay))
  return target.toISOString().slice(0, 10)
}

/** ISO weekday of a date: 1 Monday … 7 Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay()
  return day === 0 ? 7 : day
}

/** The Italian public holidays of `year`, date → name (two names joined when they coincide, as 25 April 2011). */
export function italianHolidays(year: number): Map<string, string> {
  const holidays = new Map<string, string>()
  const add = (date: string, name: string) => holidays.set(date, holidays.has(date) ? `${holidays.get(date)} e ${name}` : name)
  for (const [monthDay, name] of FIXED_HOLIDAYS) add(`${year}-${monthDay}`, name)
  const easter = easterSunday(year)
  add(easter, 'Pasqua')
  add(addDays(easter, 1), 'Lunedì dell\'Angelo (Pasquetta)')
  return holidays
}

/** The holiday on `date`, or null. */
export const italianHolidayOn = (date: string): string | null => italianHolidays(Number(date.slice(0, 4))).get(date) ?? null
