/* global window */
/**
 * Where a page's main-thread time goes: loads the built product's home and case pages in the
 * system Chromium with the CPU slowed down 4× (like Lighthouse's mobile run), signed in as the case
 * manager, and prints the long tasks (from a performance trace), the functions and scripts taking
 * the most CPU (from the V8 CPU profile of the same load) and the requests in order. It measures;
 * nothing asserts timings. Needs `pnpm build` first.
 *
 *   node tests/lighthouse/profile.mjs                     home and case, 3 loads each
 *   PAGES=case RUNS=5 node tests/lighthouse/profile.mjs
 *   WEB_DIST=/tmp/dist node …                            another build of the web app (e.g. `vite build --minify false`, readable names)
 *   PROFILE_DIR=/tmp/p node …                            also writes each load's .cpuprofile and trace there
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { chromium } from 'playwright-core'

const root = path.resolve(import.meta.dirname, '../..')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const EMAIL = 'casemanager@valmadrera.demo'
const PASSWORD = 'ponte-demo-2026'
const CASE_PERSON = 'Fumagalli'
const RUNS = Math.max(1, Number(process.env.RUNS ?? 3))
const PAGES = (process.env.PAGES ?? 'home,case').split(',')
const THROTTLE = Number(process.env.CPU_THROTTLE ?? 4)
const PROFILE_DIR = process.env.PROFILE_DIR
const TOP = Number(process.env.TOP ?? 25)

const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })

async function startPonte() {
  const entry = path.join(root, 'apps/api/dist/server.js')
  if (!existsSync(entry)) throw new Error('Build the product first: `pnpm build`.')
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ponte-profile-'))
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  let output = ''
  const server = spawn(process.execPath, [entry], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', PUBLIC_URL: baseUrl, RATE_LIMIT_MAX: '100000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  server.stdout.on('data', (chunk) => (output += chunk))
  server.stderr.on('data', (chunk) => (output += chunk))
  const stop = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve))
      server.kill('SIGTERM')
      await exited
    }
    rmSync(dataDir, { recursive: true, force: true })
  }
  // An upper bound for a stuck start on a busy machine, not a speed expectation.
  const deadline = Date.now() + 600_000
  for (;;) {
    if (server.exitCode !== null) throw new Error(`Ponte exited during start-up:\n${output}`)
    const status = await fetch(`${baseUrl}/api/v1/status`).then((r) => r.status, () => 0)
    if (status === 200) break
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`Ponte did not start within 600 s:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  return { baseUrl, stop }
}

async function demoCaseId(baseUrl) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: EMAIL, password: PASSWORD }) })
  const { accessToken } = await login.json()
  const cases = await fetch(`${baseUrl}/api/v1/cases?q=${CASE_PERSON}`, { headers: { authorization: `Bearer ${accessToken}` } }).then((r) => r.json())
  return cases.items[0].id
}

/** Self time per function and per script of a V8 CPU profile, in ms. */
function summarise(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const self = new Map()
  const dt = profile.timeDeltas
  for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (dt[i + 1] ?? 0) / 1000)
  const parent = new Map()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const fnSelf = new Map()
  const fnTotal = new Map()
  const script = new Map()
  const label = (node) => {
    const { functionName, url, lineNumber, columnNumber } = node.callFrame
    const file = url ? url.replace(/^.*\/assets\//, '').replace(/^.*\/\/[^/]+/, '') : ''
    return `${functionName || '(anonymous)'} ${file}${file ? `:${lineNumber + 1}:${columnNumber + 1}` : ''}`
  }
  for (const [id, ms] of self) {
    const node = byId.get(id)
    const name = label(node)
    fnSelf.set(name, (fnSelf.get(name) ?? 0) + ms)
    const file = node.callFrame.url ? node.callFrame.url.replace(/^.*\/assets\//, '') : node.callFrame.functionName
    script.set(file, (script.get(file) ?? 0) + ms)
    // inclusive: each distinct function on the stack once
    const seen = new Set()
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const n = label(byId.get(at))
      if (seen.has(n)) continue
      seen.add(n)
      fnTotal.set(n, (fnTotal.get(n) ?? 0) + ms)
    }
  }
  const sorted = (map) => [...map].sort((a, b) => b[1] - a[1])
  return { fnSelf: sorted(fnSelf), fnTotal: sorted(fnTotal), script: sorted(script) }
}

/**
 * Top-level tasks of the page's renderer main thread (trace events), ms: the trace holds every
 * process, so the renderer is the one busiest while the CPU profile of the page was recorded.
 */
function tasks(traceEvents, profile) {
  const mains = traceEvents.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
  const topOf = (main) => {
    const starts = traceEvents.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask'))
    // Nested task events (RunTask inside ThreadControllerImpl::RunTask) count once: the outermost.
    starts.sort((a, b) => a.ts - b.ts || b.dur - a.dur)
    const top = []
    for (const e of starts) if (top.length === 0 || e.ts >= top.at(-1).ts + top.at(-1).dur) top.push(e)
    return top.filter((e) => e.ts >= profile.startTime && e.ts <= profile.endTime)
  }
  const sum = (list) => list.reduce((s, e) => s + e.dur, 0)
  const best = mains.map(topOf).sort((a, b) => sum(b) - sum(a))[0] ?? []
  return best.map((e) => ({ ts: e.ts, ms: e.dur / 1000, cpu: (e.tdur ?? e.dur) / 1000 }))
}

async function load(browser, url, name, run) {
  const context = browser.contexts()[0]
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.clearBrowserCache')
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE })
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 })
  const requests = []
  let navStart = null
  cdp.on('Network.requestWillBeSent', (e) => {
    if (navStart === null) navStart = e.timestamp
    requests.push({ id: e.requestId, url: e.request.url.replace(/^https?:\/\/[^/]+/, ''), start: e.timestamp, end: null })
  })
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.find((q) => q.id === e.requestId)
    if (r) r.end = e.timestamp
  })
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel'] })
  await cdp.send('Profiler.start')
  await page.goto(url, { waitUntil: 'networkidle' })
  await page.waitForTimeout(500)
  const { profile } = await cdp.send('Profiler.stop')
  const trace = JSON.parse((await browser.stopTracing()).toString())
  const events = trace.traceEvents ?? trace
  const lcp = await page.evaluate(
    () =>
      new Promise((resolve) => {
        new PerformanceObserver((list) => {
          const last = list.getEntries().at(-1)
          resolve(last ? { ms: Math.round(last.startTime), element: last.element ? `${last.element.tagName.toLowerCase()}${last.element.className ? `.${String(last.element.className).split(' ').join('.')}` : ''}: ${(last.element.textContent ?? '').trim().slice(0, 50)}` : '' } : null)
        }).observe({ type: 'largest-contentful-paint', buffered: true })
        setTimeout(() => resolve(null), 2000)
      }),
  )
  const fcp = await page.evaluate(() => Math.round(performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1))
  if (PROFILE_DIR) {
    mkdirSync(PROFILE_DIR, { recursive: true })
    writeFileSync(path.join(PROFILE_DIR, `${name}-${run}.cpuprofile`), JSON.stringify(profile))
    writeFileSync(path.join(PROFILE_DIR, `${name}-${run}.trace.json`), JSON.stringify(events))
  }
  await page.close()
  const all = tasks(events, profile)
  const total = all.reduce((s, t) => s + t.ms, 0)
  // Thread time (CPU actually spent by the main thread, throttling pauses and other processes excluded): the figure that holds on a busy machine.
  const cpu = all.reduce((s, t) => s + t.cpu, 0)
  const long = all.filter((t) => t.ms > 50)
  const t0 = profile.startTime
  return { profile, total, cpu, long: long.map((t) => ({ at: Math.round((t.ts - t0) / 1000), ms: Math.round(t.ms), cpu: Math.round(t.cpu) })), requests: requests.map((r) => ({ url: r.url, start: Math.round((r.start - navStart) * 1000), end: r.end ? Math.round((r.end - navStart) * 1000) : null })), lcp, fcp }
}

const { baseUrl, stop } = await startPonte()
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] })
try {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true })
  const login = await context.newPage()
  await login.goto(`${baseUrl}/login`, { waitUntil: 'networkidle' })
  await login.fill('input[type=email]', EMAIL)
  await login.fill('input[type=password]', PASSWORD)
  await login.click('button[type=submit]')
  await login.waitForFunction(() => !window.location.pathname.startsWith('/login'))
  await login.waitForLoadState('networkidle')
  await login.close()
  const caseId = await demoCaseId(baseUrl)
  const urls = { home: `${baseUrl}/`, case: `${baseUrl}/cases/${caseId}` }
  for (const name of PAGES) {
    const results = []
    // One warm-up load (the server's first answers are slower), not counted.
    await load(browser, urls[name], name, 0)
    for (let run = 1; run <= RUNS; run++) results.push(await load(browser, urls[name], name, run))
    const medianOf = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]
    console.log(`\n=== ${name} (${THROTTLE}× CPU, ${RUNS} loads) main-thread task ms: ${results.map((r) => Math.round(r.total)).join(', ')} (median ${Math.round(medianOf(results.map((r) => r.total)))})`)
    console.log(`main-thread CPU ms (thread time, unthrottled): ${results.map((r) => Math.round(r.cpu)).join(', ')} (median ${Math.round(medianOf(results.map((r) => r.cpu)))})`)
    console.log(`FCP ms: ${results.map((r) => r.fcp).join(', ')}; LCP ms: ${results.map((r) => r.lcp?.ms).join(', ')} — ${results[0].lcp?.element}`)
    for (const r of results) console.log(`long tasks (at ms: wall ms / CPU ms): ${r.long.map((t) => `${t.at}: ${t.ms}/${t.cpu}`).join(', ')}`)
    console.log('requests (start–end ms), last load:')
    for (const r of results.at(-1).requests) console.log(`  ${String(r.start).padStart(6)}–${String(r.end ?? '').padEnd(6)} ${r.url.slice(0, 110)}`)
    // CPU profile of the median load.
    const median = [...results].sort((a, b) => a.total - b.total)[Math.floor(results.length / 2)]
    const { fnSelf, fnTotal, script } = summarise(median.profile)
    console.log('self ms by script:')
    for (const [k, v] of script.slice(0, 15)) console.log(`  ${v.toFixed(1).padStart(8)} ${k}`)
    console.log('self ms by function:')
    for (const [k, v] of fnSelf.slice(0, TOP)) console.log(`  ${v.toFixed(1).padStart(8)} ${k}`)
    console.log('inclusive ms by function:')
    for (const [k, v] of fnTotal.slice(0, TOP)) console.log(`  ${v.toFixed(1).padStart(8)} ${k}`)
  }
} finally {
  await browser.close()
  await stop()
}
