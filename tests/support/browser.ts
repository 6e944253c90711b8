/**
 * The browser side of the end-to-end tests: the system Chromium (never a downloaded one), a fresh
 * context per test, signing in through the login page, and the axe-core WCAG 2.1 AA check that
 * every visited page must pass with 0 violations.
 */
import { WAIT_BUDGET_MS } from './wait-budget.js'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, expect, inject } from 'vitest'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

export const DEMO_PASSWORD = 'ponte-demo-2026'

/**
 * How long a locator, a navigation or a `waitFor` may wait for its event before it gives up.
 * Playwright's own default is 30 s, a clock a busy 2-core machine can outrun; the tests wait for
 * events, and this budget (like the suite's 10-minute test timeout) only stops a stuck test.
 */
export { WAIT_BUDGET_MS }

/** A browser context whose every wait uses the suite's budget instead of Playwright's 30 s. */
export async function newBrowserContext(browser: Browser, options: Parameters<Browser['newContext']>[0]): Promise<BrowserContext> {
  const context = await browser.newContext(options)
  context.setDefaultTimeout(WAIT_BUDGET_MS)
  context.setDefaultNavigationTimeout(WAIT_BUDGET_MS)
  return context
}

export interface BrowserTestContext {
  baseUrl: string
  browser: Browser
  context: BrowserContext
  page: Page
}

/** A browser for the file and a fresh context and page for each test. */
export function useBrowser(): BrowserTestContext {
  const ctx = { baseUrl: inject('baseUrl') } as BrowserTestContext
  beforeAll(async () => {
    ctx.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    })
  })
  beforeEach(async () => {
    // bypassCSP only lets the test inject axe-core: the API's CSP (script-src 'self') stays in force for the app.
    ctx.context = await newBrowserContext(ctx.browser, { baseURL: ctx.baseUrl, locale: 'it-IT', viewport: { width: 1280, height: 900 }, bypassCSP: true })
    ctx.page = await ctx.context.newPage()
  })
  afterEach(async () => {
    await ctx.context?.close()
  })
  afterAll(async () => {
    await ctx.browser?.close()
  })
  return ctx
}

/** The phone the layout tests use: 390 × 844 CSS pixels, touch. */
export const PHONE = { width: 390, height: 844 }

/**
 * A phone for the tests of a file: `openPhone()` opens a fresh phone context and page (Italian,
 * 390 px, touch; axe may be injected), closing the one it opened before; the last is closed after
 * each test.
 */
export function usePhone(ctx: BrowserTestContext): () => Promise<Page> {
  let phone: BrowserContext | null = null
  afterEach(async () => {
    await phone?.close()
    phone = null
  })
  return async () => {
    await phone?.close()
    phone = await newBrowserContext(ctx.browser, { baseURL: ctx.baseUrl, locale: 'it-IT', viewport: PHONE, isMobile: true, hasTouch: true, bypassCSP: true })
    return phone.newPage()
  }
}

/** Signs in through the login page and waits for the home page. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Accedi' }).click()
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
  await page.locator('main h1').first().waitFor()
}

interface AxeResults {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[]
}

/** Runs axe-core on the current page (WCAG 2.0/2.1 A and AA) and fails on any violation. */
export async function expectAccessible(page: Page, label = page.url()) {
  await page.waitForLoadState('networkidle')
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE })
  const results = await page.evaluate(
    () =>
      (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } }).axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      }),
  )
  const violations = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`)
  expect(violations, `accessibility violations on ${label}`).toEqual([])
}

/** Signs out through the header's button (Italian or English) and waits for the login page. */
export async function signOut(page: Page) {
  await page.getByRole('button', { name: /^(esci|sign out)$/i }).first().click()
  await page.waitForURL((url) => url.pathname.startsWith('/login'))
  await page.getByLabel('Email').waitFor()
}
