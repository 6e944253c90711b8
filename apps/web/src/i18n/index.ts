/**
 * vue-i18n: Italian first, English second; all UI text lives in the JSON files of this folder,
 * loaded by import.meta.glob: `it.json`/`en.json` (the app's common messages) and one pair per area,
 * `<area>.it.json`/`<area>.en.json`, each holding one top-level key named after the area (a new area
 * adds its pair and touches nothing here).
 */
import { createI18n } from 'vue-i18n'
import type it from './it.json'

export const LOCALES = ['it', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'it'

/** The shape of the messages: the common file's, typed; the areas' groups are checked by tests (same keys in both languages). */
export type MessageSchema = typeof it & Record<string, unknown>

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (LOCALES as readonly string[]).includes(value)

const files = import.meta.glob<Record<string, unknown>>('./*.json', { eager: true, import: 'default' })

/** The locale of a file: `it.json` or `<area>.it.json`. */
export const localeOfFile = (path: string): Locale | null => {
  const match = /(?:^|[/.])(it|en)\.json$/.exec(path)
  return match && isLocale(match[1]) ? match[1] : null
}

/** Every file's messages merged per locale (the common file first, then the areas by file name). */
export const localeMessages: Record<Locale, Record<string, unknown>> = { it: {}, en: {} }
const isCommon = (path: string) => /^\.\/(it|en)\.json$/.test(path)
const ordered = Object.keys(files).sort((a, b) => Number(isCommon(b)) - Number(isCommon(a)) || a.localeCompare(b))
for (const path of ordered) {
  const locale = localeOfFile(path)
  if (locale) Object.assign(localeMessages[locale], files[path])
}

/** A fresh i18n instance (the app makes one; each component test makes its own). */
export function createAppI18n(locale: Locale = DEFAULT_LOCALE) {
  return createI18n<[MessageSchema], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    messages: { it: localeMessages.it as MessageSchema, en: localeMessages.en as MessageSchema },
    missingWarn: false,
    fallbackWarn: false,
  })
}

export type AppI18n = ReturnType<typeof createAppI18n>
