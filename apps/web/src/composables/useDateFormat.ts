/** Dates and instants in the active language (Europe/Rome, as the municipalities work). */
import { useI18n } from 'vue-i18n'

export function useDateFormat() {
  const { locale } = useI18n()
  const formatInstant = (instant: string) =>
    new Intl.DateTimeFormat(locale.value === 'en' ? 'en-GB' : 'it-IT', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Rome' }).format(new Date(instant))
  return { formatInstant }
}
