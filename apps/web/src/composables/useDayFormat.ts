/** Calendar dates (YYYY-MM-DD, no time zone) and euro amounts in the active language. */
import { useI18n } from 'vue-i18n'

export function useDayFormat() {
  const { locale } = useI18n()
  const tag = () => (locale.value === 'en' ? 'en-GB' : 'it-IT')
  /** `2026-11-23` → `23 nov 2026`; the date is read as a calendar day, never shifted by a time zone. */
  const formatDay = (date: string) => {
    const [y, m, d] = date.split('-').map(Number)
    if (!y || !m || !d) return date
    return new Intl.DateTimeFormat(tag(), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)))
  }
  const formatCents = (cents: number) => new Intl.NumberFormat(tag(), { style: 'currency', currency: 'EUR' }).format(cents / 100)
  return { formatDay, formatCents }
}
