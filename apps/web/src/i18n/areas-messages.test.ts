import { describe, expect, it } from 'vitest'
import { loadLocaleMessages, localeOfFile } from './index'

const files = import.meta.glob<Record<string, unknown>>('./*.json', { eager: true, import: 'default' })
const areaFiles = Object.keys(files).filter((path) => /\/[^/]+\.(it|en)\.json$/.test(path))
const areas = [...new Set(areaFiles.map((path) => /\/([^/]+)\.(?:it|en)\.json$/.exec(path)![1]!))].sort()

function keysOf(messages: object, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keysOf(value as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  )
}

describe('the messages of each area (i18n/<area>.it.json and .en.json, loaded by glob)', () => {
  it('are found, each area in both languages', () => {
    expect(areas).toEqual(expect.arrayContaining(['approvals', 'audit', 'caseRecords', 'cases', 'persons', 'referrals']))
    for (const area of areas) {
      expect(files[`./${area}.it.json`], area).toBeDefined()
      expect(files[`./${area}.en.json`], area).toBeDefined()
    }
    expect(localeOfFile('./cases.en.json')).toBe('en')
    expect(localeOfFile('./it.json')).toBe('it')
  })

  it.each(areas)('%s: one top-level key named after the area, the same keys in Italian and English, no empty message', (area) => {
    const it_ = files[`./${area}.it.json`]!
    const en = files[`./${area}.en.json`]!
    expect(Object.keys(it_)).toEqual([area])
    expect(keysOf(en).sort()).toEqual(keysOf(it_).sort())
    for (const messages of [it_, en]) {
      const empty = keysOf(messages).filter((key) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages) === '')
      expect(empty).toEqual([])
    }
  })

  it('never lets one file hide another: every top-level key comes from one file only', async () => {
    const owners = new Map<string, string[]>()
    for (const path of Object.keys(files).filter((p) => localeOfFile(p) === 'it')) {
      for (const key of Object.keys(files[path]!)) owners.set(key, [...(owners.get(key) ?? []), path])
    }
    expect([...owners].filter(([, paths]) => paths.length > 1)).toEqual([])
    const [italian, english] = await Promise.all([loadLocaleMessages('it'), loadLocaleMessages('en')])
    expect(Object.keys(italian).sort()).toEqual(Object.keys(english).sort())
    expect(Object.keys(italian)).toEqual(expect.arrayContaining(['common', 'cases', 'persons']))
  })
})
