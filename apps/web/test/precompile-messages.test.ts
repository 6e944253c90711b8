/**
 * The messages compiled at build time (build/precompile-messages.ts): every message of every file of
 * src/i18n reads, through vue-i18n, exactly as the same message compiled in the browser — with its
 * placeholders filled and, for plural forms, at each count.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { createI18n } from 'vue-i18n'
import { describe, expect, it } from 'vitest'
import { compileMessage, compileMessages } from '../build/precompile-messages'

const folder = path.resolve(import.meta.dirname, '../src/i18n')
const files = readdirSync(folder).filter((file) => file.endsWith('.json'))

/** Every message of a messages object: [dotted key, source]. */
function entriesOf(messages: Record<string, unknown>, prefix = ''): [string, string][] {
  return Object.entries(messages).flatMap(([key, value]) => (typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : entriesOf(value as Record<string, unknown>, `${prefix}${key}.`)))
}

/**
 * How the built app's vue-i18n, without a compiler, reads a plain string: as it is. Here (the
 * compiler is in the test build) the same text goes in as the static message it stands for.
 */
function asInTheBuild(messages: unknown): unknown {
  if (typeof messages === 'string') return { t: 0, b: { t: 2, s: messages, i: [{ t: 3 }] } }
  if (typeof messages === 'object' && messages !== null && !('t' in messages)) return Object.fromEntries(Object.entries(messages).map(([key, value]) => [key, asInTheBuild(value)]))
  return messages
}

describe('messages compiled at build time', () => {
  it('keep a plain text as it is, and give a message with placeholders, plurals or literals its syntax tree', () => {
    expect(compileMessage('Salva le modifiche')).toBe('Salva le modifiche')
    expect(compileMessage("Scrivi a info{'@'}ponte.it")).toBe('Scrivi a info@ponte.it')
    expect(compileMessage('Ciao {name}')).toMatchObject({ t: 0, b: { t: 2 } })
    expect(compileMessage('nessun caso | un caso | {n} casi')).toMatchObject({ t: 0, b: { t: 1 } })
    expect(() => compileMessages({ home: { broken: 'Ciao {name' } })).toThrow(/home\.broken/)
  })

  it.each(files)('read as in the browser: %s', (file) => {
    const source = JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as Record<string, unknown>
    const compiled = asInTheBuild(compileMessages(source)) as Record<string, unknown>
    const i18n = (messages: Record<string, unknown>) => createI18n<[Record<string, unknown>], 'it', false>({ legacy: false, locale: 'it', messages: { it: messages }, missingWarn: false, fallbackWarn: false }).global
    const browser = i18n(source)
    const build = i18n(compiled)
    for (const [key, message] of entriesOf(source)) {
      const params = Object.fromEntries([...message.matchAll(/\{\s*(\w+)\s*\}/g)].map(([, name]) => [name, `«${name}»`]))
      expect(build.t(key, params), key).toBe(browser.t(key, params))
      if (message.includes('|')) for (const count of [0, 1, 2, 7]) expect(build.t(key, { ...params, n: count, count }, count), `${key} (${count})`).toBe(browser.t(key, { ...params, n: count, count }, count))
    }
  })
})
