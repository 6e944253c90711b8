/**
 * A Vite plugin: the Titillium Web weights every page draws at its first paint (regular, 600 and
 * 700; build/preload-fonts.ts preloads them) cut to the Latin characters — Italian and the other
 * Western European languages, punctuation, the euro — about 12 KB each instead of 18 KB: a third
 * less of what a phone downloads before it can draw the first page (docs/decisions/0032).
 *
 * src/styles/fonts.css names these files `ponte-latin-fonts/titillium-web-latin-<weight>.woff2` in
 * a face whose `unicode-range` is {@link LATIN_RANGE}; the same weight's
 * whole file stays declared for the Latin Extended characters (`Ș`, `Ł`, `Ğ` of a person's
 * name), and the browser downloads it only on a page that shows one. The subsets are made from the
 * installed bootstrap-italia when the build or the development server starts, with harfbuzz's
 * subsetter (subset-font), into node_modules/.cache/ponte-latin-fonts.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import subsetFont from 'subset-font'
import type { Plugin } from 'vite'

/** Google Fonts' "latin" subset, as a CSS `unicode-range`. */
export const LATIN_RANGE =
  'U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD'

/** The subsets, as fonts.css names them after {@link PREFIX}, and the file of bootstrap-italia's Titillium_Web folder each is cut from. */
export const LATIN_FONTS: Record<string, string> = Object.fromEntries(
  ['regular', '600', '700'].map((weight) => [`titillium-web-latin-${weight}.woff2`, `titillium-web-v10-latin-ext_latin-${weight}.woff2`]),
)

export const PREFIX = 'ponte-latin-fonts/'

/** Every character of a CSS `unicode-range` (`U+0000-00FF, U+0131, …`). */
export function charactersOf(range: string): string {
  let text = ''
  for (const part of range.split(',')) {
    const match = /^\s*U\+([0-9A-F]+)(?:-([0-9A-F]+))?\s*$/i.exec(part)
    if (!match) throw new Error(`ponte:latin-fonts: not a unicode-range part: ${part}`)
    const first = parseInt(match[1]!, 16)
    const last = match[2] ? parseInt(match[2], 16) : first
    for (let code = first; code <= last; code++) text += String.fromCodePoint(code)
  }
  return text
}

/** A font file of bootstrap-italia cut to the Latin characters (WOFF2). */
export function latinSubset(font: Buffer): Promise<Buffer> {
  return subsetFont(font, charactersOf(LATIN_RANGE), { targetFormat: 'woff2' })
}

export function latinFonts(): Plugin {
  /** Where the subsets are written (fonts.css's `ponte-latin-fonts/` resolves here). */
  let cacheDir = ''
  let root = ''
  let made: Promise<void> | null = null
  const titillium = () => path.dirname(createRequire(path.join(root, 'package.json')).resolve('bootstrap-italia/dist/fonts/Titillium_Web/OFL.txt'))
  const make = () =>
    (made ??= (async () => {
      mkdirSync(cacheDir, { recursive: true })
      for (const [file, source] of Object.entries(LATIN_FONTS)) writeFileSync(path.join(cacheDir, file), await latinSubset(readFileSync(path.join(titillium(), source))))
    })())
  return {
    name: 'ponte:latin-fonts',
    // Vite resolves a stylesheet's url() with its aliases only (not the plugins' resolveId); it
    // reads the file when it bundles the stylesheet, after every plugin's buildStart.
    config(config) {
      root = path.resolve(config.root ?? process.cwd())
      cacheDir = path.join(root, 'node_modules/.cache/ponte-latin-fonts') + path.sep
      return { resolve: { alias: [{ find: PREFIX, replacement: cacheDir }] } }
    },
    buildStart: make,
    configureServer: make,
  }
}
