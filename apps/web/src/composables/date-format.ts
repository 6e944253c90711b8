/**
 * The one date format of the app, in the active language: calendar days as 23/11/2026 (read as
 * the day it is, never shifted by a time zone) and instants as 23/11/2026, 14:05 in Italian time
 * (Europe/Rome, as the municipalities work). useDayFormat, useDateFormat and the case-records
 * helpers all format through here.
 */
export const intlLocale = (locale: string) => (locale === 'en' ? 'en-GB' : 'it-IT')

const DAY: Intl.DateTimeFormatOptions = { day: '2-digit', month: '2-digit', year: 'numeric' }
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }

/** A calendar date (YYYY-MM-DD) as people read it: 23/11/2026. */
export function formatDate(date: string | null | undefined, locale = 'it'): string {
  if (!date) return ''
  const parsed = new Date(`${date.slice(0, 10)}T00:00:00Z`)
  if (Number.isNaN(parsed.getTime())) return date
  return new Intl.DateTimeFormat(intlLocale(locale), { ...DAY, timeZone: 'UTC' }).format(parsed)
}

/** An instant with its time in Italy: 23/11/2026, 14:05. */
export function formatDateTime(instant: string | null | undefined, locale = 'it'): string {
  if (!instant) return ''
  const parsed = new Date(instant)
  if (Number.isNaN(parsed.getTime())) return instant
  return new Intl.DateTimeFormat(intlLocale(locale), { ...DAY, ...TIME, timeZone: 'Europe/Rome' }).format(parsed)
}

/** The calendar day (in Italy) of an instant, when the time does not matter: 23/11/2026. */
export function formatInstantDate(instant: string | null | undefined, locale = 'it'): string {
  if (!instant) return ''
  const parsed = new Date(instant)
  if (Number.isNaN(parsed.getTime())) return instant
  return new Intl.DateTimeFormat(intlLocale(locale), { ...DAY, timeZone: 'Europe/Rome' }).format(parsed)
}
