/**
 * The early script (src/early-refresh.js, emitted by build/early-refresh.ts): the route table as the
 * build reads it, and the emitted script run as a browser would run it — it posts the renewal and
 * adds a modulepreload for each chunk of the page at the address — the renewal in the script's own
 * task, the rest in the next one.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { earlyScript, homeCardModules, routeModules } from '../build/early-refresh'
import { readCase, readCasePerson } from '../src/api/case-detail'
import { homeCards } from '../src/components/home/registry'
import { json, stubFetch } from './helpers'
import { routes } from '../src/router/routes'

const template = readFileSync(path.resolve(import.meta.dirname, '../src/early-refresh.js'), 'utf8')
const TABLE = [
  ['LoginPage-a', 'HomePage-b', 'cards-c', 'CasePage-d', 'HomePage-e.css', 'WelcomeCard-f', 'DeadlinesCard-g', 'PucCard-h'],
  [
    ['/login', true, [0]],
    ['/', false, [1, 2, 4], { '*': [5], case_manager: [6, 2], puc_manager: [7] }],
    ['/cases/:caseId', false, [3, 2]],
  ],
]

type Sent = { url: string; headers: Record<string, string> }

/**
 * Runs the emitted script at `pathname`, with the session deadline `endsAt` (and the active roles) in
 * storage: the links it added and the requests it sent (`respond` answers them; by default never).
 */
function runAt(pathname: string, endsAt: number | null, roles: string | null = null, respond?: (url: string) => Response) {
  const links: { rel: string; href: string; crossOrigin: string | null; as?: string }[] = []
  const requests: string[] = []
  const sent: Sent[] = []
  const window: Record<string, unknown> = {}
  const nextTasks: (() => void)[] = []
  runInNewContext(earlyScript(template, TABLE), {
    window,
    location: { pathname },
    navigator: {},
    localStorage: { getItem: (key: string) => (key === 'ponte.sessionEndsAt' && endsAt !== null ? String(endsAt) : key === 'ponte.activeRoles' ? roles : null) },
    document: {
      createElement: () => ({ rel: '', href: '', crossOrigin: null }),
      head: { appendChild: (link: (typeof links)[number]) => links.push(link) },
    },
    fetch: (url: string, init?: { headers?: Record<string, string> }) => {
      requests.push(url)
      sent.push({ url, headers: init?.headers ?? {} })
      return respond ? Promise.resolve(respond(url)) : new Promise(() => undefined)
    },
    Response,
    Date,
    Number,
    setTimeout: (task: () => void, delay?: number) => nextTasks.push(delay ? () => expect.unreachable('a delay') : task),
  })
  // What the script's own task did, then the next tasks run.
  const inItsTask = { links: links.length, requests: [...requests], reads: window.__ponteEarlyReads }
  for (const task of nextTasks) task()
  return { inItsTask, links, requests, sent, answer: window.__ponteEarlyRefresh, reads: window.__ponteEarlyReads as Record<string, Promise<{ token: string; response: Response } | null>> | undefined }
}

const CASE_PATH = '/cases/0193a0c4-5b6e-7000-8000-000000000001'
const renewal = (status: number) => (url: string) =>
  url.endsWith('/auth/refresh')
    ? new Response(JSON.stringify(status === 200 ? { accessToken: 'token-early' } : { status }), { status, headers: { 'content-type': 'application/json' } })
    : new Response(JSON.stringify({ id: url }), { status: 200, headers: { 'content-type': 'application/json' } })

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
      { rel: 'modulepreload', href: '/assets/WelcomeCard-f.js', crossOrigin: '' },
    ])
  })

  it("posts the renewal in its own task and leaves storage, the page's files and reads to the next task", () => {
    const { inItsTask, links, reads } = runAt(CASE_PATH, Date.now() + 60_000, null, renewal(200))
    expect(inItsTask).toEqual({ links: 0, requests: ['/api/v1/auth/refresh'], reads: undefined })
    expect(links).toHaveLength(2)
    expect(reads).toBeDefined()
  })

  it("adds to the home's files the cards of the roles this browser last worked with, each file once", () => {
    expect(runAt('/', Date.now() + 60_000, 'case_manager').links.map((link) => link.href)).toEqual([
      '/assets/HomePage-b.js',
      '/assets/cards-c.js',
      '/assets/HomePage-e.css',
      '/assets/WelcomeCard-f.js',
      '/assets/DeadlinesCard-g.js',
    ])
    expect(runAt('/', Date.now() + 60_000, 'case_manager puc_manager').links.map((link) => link.href)).toContain('/assets/PucCard-h.js')
    // Not on another page, and not without a session.
    expect(runAt('/cases/0193a0c4-5b6e-7000-8000-000000000001', Date.now() + 60_000, 'puc_manager').links.map((link) => link.href)).toEqual(['/assets/CasePage-d.js', '/assets/cards-c.js'])
    expect(runAt('/', null, 'case_manager').links).toEqual([])
  })

  it('reads every home card with its roles from the home-cards.ts files (the welcome card: every role)', () => {
    const dir = path.resolve(import.meta.dirname, '../src/components')
    const read = readdirSync(dir).flatMap((area) => {
      const file = path.join(dir, area, 'home-cards.ts')
      return existsSync(file) ? homeCardModules(readFileSync(file, 'utf8'), file) : []
    })
    const cards = new Map(read.map((card) => [path.basename(card.module), card.roles]))
    // The same cards, with the same roles, as the registry collects (the welcome cards: one per role, read once).
    const rolesOf = (roles: readonly string[]) => [...roles].sort().join(' ')
    expect(read.filter((card) => !card.roles.includes('*')).map((card) => rolesOf(card.roles)).sort()).toEqual(
      homeCards.filter((card) => !card.id.startsWith('role-')).map((card) => rolesOf(card.roles)).sort(),
    )
    expect(cards.get('HomeRoleCard.vue')).toEqual(['*'])
    expect(cards.get('CaseDeadlinesHomeCard.vue')).toEqual(['coordinator', 'case_manager'])
    expect(cards.get('PucDeadlinesHomeCard.vue')).toEqual(['puc_manager'])
  })

  it("sends the case page's first reads, the case and its person, once the renewal answers, with its access token", async () => {
    const { sent, reads } = runAt(CASE_PATH, Date.now() + 60_000, null, renewal(200))
    expect(Object.keys(reads ?? {})).toEqual([`/api/v1${CASE_PATH}`, `/api/v1${CASE_PATH}/person`])
    const answers = await Promise.all(Object.values(reads!))
    expect(sent.map((request) => [request.url, request.headers.authorization])).toEqual([
      ['/api/v1/auth/refresh', undefined],
      [`/api/v1${CASE_PATH}`, 'Bearer token-early'],
      [`/api/v1${CASE_PATH}/person`, 'Bearer token-early'],
    ])
    expect(sent[1]!.headers['accept-language']).toBe('it, en;q=0.5')
    expect(answers.map((answer) => answer?.token)).toEqual(['token-early', 'token-early'])
    await expect(answers[1]!.response.json()).resolves.toEqual({ id: `/api/v1${CASE_PATH}/person` })
  })

  it("reads the same paths as the case page's own first reads (api/case-detail.ts), which take them", async () => {
    const { calls } = stubFetch(() => json(200, {}))
    const caseId = CASE_PATH.split('/').pop()!
    await readCase(caseId)
    await readCasePerson(caseId)
    expect(calls.map((call) => call.url)).toEqual(Object.keys(runAt(CASE_PATH, Date.now() + 60_000, null, renewal(200)).reads!))
  })

  it('sends no early read when the renewal is refused, without a session, or on another page', async () => {
    const refused = runAt(CASE_PATH, Date.now() + 60_000, null, renewal(401))
    await expect(Promise.all(Object.values(refused.reads!))).resolves.toEqual([null, null])
    expect(refused.requests).toEqual(['/api/v1/auth/refresh'])
    expect(runAt(CASE_PATH, null, null, renewal(200)).reads).toBeUndefined()
    expect(runAt('/', Date.now() + 60_000, null, renewal(200)).reads).toBeUndefined()
  })

  it('prepares a page that needs a session only when this browser holds one, and a public page always', () => {
    expect(runAt('/', null).links).toEqual([])
    expect(runAt('/', Date.now() - 1).links).toEqual([])
    expect(runAt('/login', null).links.map((link) => link.href)).toEqual(['/assets/LoginPage-a.js'])
    expect(runAt('/no/such/page', Date.now() + 60_000).links).toEqual([])
  })
})
