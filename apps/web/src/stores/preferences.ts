/**
 * The interface language: chosen in the header, remembered in localStorage, mirrored on
 * <html lang>. App.vue hands it to vue-i18n (a store is no component: it cannot call useI18n).
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { DEFAULT_LOCALE, isLocale, type Locale } from '../i18n'

export const LOCALE_STORAGE_KEY = 'ponte.locale'

export function readStoredLocale(): Locale {
  try {
    const stored = localStorage.getItem(LOCALE_STORAGE_KEY)
    return isLocale(stored) ? stored : DEFAULT_LOCALE
  } catch {
    return DEFAULT_LOCALE
  }
}

export const usePreferencesStore = defineStore('preferences', () => {
  const locale = ref<Locale>(readStoredLocale())

  /** Switches the language and remembers the choice (App.vue shows it, and sets <html lang>, once its messages are here). */
  function setLocale(next: Locale) {
    locale.value = next
    try {
      localStorage.setItem(LOCALE_STORAGE_KEY, next)
    } catch {
      // Storage may be unavailable (private mode): the choice then lasts for this visit.
    }
  }

  return { locale, setLocale }
})
