/** Calendar dates where the services work: Italy (Europe/Rome), as YYYY-MM-DD strings. */

const ITALIAN_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' })

/** The date in Italy at `instant` (now by default), e.g. `2026-11-23`. */
export const dateInItaly = (instant: Date = new Date()) => ITALIAN_DATE.format(instant)

/** Today's date in Italy. */
export const todayInItaly = () => dateInItaly()

/** The date in Italy `days` days from now (negative for the past). */
export const daysFromTodayInItaly = (days: number) => dateInItaly(new Date(Date.now() + days * 86_400_000))
