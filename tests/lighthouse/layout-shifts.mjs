/* global window */
/**
 * `BASE_URL=http://127.0.0.1:PORT node lighthouse/layout-shifts.mjs`: what moves while the sign-in,
 * home and case pages load, desktop (1350×940) and phone (412×823) viewports, from the browser's own
 * `layout-shift` entries — each shift's score and the elements that moved (selector, text, y and
 * height before → after). Lighthouse 12.2.3's "layout shifts" audit cannot say it with this Chromium
 * (its trace engine fails on `frame_sequence`). Needs a running Ponte with the demo data
 * (`pnpm start`); signs in as the case manager. It reports; nothing asserts.
 *
 *   PAGES=home,case   only those pages        CPU=4   slow the phone's CPU down 4×
 */
import puppeteer from 'puppeteer-core'

const BASE = (process.env.BASE_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '')
const EMAIL = process.env.LIGHTHOUSE_EMAIL ?? 'casemanager@valmadrera.demo'
const PASSWORD = 'ponte-demo-2026'
const PAGES = (process.env.PAGES ?? 'sign-in,home,case').split(',')
const VIEWPORTS = {
  desktop: { width: 1350, height: 940, deviceScaleFactor: 1 },
  mobile: { width: 412, height: 823, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true },
}

async function demoCaseId() {
  const login = await fetch(`${BASE}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: EMAIL, password: PASSWORD }) })
  const { accessToken } = await login.json()
  const cases = await fetch(`${BASE}/api/v1/cases?q=Fumagalli`, { headers: { authorization: `Bearer ${accessToken}` } }).then((r) => r.json())
  return cases.items[0].id
}

/** Runs in the page before its scripts: records every layout shift with the elements it moved. */
function recordShifts() {
  window.__shifts = []
  const describe = (node) => {
    const element = node?.nodeType === 1 ? node : node?.parentElement
    if (!element) return '?'
    const classes = typeof element.className === 'string' && element.className.trim() ? `.${element.className.trim().split(/\s+/).join('.')}` : ''
    return `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${classes} "${(element.textContent ?? '').trim().slice(0, 40)}"`
  }
  const rect = (r) => (r ? `[${Math.round(r.y)}, ${Math.round(r.height)}]` : '?')
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      window.__shifts.push({
        at: Math.round(entry.startTime),
        value: entry.value,
        input: entry.hadRecentInput,
        sources: (entry.sources ?? []).map((s) => `${describe(s.node)} ${rect(s.previousRect)}→${rect(s.currentRect)}`),
      })
    }
  }).observe({ type: 'layout-shift', buffered: true })
}

const caseId = await demoCaseId()
const paths = { 'sign-in': '/login', home: '/', case: `/cases/${caseId}` }
const browser = await puppeteer.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] })
try {
  const page = await browser.newPage()
  for (const name of PAGES) {
    if (name !== 'sign-in' && new URL(page.url() === 'about:blank' ? `${BASE}/login` : page.url()).pathname.startsWith('/login')) {
      await page.goto(`${BASE}/login`, { waitUntil: 'networkidle0' })
      await page.waitForSelector('input[type=email]')
      await page.type('input[type=email]', EMAIL)
      await page.type('input[type=password]', PASSWORD)
      await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }).catch(() => undefined), page.click('button[type=submit]')])
      await page.waitForFunction(() => !window.location.pathname.startsWith('/login'))
    }
    for (const [device, viewport] of Object.entries(VIEWPORTS)) {
      await page.setViewport(viewport)
      const cdp = await page.createCDPSession()
      await cdp.send('Network.clearBrowserCache')
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: device === 'mobile' ? Number(process.env.CPU ?? 1) : 1 })
      const script = await page.evaluateOnNewDocument(recordShifts)
      await page.goto(`${BASE}${paths[name]}`, { waitUntil: 'networkidle0' })
      const shifts = await page.evaluate(() => window.__shifts)
      const total = shifts.filter((s) => !s.input).reduce((sum, s) => sum + s.value, 0)
      console.log(`${name} ${device}: ${total.toFixed(4)}`)
      for (const s of shifts) console.log(`  at ${s.at} ms ${s.value.toFixed(4)}${s.input ? ' (after input)' : ''}: ${s.sources.join(' | ')}`)
      await page.removeScriptToEvaluateOnNewDocument(script.identifier)
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 })
      await cdp.detach()
    }
  }
} finally {
  await browser.close()
}
