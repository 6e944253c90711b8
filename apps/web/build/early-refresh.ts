/**
 * A Vite build plugin: the session renewal — and the download of the page's own code — start while
 * the app's entry downloads, not after it ran (docs/decisions/0026).
 *
 * `src/early-refresh.js`, a classic script of about 2 KB, is emitted as a hashed asset and loaded
 * right after `<meta charset>` of index.html (an external file: the API's Content-Security-Policy
 * allows scripts of its own origin only; before the stylesheet, as a script after a stylesheet
 * waits for it). It posts `/api/v1/auth/refresh` at once, under the same Web Lock as the app's
 * renewals, and leaves the answer in `window.__ponteEarlyRefresh`, which api/http.ts takes as its
 * first renewal. It also adds a `modulepreload` for each chunk of the page at the address (its
 * component's chunk and the chunks it imports that the entry does not), from the route table
 * (src/router/routes.ts, `path: '…'` then `component: () => import('…')`) matched to the bundle
 * here: a page that needs a session only when this browser holds one (the deadline the tabs share);
 * for the home, also the cards of the roles this browser last worked with (docs/decisions/0029).
 * Development (`vite`) keeps the app's own renewal and loading.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Plugin, Rollup } from 'vite'

type OutputBundle = Rollup.OutputBundle
type OutputChunk = Rollup.OutputChunk

const CHARSET = /<meta charset=[^>]*>/i
const ROUTE = /path:\s*'([^']+)'[^{}]*?component:\s*\(\)\s*=>\s*import\('([^']+)'\)(?:[^{}]*?meta:\s*\{[^}]*?(public:\s*true))?/g

/** Each route of routes.ts: its path, whether it is public, and the page module it imports. */
export function routeModules(source: string, routesFile: string): { path: string; public: boolean; module: string }[] {
  return [...source.matchAll(ROUTE)].map((match) => ({ path: match[1]!, public: Boolean(match[3]), module: path.resolve(path.dirname(routesFile), match[2]!) }))
}

function staticClosure(bundle: OutputBundle, start: string): Set<string> {
  const seen = new Set<string>()
  const pending = [start]
  while (pending.length > 0) {
    const file = pending.pop()!
    if (seen.has(file)) continue
    seen.add(file)
    const chunk = bundle[file]
    if (chunk?.type === 'chunk') pending.push(...chunk.imports)
  }
  return seen
}

/**
 * What a lazily imported module brings that the entry does not: its chunk, the chunks it imports
 * (directly or not) and their stylesheets (Vite's loader waits for them before the module resolves),
 * the entry's files left out. `lazyFiles(bundle)` reads the bundle once; then one call per module.
 */
function lazyFiles(bundle: OutputBundle) {
  const chunks = Object.values(bundle).filter((output): output is OutputChunk => output.type === 'chunk')
  const entry = chunks.find((chunk) => chunk.isEntry)
  if (!entry) throw new Error('ponte:early-refresh: no entry chunk')
  const initial = staticClosure(bundle, entry.fileName)
  return (module: string): string[] | null => {
    const chunk = chunks.find((c) => c.facadeModuleId === module)
    if (!chunk) return null
    const files = [...staticClosure(bundle, chunk.fileName)].filter((file) => !initial.has(file))
    const css = files.flatMap((file) => {
      const output = bundle[file]
      return output?.type === 'chunk' ? [...(output.viteMetadata?.importedCss ?? [])] : []
    })
    return [...files, ...new Set(css)]
  }
}

/** [pattern, public, files] per route, the static routes before those with parameters (like the router's ranking). */
export function routeChunks(bundle: OutputBundle, routes: ReturnType<typeof routeModules>): [string, boolean, string[]][] {
  const filesOf = lazyFiles(bundle)
  const table = routes.flatMap((route): [string, boolean, string[]][] => {
    const files = route.path.includes('(') ? null : filesOf(route.module)
    return files ? [[route.path, route.public, files]] : []
  })
  const params = (pattern: string) => pattern.split('/').filter((part) => part.startsWith(':')).length
  return table.sort((a, b) => params(a[0]) - params(b[0]))
}

const CARD_LOAD = /load:\s*\(\)\s*=>\s*import\('([^']+)'\)/
const ROLES_LIST = /roles:\s*\[([^\]]*)\]/

/**
 * The home's cards (src/components/<area>/home-cards.ts, one card per line with its
 * `load: () => import('…')`): each card's module and the roles it is for (`roles: ['…']` on the same
 * line; no role written, as for the welcome card made for every role, means every role: `*`).
 */
export function homeCardModules(source: string, file: string): { roles: string[]; module: string }[] {
  return source.split('\n').flatMap((line) => {
    const load = CARD_LOAD.exec(line)
    if (!load) return []
    const named = [...(ROLES_LIST.exec(line)?.[1] ?? '').matchAll(/'([a-z_]+)'/g)].map((role) => role[1]!)
    return [{ roles: named.length > 0 ? named : ['*'], module: path.resolve(path.dirname(file), load[1]!) }]
  })
}

/** The files of each role's home cards the entry and the home page do not bring: { role: files }. */
export function cardChunks(bundle: OutputBundle, cards: ReturnType<typeof homeCardModules>, home: readonly string[]): Record<string, string[]> {
  const filesOf = lazyFiles(bundle)
  const byRole: Record<string, Set<string>> = {}
  for (const card of cards) {
    const files = filesOf(card.module)
    if (!files) throw new Error(`ponte:early-refresh: no chunk for the home card ${card.module}`)
    for (const role of card.roles) for (const file of files) if (!home.includes(file)) (byRole[role] ??= new Set()).add(file)
  }
  return Object.fromEntries(Object.entries(byRole).map(([role, files]) => [role, [...files]]))
}

const PLACEHOLDER = '__PONTE_ROUTE_CHUNKS__'

/**
 * The script as emitted: src/early-refresh.js without its comment lines (one of them, the lint's
 * `global` list, names the placeholder too), the table in place of the one placeholder left.
 */
export function earlyScript(template: string, table: unknown): string {
  const code = template
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\/\*.*\*\/\s*$)/.test(line))
    .join('\n')
  const uses = code.split(PLACEHOLDER).length - 1
  if (uses !== 1) throw new Error(`ponte:early-refresh: src/early-refresh.js must use ${PLACEHOLDER} once in its code, found ${uses}`)
  return code.replace(PLACEHOLDER, () => JSON.stringify(table))
}

export function earlyRefresh(): Plugin {
  let root = process.cwd()
  return {
    name: 'ponte:early-refresh',
    apply: 'build',
    // After Vite's own HTML plugin has written index.html into the bundle.
    enforce: 'post',
    configResolved(config) {
      root = config.root
    },
    generateBundle(_options, bundle) {
      const routesFile = path.join(root, 'src/router/routes.ts')
      const routes = routeModules(readFileSync(routesFile, 'utf8'), routesFile)
      if (routes.length === 0) throw new Error('ponte:early-refresh: no route found in src/router/routes.ts')
      // Each file named once: [files, [pattern, public, indexes of its files]].
      const table = routeChunks(bundle, routes)
      // The home's cards, by role: the script adds those of the roles this browser last worked with.
      const cardFiles = new Map<string, string>()
      for (const dir of readdirSync(path.join(root, 'src/components'))) {
        const file = path.join(root, 'src/components', dir, 'home-cards.ts')
        if (existsSync(file)) cardFiles.set(file, readFileSync(file, 'utf8'))
      }
      const cards = [...cardFiles].flatMap(([file, source]) => homeCardModules(source, file))
      if (cards.length === 0) throw new Error('ponte:early-refresh: no home card found in src/components/*/home-cards.ts')
      const home = table.find(([pattern]) => pattern === '/')
      if (!home) throw new Error('ponte:early-refresh: no home route')
      const byRole = cardChunks(bundle, cards, home[2])
      const files = [...new Set([...table.flatMap(([, , chunks]) => chunks), ...Object.values(byRole).flat()])]
      const index = (file: string) => files.indexOf(file)
      const compact = [
        files.map((file) => file.replace(/^assets\/|\.js$/g, '')),
        table.map(([pattern, open, chunks]) =>
          pattern === '/' ? [pattern, open, chunks.map(index), Object.fromEntries(Object.entries(byRole).map(([role, list]) => [role, list.map(index)]))] : [pattern, open, chunks.map(index)],
        ),
      ]
      const source = earlyScript(readFileSync(path.join(root, 'src/early-refresh.js'), 'utf8'), compact)
      const fileName = `assets/early-refresh-${createHash('sha256').update(source).digest('base64url').slice(0, 8)}.js`
      this.emitFile({ type: 'asset', fileName, source })
      const html = bundle['index.html']
      if (html?.type !== 'asset' || typeof html.source !== 'string' || !CHARSET.test(html.source)) throw new Error('ponte:early-refresh: index.html or its <meta charset> is missing')
      html.source = html.source.replace(CHARSET, (meta) => `${meta}\n    <script src="/${fileName}"></script>`)
    },
  }
}
