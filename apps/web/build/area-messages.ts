/**
 * A Vite build plugin: each area's Italian messages travel with the code that shows them, not in
 * the app's entry (docs/decisions/0029).
 *
 * An area is a pair of message files, `src/i18n/<area>.it.json` / `<area>.en.json`, whose one
 * top-level key is the area's name (`cases`, `puc`, …). In the build, the entry's Italian messages
 * (src/i18n/locale-it.ts) are the common file `it.json` alone; every module of the app whose code
 * names a key of an area (a string that starts with `'<area>.`: `t('cases.list.title')`,
 * `` t(`puc.statuses.${s}`) ``, a `labelKey: 'groups.…'` in a table) gets a first import of that
 * area's registration, which adds the area's messages to the app's before the module itself runs.
 * So a page brings, in its own chunks, the messages of the areas it shows, and the sign-in page
 * downloads and evaluates only the common ones. English, downloaded when chosen, stays whole.
 *
 * Development and the component tests keep every message in locale-it.ts, as before.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Plugin } from 'vite'

const VIRTUAL = '\0ponte-area-messages:'
const AREA_FILE = /^([A-Za-z]+)\.it\.json$/
/** The glob of locale-it.ts that collects every Italian file; the build keeps the common file only. */
export const ITALIAN_GLOB = "['./it.json', './*.it.json']"

/** The areas: the names of `src/i18n/<area>.it.json`. */
export function areasIn(i18nDir: string): string[] {
  return readdirSync(i18nDir)
    .map((file) => AREA_FILE.exec(file)?.[1])
    .filter((area): area is string => Boolean(area))
    .sort()
}

const TITLED_ROUTE = /component:\s*\(\)\s*=>\s*import\('([^']+)'\)[^{}]*?meta:\s*\{[^}]*?title:\s*'([A-Za-z]+)\./g

/**
 * The page module of each route (absolute) and the area of its title's key: the router shows the
 * title once the page has loaded, so the page brings that area (routes.ts itself, in the entry, is
 * not read for keys: it names the title of every page).
 */
export function titleAreas(routesSource: string, routesFile: string, areas: readonly string[]): Map<string, string> {
  const found = new Map<string, string>()
  for (const [, module, area] of routesSource.matchAll(TITLED_ROUTE)) {
    if (areas.includes(area!)) found.set(path.resolve(path.dirname(routesFile), module!), area!)
  }
  return found
}

/** The areas whose keys a module's code names: a quote or backtick, the area's name, a dot, a letter. */
export function areasNamed(code: string, areas: readonly string[]): string[] {
  if (areas.length === 0) return []
  const pattern = new RegExp(`['"\`](${areas.join('|')})\\.[A-Za-z]`, 'g')
  return [...new Set([...code.matchAll(pattern)].map((match) => match[1]!))].sort()
}

export function areaMessages(): Plugin[] {
  let srcDir = ''
  let i18nDir = ''
  let areas: string[] = []
  let routesFile = ''
  let pageTitles = new Map<string, string>()
  const entryItalian: Plugin = {
    name: 'ponte:area-messages:entry',
    apply: 'build',
    // Before Vite expands the glob.
    enforce: 'pre',
    transform(code, id) {
      if (id !== path.join(i18nDir, 'locale-it.ts')) return null
      if (!code.includes(ITALIAN_GLOB)) throw new Error(`ponte:area-messages: locale-it.ts no longer reads ${ITALIAN_GLOB}`)
      return { code: code.replace(ITALIAN_GLOB, "['./it.json']"), map: null }
    },
  }
  const registrations: Plugin = {
    name: 'ponte:area-messages',
    apply: 'build',
    configResolved(config) {
      srcDir = path.join(config.root, 'src')
      i18nDir = path.join(srcDir, 'i18n')
      areas = areasIn(i18nDir)
      routesFile = path.join(config.root, 'src/router/routes.ts')
      pageTitles = titleAreas(readFileSync(routesFile, 'utf8'), routesFile, areas)
      if (pageTitles.size === 0) throw new Error('ponte:area-messages: no page title read from src/router/routes.ts')
    },
    resolveId(id) {
      return id.startsWith(VIRTUAL) ? id : null
    },
    load(id) {
      if (!id.startsWith(VIRTUAL)) return null
      const area = id.slice(VIRTUAL.length)
      if (!areas.includes(area)) throw new Error(`ponte:area-messages: no area ${area}`)
      const json = JSON.stringify(path.join(i18nDir, `${area}.it.json`))
      const registry = JSON.stringify(path.join(i18nDir, 'areas.ts'))
      return `import messages from ${json}\nimport { registerAreaMessages } from ${registry}\nregisterAreaMessages(messages)\n`
    },
    transform(code, id) {
      const file = id.split('?')[0] ?? id
      // The app's own modules only (not @ponte/shared's, nor a package's).
      if (id.startsWith('\0') || !file.startsWith(srcDir + path.sep) || file.includes(`${path.sep}node_modules${path.sep}`)) return null
      if (file.startsWith(i18nDir + path.sep) || !/\.(vue|ts|js)$/.test(file) || /[?&]type=style/.test(id)) return null
      if (file === routesFile) return null
      const title = pageTitles.get(file)
      const named = [...new Set([...areasNamed(code, areas), ...(title ? [title] : [])])].sort()
      if (named.length === 0) return null
      return { code: named.map((area) => `import ${JSON.stringify(VIRTUAL + area)};\n`).join('') + code, map: null }
    },
  }
  return [entryItalian, registrations]
}

interface ModuleLinks {
  isEntry: boolean
  importers: string[]
  dynamicImporters: string[]
  importedIds: string[]
}

/**
 * The chunk group of the areas' messages (`build.rolldownOptions.output.codeSplitting`): the
 * messages of the areas the entry does not show, in a few files grouped by the pages that show
 * them, so that a page showing several areas asks for a few files instead of one per area (and not
 * for every area); the sign-in page, which shows none, asks for none.
 * The areas the entry shows (the header's search, the session's warnings) stay in the entry.
 */
export function areaMessagesChunk() {
  let initial: Set<string> | null = null
  /** Every module the entry imports statically, directly or not. */
  const entryClosure = (from: string, info: (id: string) => ModuleLinks | null) => {
    if (initial) return initial
    const up = [from]
    const seen = new Set<string>()
    let entry: string | undefined
    while (up.length > 0 && !entry) {
      const id = up.pop()!
      if (seen.has(id)) continue
      seen.add(id)
      const links = info(id)
      if (!links) continue
      // The app's entry: an entry nothing imports (a page, imported lazily, is an entry of its own too).
      if (links.isEntry && links.importers.length === 0 && links.dynamicImporters.length === 0) entry = id
      else up.push(...links.importers, ...links.dynamicImporters)
    }
    if (!entry) throw new Error(`ponte:area-messages: no entry above ${from}`)
    initial = new Set<string>()
    const down = [entry]
    while (down.length > 0) {
      const id = down.pop()!
      if (initial.has(id)) continue
      initial.add(id)
      down.push(...(info(id)?.importedIds ?? []))
    }
    return initial
  }
  return {
    name: (id: string, context: { getModuleInfo(id: string): ModuleLinks | null }) => {
      if (!id.startsWith(VIRTUAL) && !/[\\/]src[\\/]i18n[\\/][A-Za-z]+\.it\.json$/.test(id)) return null
      return entryClosure(id, (other) => context.getModuleInfo(other)).has(id) ? null : 'messages'
    },
    // Only the messages: what they import (areas.ts, in the entry) stays where it is.
    includeDependenciesRecursively: false,
    // Grouped by the pages that show them (a page downloads the areas it shows, not every area),
    // a group under 10 KB merged into its closest neighbour (fewer, larger files).
    entriesAware: true,
    entriesAwareMergeThreshold: 10_000,
  }
}
