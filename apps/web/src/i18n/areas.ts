/**
 * Where an area's Italian messages arrive in the built app (build/area-messages.ts, docs/decisions/0029):
 * added to the Italian messages every new i18n instance starts from, and to the app's instance once
 * it is made. Development and the tests have every area in locale-it.ts from the start.
 */
import type { Composer } from 'vue-i18n'
import italian from './locale-it'

type Messages = Record<string, unknown>

let live: Pick<Composer, 'messages'> | null = null

/** The app's i18n instance, made by createAppI18n: areas registered from now on are added to it too. */
export function attachAreaMessages(composer: Pick<Composer, 'messages'>) {
  live = composer
}

/**
 * An area's messages (`{ <area>: { … } }`: one top-level key, which no other file has, checked by
 * areas-messages.test.ts), registered by the modules that show them before they run. The area is
 * set as one key of the Italian messages. (vue-i18n's mergeLocaleMessage copies every message
 * through Vue's reactivity one by one: for the case page's four files, 30 ms of a fast computer's
 * time and 120 ms of a phone's.)
 */
export function registerAreaMessages(messages: Messages) {
  // The app's Italian messages (behind Vue's reactivity).
  const reactiveItalian = (live?.messages.value as Record<string, Messages> | undefined)?.it
  if (reactiveItalian) for (const [area, value] of Object.entries(messages)) reactiveItalian[area] = value
  // The Italian messages new instances start from (the same object, when the app's instance has it).
  Object.assign(italian, messages)
}
