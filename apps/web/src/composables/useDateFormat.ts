/** Instants in the active language, with their time in Italy (composables/date-format.ts). */
import { useI18n } from 'vue-i18n'
import { formatDateTime } from './date-format'

export function useDateFormat() {
  const { locale } = useI18n()
  /** `2026-11-23T13:05:00Z` → `23/11/2026, 14:05`. */
  const formatInstant = (instant: string) => formatDateTime(instant, locale.value)
  return { formatInstant }
}
