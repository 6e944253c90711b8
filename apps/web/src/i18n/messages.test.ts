import { describe, expect, it } from 'vitest'
import en from './en.json'
import it_ from './it.json'

/** Every leaf key of a messages object, as a dotted path. */
function keysOf(messages: object, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keysOf(value as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  )
}

describe('messages', () => {
  it('has the same keys in Italian and English', () => {
    expect(keysOf(en).sort()).toEqual(keysOf(it_).sort())
  })

  it('has no empty message', () => {
    for (const messages of [it_, en]) {
      const empty = keysOf(messages).filter((key) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages) === '')
      expect(empty).toEqual([])
    }
  })
})
