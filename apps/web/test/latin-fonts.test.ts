/**
 * The Titillium Web weights of the first paint cut to the Latin characters (build/latin-fonts.ts):
 * every character of the app's own texts is in the cut, the whole font still serves the Latin
 * Extended characters of people's names, and fonts.css declares both faces of each weight.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import subsetFont from 'subset-font'
import { describe, expect, it } from 'vitest'
import { LATIN_FONTS, LATIN_RANGE, PREFIX, charactersOf, latinSubset } from '../build/latin-fonts'

const i18n = path.resolve(import.meta.dirname, '../src/i18n')
const fontsCss = readFileSync(path.resolve(import.meta.dirname, '../src/styles/fonts.css'), 'utf8')
const titillium = path.dirname(createRequire(import.meta.url).resolve('bootstrap-italia/dist/fonts/Titillium_Web/OFL.txt'))

/** Every character of every message file, both languages. */
const messageCharacters = [...new Set(readdirSync(i18n).filter((file) => file.endsWith('.json')).flatMap((file) => [...readFileSync(path.join(i18n, file), 'utf8')]))]
  .filter((character) => character >= ' ')
  .join('')

/** The faces of fonts.css: [weight, src, unicode-range]. */
const faces = [...fontsCss.matchAll(/@font-face \{([^}]*)\}/g)].map(([, body]) => ({
  family: /font-family: '([^']+)'/.exec(body!)?.[1],
  style: /font-style: (\w+)/.exec(body!)?.[1],
  weight: /font-weight: (\d+)/.exec(body!)?.[1],
  src: /src:([^;]*);/.exec(body!)?.[1]?.trim(),
  range: /unicode-range: ([^;]*);/.exec(body!)?.[1],
}))

/** The number of glyphs of an OpenType font (its `maxp` table). */
function glyphCount(font: Buffer): number {
  const tables = font.readUInt16BE(4)
  for (let i = 0; i < tables; i++) {
    const record = 12 + i * 16
    if (font.toString('latin1', record, record + 4) === 'maxp') return font.readUInt16BE(font.readUInt32BE(record + 8) + 4)
  }
  throw new Error('no maxp table')
}

describe('the Latin cut of the first paint fonts', () => {
  it('reads a unicode-range', () => {
    expect(charactersOf('U+0041-0043, U+20AC')).toBe('ABC€')
    expect(() => charactersOf('U+00ZZ')).toThrow(/unicode-range/)
  })

  it("holds every character of the app's own texts, in both languages", () => {
    const latin = new Set(charactersOf(LATIN_RANGE))
    expect([...messageCharacters].filter((character) => !latin.has(character))).toEqual([])
  })

  it.each(Object.values(LATIN_FONTS))('the cut of %s draws every Latin character the whole font draws, in a smaller file', async (source) => {
    const whole = readFileSync(path.join(titillium, source))
    const cut = await latinSubset(whole)
    expect(cut.toString('latin1', 0, 4)).toBe('wOF2')
    expect(cut.length).toBeLessThan(whole.length * 0.75)
    const text = `${messageCharacters}àèéìòùÀÈÉÌÒÙçÇ€«»–—’“”…`
    // The glyphs the text needs, taken from the cut and from the whole font: the same number.
    const fromCut = glyphCount(await subsetFont(cut, text, { targetFormat: 'sfnt' }))
    const fromWhole = glyphCount(await subsetFont(whole, text, { targetFormat: 'sfnt' }))
    expect(fromCut).toBe(fromWhole)
    // A Latin Extended letter is not in the cut (the whole file draws it).
    const withExtended = glyphCount(await subsetFont(whole, `${text}ȘșŁł`, { targetFormat: 'sfnt' }))
    expect(glyphCount(await subsetFont(cut, `${text}ȘșŁł`, { targetFormat: 'sfnt' }))).toBeLessThan(withExtended)
  })

  it.each(['400', '600', '700'])('fonts.css gives weight %s a Latin face from the cut and a Latin Extended face from the whole file', (weight) => {
    const titilliumFaces = faces.filter((face) => face.family === 'Titillium Web' && face.style === 'normal' && face.weight === weight)
    expect(titilliumFaces).toHaveLength(2)
    const [latin, extended] = titilliumFaces
    const file = weight === '400' ? 'regular' : weight
    expect(latin!.src).toBe(`url('${PREFIX}titillium-web-latin-${file}.woff2') format('woff2')`)
    expect(latin!.range).toBe(LATIN_RANGE)
    expect(extended!.src).toContain(`bootstrap-italia/dist/fonts/Titillium_Web/${LATIN_FONTS[`titillium-web-latin-${file}.woff2`]}`)
    const extendedCharacters = charactersOf(extended!.range!)
    // Disjoint: a character is drawn from one file only, and the whole file is not downloaded for Latin text.
    expect([...charactersOf(LATIN_RANGE)].filter((character) => extendedCharacters.includes(character))).toEqual([])
    for (const letter of 'ȘșȚțŁłŞşĞğĆćŽž') expect(extendedCharacters).toContain(letter)
  })
})
