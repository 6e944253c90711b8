/**
 * vue-i18n: Italian first, English second; all UI text lives in the JSON files of this folder:
 * `it.json`/`en.json` (the app's common messages) and one pair per area, `<area>.it.json`/
 * `<area>.en.json`, each holding one top-level key named after the area (a new area adds its pair
 * and touches nothing here; locale-it.ts and locale-en.ts collect them by import.meta.glob).
 * Italian, the default and the fallback, is in the entry chunk (in the build, its common file; each
 * area's messages come with the pages that show them: areas.ts); English is a chunk of its own,
 * downloaded when it is chosen — at start-up when it was remembered, or on the switch in the header,
 * which shows the new language only once its messages are there (App.vue).
 */
import { createI18n } from 'vue-i18n'
import type it from './it.json'
import { attachAreaMessages } from './areas'
import italian from './locale-it'

export const LOCALES = ['it', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'it'

/** The shape of the messages: the common file's, typed; the areas' groups are checked by tests (same keys in both languages). */
export type MessageSchema = typeof it & Record<string, unknown>

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (LOCALES as readonly string[]).includes(value)

/** The locale of a file: `it.json` or `<area>.it.json`. */
export const localeOfFile = (path: string): Locale | null => {
  const match = /(?:^|[/.])(it|en)\.json$/.exec(path)
  return match && isLocale(match[1]) ? match[1] : null
}

const loaders: Record<Locale, () => Promise<Record<string, unknown>>> = {
  it: () => Promise.resolve(italian),
  en: () => import('./locale-en').then((module) => module.default),
}

/** The messages of each language downloaded so far. */
const loaded: Partial<Record<Locale, MessageSchema>> = { it: italian as MessageSchema }

/** A language's messages when they are already here (else null: loadLocaleMessages). */
export const loadedMessages = (locale: Locale): MessageSchema | null => loaded[locale] ?? null

/** Downloads a language's messages (once). */
export async function loadLocaleMessages(locale: Locale): Promise<MessageSchema> {
  return (loaded[locale] ??= (await loaders[locale]()) as MessageSchema)
}

/**
 * A fresh i18n instance (the app makes one; each component test makes its own) with the messages of
 * every language downloaded so far; `locale` must be one of them (main.ts loads it first).
 */
export function createAppI18n(locale: Locale = DEFAULT_LOCALE) {
  const i18n = createI18n<[MessageSchema], Locale, false>({
    legacy: false,
    locale: loaded[locale] ? locale : DEFAULT_LOCALE,
    fallbackLocale: DEFAULT_LOCALE,
    messages: { ...loaded } as Record<Locale, MessageSchema>,
    missingWarn: false,
    fallbackWarn: false,
  })
  // In the build, the areas' Italian messages arrive with the pages that show them (areas.ts).
  attachAreaMessages(i18n.global)
  return i18n
}

export type AppI18n = ReturnType<typeof createAppI18n>
