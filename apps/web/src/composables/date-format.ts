/**
 * The one date format of the app, in the active language: calendar days as 23/11/2026 (read as
 * the day it is, never shifted by a time zone) and instants as 23/11/2026, 14:05 in Italian time
 * (Europe/Rome, as the municipalities work). useDayFormat, useDateFormat and the case-records
 * helpers all format through here, and so do euro amounts (formatEuroCents).
 *
 * Calendar days are written out by hand: both languages (it-IT, en-GB) write them day/month/year
 * with two digits, and the first Intl.DateTimeFormat a page makes costs tens of milliseconds on a
 * phone (the locale's data is loaded then) — the home page's deadlines and the case's profile
 * would pay it in their first render. Instants need the time zone: they go through Intl.
 */
export const intlLocale = (locale: string) => (locale === 'en' ? 'en-GB' : 'it-IT')

const DAY: Intl.DateTimeFormatOptions = { day: '2-digit', month: '2-digit', year: 'numeric' }
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
const FORMATS = {
  instant: { ...DAY, ...TIME, timeZone: 'Europe/Rome' },
  instantDay: { ...DAY, timeZone: 'Europe/Rome' },
} satisfies Record<string, Intl.DateTimeFormatOptions>

/**
 * One formatter per format and language, made on first use: making an Intl.DateTimeFormat costs far
 * more than formatting with it (a list of dates on a slow phone spent most of its script time there).
 */
const formatters = new Map<string, Intl.DateTimeFormat>()
function formatter(format: keyof typeof FORMATS, locale: string): Intl.DateTimeFormat {
  const key = `${format} ${locale}`
  let made = formatters.get(key)
  if (!made) formatters.set(key, (made = new Intl.DateTimeFormat(intlLocale(locale), FORMATS[format])))
  return made
}

const euros = new Map<string, Intl.NumberFormat>()
/** An amount in euro cents as people read it: 1.234,50 € (Italian), €1,234.50 (English). */
export function formatEuroCents(cents: number, locale = 'it'): string {
  let made = euros.get(locale)
  if (!made) euros.set(locale, (made = new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency: 'EUR' })))
  return made.format(cents / 100)
}

const two = (n: number) => String(n).padStart(2, '0')

/** A calendar date (YYYY-MM-DD) as people read it: 23/11/2026 (in Italian and in English alike). */
export function formatDate(date: string | null | undefined, _locale = 'it'): string {
  if (!date) return ''
  const parsed = new Date(`${date.slice(0, 10)}T00:00:00Z`)
  if (Number.isNaN(parsed.getTime())) return date
  return `${two(parsed.getUTCDate())}/${two(parsed.getUTCMonth() + 1)}/${parsed.getUTCFullYear()}`
}

/** An instant with its time in Italy: 23/11/2026, 14:05. */
export function formatDateTime(instant: string | null | undefined, locale = 'it'): string {
  if (!instant) return ''
  const parsed = new Date(instant)
  if (Number.isNaN(parsed.getTime())) return instant
  return formatter('instant', locale).format(parsed)
}

/** The calendar day (in Italy) of an instant, when the time does not matter: 23/11/2026. */
export function formatInstantDate(instant: string | null | undefined, locale = 'it'): string {
  if (!instant) return ''
  const parsed = new Date(instant)
  if (Number.isNaN(parsed.getTime())) return instant
  return formatter('instantDay', locale).format(parsed)
}
