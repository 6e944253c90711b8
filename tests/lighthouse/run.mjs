/* global window */
/**
 * `pnpm lighthouse`: Lighthouse 12 scores (performance, accessibility) of the built product on the
 * sign-in, home and case pages, desktop and mobile. Starts `node apps/api/dist/server.js` on a free
 * port with a fresh embedded PostgreSQL and the demo data (like the e2e tests), signs in as the
 * case manager in the system Chromium (never a downloaded one), and prints a table. It measures;
 * nothing asserts timings. Needs `pnpm build` first.
 *
 *   pnpm lighthouse                 every page, desktop and mobile, one run each
 *   RUNS=3 pnpm lighthouse          the median of three runs of each
 *   BASE_URL=http://… pnpm lighthouse   an already running Ponte (with the demo data)
 *   PAGES=home,case FORM_FACTORS=mobile pnpm lighthouse   only those pages / devices
 *   REPORT_DIR=/tmp/lh pnpm lighthouse   also writes each run's full report (JSON) there, e.g. to read
 *                                   which elements shifted (layout-shifts) or what blocked the main thread,
 *                                   and the unthrottled trace it simulated the phone from (`*.trace.json`,
 *                                   for `FROM_TRACE=… node tests/lighthouse/trace.mjs`)
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as chromeLauncher from 'chrome-launcher'
import lighthouse from 'lighthouse'
import desktopConfig from 'lighthouse/core/config/desktop-config.js'
import puppeteer from 'puppeteer-core'

const root = path.resolve(import.meta.dirname, '../..')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const EMAIL = process.env.LIGHTHOUSE_EMAIL ?? 'casemanager@valmadrera.demo'
const PASSWORD = 'ponte-demo-2026'
const CASE_PERSON = 'Fumagalli'
const RUNS = Math.max(1, Number(process.env.RUNS ?? 1))
const PAGES = (process.env.PAGES ?? 'sign-in,home,case').split(',')
const FORM_FACTORS = (process.env.FORM_FACTORS ?? 'desktop,mobile').split(',')
const REPORT_DIR = process.env.REPORT_DIR

const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })

/** Starts the built product on a fresh data folder; resolves when /api/v1/status answers 200. */
async function startPonte() {
  const entry = path.join(root, 'apps/api/dist/server.js')
  if (!existsSync(entry) || !existsSync(path.join(root, 'apps/web/dist/index.html'))) throw new Error('Build the product first: `pnpm build`.')
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ponte-lighthouse-'))
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

/** The id of the demo case used for the case page, read through the API. */
async function demoCaseId(baseUrl) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: EMAIL, password: PASSWORD }) })
  if (!login.ok) throw new Error(`Sign-in through the API failed: ${login.status}`)
  const { accessToken } = await login.json()
  const cases = await fetch(`${baseUrl}/api/v1/cases?q=${CASE_PERSON}`, { headers: { authorization: `Bearer ${accessToken}` } }).then((r) => r.json())
  const id = cases.items?.[0]?.id
  if (!id) throw new Error(`No demo case for ${CASE_PERSON}`)
  return id
}

/** Signs in through the login page of the Chromium Lighthouse drives, so its refresh cookie is set. */
async function signInBrowser(port, baseUrl) {
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}` })
  const page = await browser.newPage()
  await page.goto(`${baseUrl}/login`, { waitUntil: 'networkidle0' })
  await page.type('input[type=email]', EMAIL)
  await page.type('input[type=password]', PASSWORD)
  await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }).catch(() => undefined), page.click('button[type=submit]')])
  await page.waitForFunction(() => !window.location.pathname.startsWith('/login'))
  await page.close()
  await browser.disconnect()
}

const median = (values) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

/** Empties Chromium's HTTP cache (cookies stay: the session survives), so every run loads cold like a first visit. */
async function clearCache(port) {
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}` })
  const page = await browser.newPage()
  const session = await page.createCDPSession()
  await session.send('Network.clearBrowserCache')
  await page.close()
  await browser.disconnect()
}

async function audit(port, name, url, formFactor) {
  const flags = { port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'], disableStorageReset: true }
  // disableStorageReset keeps the refresh cookie between pages; clearCache keeps each load cold.
  const performance = []
  const accessibility = []
  const metrics = []
  for (let run = 0; run < RUNS; run++) {
    await clearCache(port)
    let result = await lighthouse(url, flags, formFactor === 'desktop' ? desktopConfig : undefined)
    // A trace that could not be recorded (NO_NAVSTART, a cold first start) is measured again, once.
    if (result.lhr.runtimeError) result = await lighthouse(url, flags, formFactor === 'desktop' ? desktopConfig : undefined)
    const { categories, audits, runtimeError, runWarnings } = result.lhr
    if (REPORT_DIR) {
      mkdirSync(REPORT_DIR, { recursive: true })
      writeFileSync(path.join(REPORT_DIR, `${name}-${formFactor}-${run + 1}.json`), JSON.stringify(result.lhr))
      // The unthrottled trace Lighthouse simulated the phone from: `FROM_TRACE=… node tests/lighthouse/trace.mjs` reads it.
      if (result.artifacts?.Trace) writeFileSync(path.join(REPORT_DIR, `${name}-${formFactor}-${run + 1}.trace.json`), JSON.stringify(result.artifacts.Trace))
    }
    if (runtimeError) console.log(`  ${url} (${formFactor}): ${runtimeError.code} ${runtimeError.message}`)
    for (const warning of runWarnings) console.log(`  ${url} (${formFactor}): ${warning}`)
    performance.push(Math.round(categories.performance.score * 100))
    accessibility.push(Math.round(categories.accessibility.score * 100))
    metrics.push({
      fcp: audits['first-contentful-paint'].numericValue,
      lcp: audits['largest-contentful-paint'].numericValue,
      tbt: audits['total-blocking-time'].numericValue,
      cls: audits['cumulative-layout-shift'].numericValue,
    })
    const failing = Object.values(audits).filter((a) => a.score !== null && a.score < 1 && categories.accessibility.auditRefs.some((ref) => ref.id === a.id && ref.weight > 0))
    if (failing.length > 0) console.log(`  accessibility audits failing on ${url} (${formFactor}): ${failing.map((a) => a.id).join(', ')}`)
  }
  const pick = (key) => median(metrics.map((m) => m[key]))
  return { performance: median(performance), accessibility: median(accessibility), fcp: pick('fcp'), lcp: pick('lcp'), tbt: pick('tbt'), cls: pick('cls') }
}

const external = process.env.BASE_URL
const ponte = external ? { baseUrl: external.replace(/\/$/, ''), stop: async () => {} } : await startPonte()
const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] })
const rows = []
try {
  const caseId = await demoCaseId(ponte.baseUrl)
  // Signed out first: the sign-in page.
  if (PAGES.includes('sign-in')) {
    for (const formFactor of FORM_FACTORS) rows.push({ page: 'sign-in', formFactor, ...(await audit(chrome.port, 'sign-in', `${ponte.baseUrl}/login`, formFactor)) })
  }
  await signInBrowser(chrome.port, ponte.baseUrl)
  for (const [name, pathname] of [['home', '/'], ['case', `/cases/${caseId}`]]) {
    if (!PAGES.includes(name)) continue
    for (const formFactor of FORM_FACTORS) rows.push({ page: name, formFactor, ...(await audit(chrome.port, name, `${ponte.baseUrl}${pathname}`, formFactor)) })
  }
} finally {
  chrome.kill()
  await ponte.stop()
}

const ms = (value) => (Number.isFinite(value) ? `${Math.round(value)} ms` : 'n/a')
console.log(`\nLighthouse ${RUNS > 1 ? `(median of ${RUNS} runs) ` : ''}— ${EMAIL}`)
console.log('page     device   perf  a11y   FCP       LCP       TBT      CLS')
for (const r of rows) {
  console.log(
    `${r.page.padEnd(8)} ${r.formFactor.padEnd(8)} ${String(r.performance).padStart(4)}  ${String(r.accessibility).padStart(4)}   ${ms(r.fcp).padEnd(9)} ${ms(r.lcp).padEnd(9)} ${ms(r.tbt).padEnd(8)} ${Number.isFinite(r.cls) ? r.cls.toFixed(3) : 'n/a'}`,
  )
}
