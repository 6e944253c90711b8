/** Calendar dates (YYYY-MM-DD, no time zone) and euro amounts in the active language (composables/date-format.ts). */
import { useI18n } from 'vue-i18n'
import { formatDate, formatEuroCents } from './date-format'

export function useDayFormat() {
  const { locale } = useI18n()
  /** `2026-11-23` → `23/11/2026`; the date is read as a calendar day, never shifted by a time zone. */
  const formatDay = (date: string) => formatDate(date, locale.value)
  const formatCents = (cents: number) => formatEuroCents(cents, locale.value)
  return { formatDay, formatCents }
}
