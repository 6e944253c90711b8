import { describe, expect, it } from 'vitest'
import casesEn from './cases.en.json'
import casesIt from './cases.it.json'
import personsEn from './persons.en.json'
import personsIt from './persons.it.json'
import referralsEn from './referrals.en.json'
import referralsIt from './referrals.it.json'

function keysOf(messages: object, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keysOf(value as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  )
}

describe('messages of cases, persons and referrals', () => {
  it.each([
    ['cases', casesIt, casesEn],
    ['persons', personsIt, personsEn],
    ['referrals', referralsIt, referralsEn],
  ])('%s: one top-level key, the same keys in Italian and English, no empty message', (name, it_, en) => {
    expect(Object.keys(it_)).toEqual([name])
    expect(keysOf(en).sort()).toEqual(keysOf(it_).sort())
    for (const messages of [it_, en]) {
      const empty = keysOf(messages).filter((key) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages) === '')
      expect(empty).toEqual([])
    }
  })
})
