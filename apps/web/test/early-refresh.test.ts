/**
 * The early script (src/early-refresh.js, emitted by build/early-refresh.ts): the route table as the
 * build reads it, and the emitted script run as a browser would run it — it posts the renewal and
 * adds a modulepreload for each chunk of the page at the address.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { earlyScript, routeModules } from '../build/early-refresh'
import { routes } from '../src/router/routes'

const template = readFileSync(path.resolve(import.meta.dirname, '../src/early-refresh.js'), 'utf8')
const TABLE = [
  ['LoginPage-a', 'HomePage-b', 'cards-c', 'CasePage-d', 'HomePage-e.css'],
  [
    ['/login', true, [0]],
    ['/', false, [1, 2, 4]],
    ['/cases/:caseId', false, [3, 2]],
  ],
]

/** Runs the emitted script at `pathname`, with the session deadline `endsAt` in storage: the links it added and the requests it sent. */
function runAt(pathname: string, endsAt: number | null) {
  const links: { rel: string; href: string; crossOrigin: string | null; as?: string }[] = []
  const requests: string[] = []
  const window: Record<string, unknown> = {}
  runInNewContext(earlyScript(template, TABLE), {
    window,
    location: { pathname },
    navigator: {},
    localStorage: { getItem: (key: string) => (key === 'ponte.sessionEndsAt' && endsAt !== null ? String(endsAt) : null) },
    document: {
      createElement: () => ({ rel: '', href: '', crossOrigin: null }),
      head: { appendChild: (link: (typeof links)[number]) => links.push(link) },
    },
    fetch: (url: string) => {
      requests.push(url)
      return new Promise(() => undefined)
    },
    Response,
    Date,
    Number,
  })
  return { links, requests, answer: window.__ponteEarlyRefresh }
}

describe('the early script', () => {
  it('reads the pages from routes.ts: every route with its page module and its public flag', async () => {
    const file = path.resolve(import.meta.dirname, '../src/router/routes.ts')
    const read = routeModules(readFileSync(file, 'utf8'), file)
    expect(read.map((route) => [route.path, route.public])).toEqual(routes.map((route) => [route.path, route.meta?.public === true]))
    for (const [index, route] of routes.entries()) {
      const loaded = await (route.component as () => Promise<{ default: unknown }>)()
      const module = (await import(/* @vite-ignore */ read[index]!.module)) as { default: unknown }
      expect(module.default, route.path).toBe(loaded.default)
    }
  })

  it('is emitted with the table in its code (its comments dropped) and refuses a template without the placeholder', () => {
    const script = earlyScript(template, TABLE)
    expect(script).toContain(JSON.stringify(TABLE))
    expect(script).not.toContain('__PONTE_ROUTE_CHUNKS__')
    expect(() => earlyScript('window.x = 1', TABLE)).toThrow(/__PONTE_ROUTE_CHUNKS__/)
  })

  it('posts the renewal and preloads the chunks and stylesheets of the page at the address when this browser holds a session', () => {
    const { links, requests, answer } = runAt('/cases/0193a0c4-5b6e-7000-8000-000000000001', Date.now() + 60_000)
    expect(requests).toEqual(['/api/v1/auth/refresh'])
    expect(answer).toBeInstanceOf(Promise)
    expect(links).toEqual([
      { rel: 'modulepreload', href: '/assets/CasePage-d.js', crossOrigin: '' },
      { rel: 'modulepreload', href: '/assets/cards-c.js', crossOrigin: '' },
    ])
    expect(runAt('/', Date.now() + 60_000).links).toEqual([
      { rel: 'modulepreload', href: '/assets/HomePage-b.js', crossOrigin: '' },
      { rel: 'modulepreload', href: '/assets/cards-c.js', crossOrigin: '' },
      { rel: 'preload', as: 'style', href: '/assets/HomePage-e.css', crossOrigin: '' },
    ])
  })

  it('prepares a page that needs a session only when this browser holds one, and a public page always', () => {
    expect(runAt('/', null).links).toEqual([])
    expect(runAt('/', Date.now() - 1).links).toEqual([])
    expect(runAt('/login', null).links.map((link) => link.href)).toEqual(['/assets/LoginPage-a.js'])
    expect(runAt('/no/such/page', Date.now() + 60_000).links).toEqual([])
  })
})
