/**
 * The one date format of the app, in the active language: calendar days as 23/11/2026 (read as
 * the day it is, never shifted by a time zone) and instants as 23/11/2026, 14:05 in Italian time
 * (Europe/Rome, as the municipalities work). useDayFormat, useDateFormat and the case-records
 * helpers all format through here.
 *
 * Calendar days are written out by hand: both languages (it-IT, en-GB) write them day/month/year
 * with two digits, and building the first `Intl.DateTimeFormat` of a page costs tens of
 * milliseconds on a phone (the locale's data is loaded then) — the home page's deadlines and the
 * case's profile would pay it during their first render. Instants need the time zone, so they go
 * through `Intl`, with one formatter per language and format, built on first use.
 */
export const intlLocale = (locale: string) => (locale === 'en' ? 'en-GB' : 'it-IT')

const DAY: Intl.DateTimeFormatOptions = { day: '2-digit', month: '2-digit', year: 'numeric' }
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }

const two = (n: number) => String(n).padStart(2, '0')

/** A calendar date (YYYY-MM-DD) as people read it: 23/11/2026 (in Italian and in English alike). */
export function formatDate(date: string | null | undefined, _locale = 'it'): string {
  if (!date) return ''
  const parsed = new Date(`${date.slice(0, 10)}T00:00:00Z`)
  if (Number.isNaN(parsed.getTime())) return date
  return `${two(parsed.getUTCDate())}/${two(parsed.getUTCMonth() + 1)}/${parsed.getUTCFullYear()}`
}

const formatters = new Map<string, Intl.DateTimeFormat>()

/** The formatter of instants in Italy for a language, with the time or without, built once. */
function italianTime(locale: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${intlLocale(locale)}|${withTime}`
  let formatter = formatters.get(key)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(intlLocale(locale), { ...DAY, ...(withTime ? TIME : {}), timeZone: 'Europe/Rome' })
    formatters.set(key, formatter)
  }
  return formatter
}

/** An instant with its time in Italy: 23/11/2026, 14:05. */
export function formatDateTime(instant: string | null | undefined, locale = 'it'): string {
  if (!instant) return ''
  const parsed = new Date(instant)
  if (Number.isNaN(parsed.getTime())) return instant
  return italianTime(locale, true).format(parsed)
}

/** The calendar day (in Italy) of an instant, when the time does not matter: 23/11/2026. */
export function formatInstantDate(instant: string | null | undefined, locale = 'it'): string {
  if (!instant) return ''
  const parsed = new Date(instant)
  if (Number.isNaN(parsed.getTime())) return instant
  return italianTime(locale, false).format(parsed)
}

const euros = new Map<string, Intl.NumberFormat>()

/** An amount in integer euro cents as euro in the language's way (1.234,56 €), one formatter per language. */
export function formatEuroCents(cents: number, locale = 'it'): string {
  let formatter = euros.get(intlLocale(locale))
  if (!formatter) {
    formatter = new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency: 'EUR' })
    euros.set(intlLocale(locale), formatter)
  }
  return formatter.format(cents / 100)
}
