/**
 * Where an area's Italian messages arrive in the built app (build/area-messages.ts, docs/decisions/0029):
 * added to the Italian messages every new i18n instance starts from, and to the app's instance once
 * it is made. Development and the tests have every area in locale-it.ts from the start.
 */
import type { Composer } from 'vue-i18n'
import italian from './locale-it'

let live: Pick<Composer, 'mergeLocaleMessage'> | null = null

/** The app's i18n instance, made by createAppI18n: areas registered from now on are merged into it too. */
export function attachAreaMessages(composer: Pick<Composer, 'mergeLocaleMessage'>) {
  live = composer
}

/** An area's messages (`{ <area>: { … } }`), registered by the modules that show them before they run. */
export function registerAreaMessages(messages: Record<string, unknown>) {
  Object.assign(italian, messages)
  live?.mergeLocaleMessage('it', messages)
}
