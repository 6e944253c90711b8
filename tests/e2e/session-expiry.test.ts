/**
 * The warning before an idle session ends (docs/decisions/0022; issue 14, "never lose what someone
 * typed"), in Chromium against the real API: sessions end after 30 idle minutes, the web app warns
 * two minutes before with "Resta connesso", and after the end the sign-in returns to the same page
 * and query with the unsaved draft intact.
 *
 * No real minutes are waited: Playwright's clock drives the browser's time (Date and timers), and
 * the test jumps it to the instants the app itself announced (the session's end, shared in
 * localStorage as `ponte.sessionEndsAt`). The server keeps real time, so its refresh token is still
 * valid when "Resta connesso" renews it: what is proven here is the browser's side — the warning,
 * its focus and accessibility, the renewal through POST /auth/refresh, the end of the session in the
 * tab and the way back. That the API itself ends idle sessions is proven by the API tests
 * (apps/api/test/auth/login.test.ts). Every wait is for an event (an element, a URL, a response).
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, expectAccessible, signIn, signOut, useBrowser } from '../support/browser.js'
import { loaded, visible } from './case-helpers.js'

const ctx = useBrowser()

const NOTE = 'Telefonata con la persona: disponibile per un tirocinio in falegnameria da gennaio, chiede aiuto per il trasporto.'
const WARNING = 'La sessione sta per scadere'

/** When the session ends unless renewed, as the app announced it (epoch ms of the browser's clock). */
async function sessionEndsAt(page: Page): Promise<number> {
  const value = await page.evaluate(() => localStorage.getItem('ponte.sessionEndsAt'))
  expect(value).not.toBeNull()
  return Number(value)
}

/**
 * The axe-core check while the clock stands still: axe schedules a little of its work with timers,
 * which the paused clock holds, so the clock is moved on 5 ms at a time until the check is done (a
 * step or two: the session's end stays a minute and a half away).
 */
async function expectAccessibleWhilePaused(page: Page, label: string) {
  await page.waitForLoadState('networkidle')
  let done = false
  const check = expectAccessible(page, label).finally(() => (done = true))
  while (!done) await page.clock.runFor(5)
  await check
}

/** The accessible name of the focused element and whether it sits inside the warning. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const active = document.activeElement
    return { text: active?.textContent?.trim() ?? '', inWarning: active?.closest('[role="alertdialog"]') !== null }
  })

describe('the session expiry warning', () => {
  it('warns two minutes before the end, "Resta connesso" renews, and after the end the sign-in brings back the page with its draft', async () => {
    const { page } = ctx
    // The browser's time is Playwright's from the first page on; it flows as usual until paused.
    await page.clock.install()
    await signIn(page, 'casemanager@valmadrera.demo')

    // A demo case of the case manager, opened from the header search, then its diary tab by address.
    const search = page.getByRole('combobox', { name: 'Cerca una persona o un caso per nome o codice fiscale' })
    await search.fill('Giuseppe Fumagalli')
    await visible(page.getByRole('option', { name: /^Giuseppe Fumagalli/ }))
    await search.press('Enter')
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/)
    const casePath = new URL(page.url()).pathname
    // A full load: the tab starts from here, with no keypress or click since the session was renewed.
    await page.goto(`${casePath}?tab=diary`)
    const diary = page.getByRole('tabpanel', { name: 'Diario', exact: true })
    await visible(diary.getByRole('heading', { name: 'Diario sociale' }))
    await loaded(page)
    // `fill` types without key events: the user is idle for the app, so nothing renews the session.
    await diary.getByLabel('Testo della nota', { exact: true }).fill(NOTE)
    const pageAddress = `${casePath}?tab=diary`
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(pageAddress)

    // 28 minutes and a half later (of the browser's clock), time stands still: the warning is open.
    const endsAt = await sessionEndsAt(page)
    expect(endsAt - (await page.evaluate(() => Date.now()))).toBeGreaterThan(25 * 60_000)
    await page.clock.pauseAt(endsAt - 90_000)
    const warning = await visible(page.getByRole('alertdialog', { name: WARNING }))
    // Announced (an alert dialog named by its heading and described by its text) and focused on the way to stay.
    expect(await warning.getAttribute('aria-describedby')).toBe('session-warning-text')
    expect(await page.locator('#session-warning-text').textContent()).toMatch(/alle \d{2}:\d{2} la sessione scadrà/)
    await expect.poll(() => focused(page)).toEqual({ text: 'Resta connesso', inWarning: true })
    await expectAccessibleWhilePaused(page, 'case page with the session expiry warning')
    expect(await warning.isVisible()).toBe(true)

    // "Resta connesso": the session is renewed by the API, the warning goes, the page and the draft stay.
    const renewal = page.waitForResponse((response) => response.url().endsWith('/api/v1/auth/refresh') && response.request().method() === 'POST')
    await warning.getByRole('button', { name: 'Resta connesso' }).click()
    expect((await renewal).status()).toBe(200)
    await warning.waitFor({ state: 'detached' })
    const renewedEnd = await sessionEndsAt(page)
    expect(renewedEnd).toBeGreaterThan(endsAt)
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(pageAddress)
    expect(await diary.getByLabel('Testo della nota', { exact: true }).inputValue()).toBe(NOTE)

    // Left alone past the renewed end: the tab ends the session and asks to sign in, with the way back.
    await page.clock.pauseAt(renewedEnd + 1_000)
    await page.waitForURL((url) => url.pathname === '/login')
    const login = new URL(page.url())
    expect(login.searchParams.get('reason')).toBe('expired')
    expect(login.searchParams.get('redirect')).toBe(pageAddress)
    await page.clock.resume()
    await visible(page.getByText('La sessione è scaduta: accedi di nuovo per continuare.'))
    await expectAccessible(page, 'sign-in after the session expired')

    // Signing in again returns to the same page and tab, with the note typed and not saved.
    await page.getByLabel('Email').fill('casemanager@valmadrera.demo')
    await page.getByLabel('Password').fill(DEMO_PASSWORD)
    await page.getByRole('button', { name: 'Accedi' }).click()
    await page.waitForURL((url) => url.pathname === casePath)
    expect(new URL(page.url()).search).toBe('?tab=diary')
    const again = page.getByRole('tabpanel', { name: 'Diario', exact: true })
    await visible(again.getByRole('heading', { name: 'Diario sociale' }))
    await loaded(page)
    expect(await again.getByLabel('Testo della nota', { exact: true }).inputValue()).toBe(NOTE)
    await visible(again.getByText('Bozza non salvata ripristinata', { exact: false }))
    await expectAccessible(page, 'case page with the draft restored after signing in again')

    // Signing out forgets the draft (the next user of the browser never sees it).
    page.once('dialog', (dialog) => void dialog.accept())
    await signOut(page)
    expect(await page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith('ponte.draft.')))).toEqual([])
  })
})
