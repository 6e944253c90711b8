/**
 * What the user is looking at survives a reload, Back and Forward in a real browser (issue 14,
 * "never lose what someone typed"): the case list's filters live in the address (the name searched
 * is personal data, so it stays out of the address and lives in the history entry), the case page's
 * tab lives in the address. Every wait is for an event (a status message, a URL, a selected tab).
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, expectAccessible, newBrowserContext, signIn, useBrowser } from '../support/browser.js'
import { loaded, statusMessage, visible } from './case-helpers.js'

const ctx = useBrowser()

const PERSON = 'Giuseppe Fumagalli'

const filtersOf = (page: Page) => page.getByRole('search', { name: 'Filtra i casi' })

/** The list's filters as the form shows them. */
async function shownFilters(page: Page) {
  const filters = filtersOf(page)
  return {
    q: await filters.getByLabel('Cerca per nome', { exact: true }).inputValue(),
    status: await filters.getByLabel('Stato', { exact: true }).inputValue(),
    mine: await filters.getByRole('checkbox', { name: 'Solo i casi assegnati a me' }).isChecked(),
  }
}

/** The people of the list's rows. */
const listedPeople = (page: Page) => page.getByRole('table').locator('tbody tr th a').allTextContents()

/** Waits until the named tab of the case page is the selected one and its panel has loaded. */
async function selectedTab(page: Page, name: string) {
  await visible(page.getByRole('tab', { name, exact: true, selected: true }))
  await visible(page.getByRole('tabpanel', { name, exact: true }).getByRole('heading', { level: 2 }).first())
  await loaded(page)
}

describe('the address keeps the view', () => {
  it('the case list keeps its filters and the name searched across reload, Back and Forward; the case page keeps its tab', async () => {
    const { page } = ctx
    await signIn(page, 'casemanager@valmadrera.demo')
    await page.goto('/cases')
    await statusMessage(page, /\d+ cas[oi] mostrat/)

    const filters = filtersOf(page)
    await filters.getByLabel('Cerca per nome', { exact: true }).fill('Fumagalli')
    await filters.getByLabel('Stato', { exact: true }).selectOption({ label: 'Progetto in corso' })
    await filters.getByRole('checkbox', { name: 'Solo i casi assegnati a me' }).check()
    await filters.getByRole('button', { name: 'Cerca' }).click()
    await page.waitForURL((url) => url.searchParams.get('status') === 'active' && url.searchParams.get('assignedTo') === 'me')
    await statusMessage(page, '1 caso mostrato')
    const listUrl = new URL(page.url())
    // The name is personal data: never in the address.
    expect(listUrl.search.toLowerCase()).not.toContain('fumagalli')
    expect(await listedPeople(page)).toEqual([PERSON])

    // Reload: the same filters, the same name, the same list.
    await page.reload()
    await statusMessage(page, '1 caso mostrato')
    expect(await shownFilters(page)).toEqual({ q: 'Fumagalli', status: 'active', mine: true })
    expect(await listedPeople(page)).toEqual([PERSON])

    // To the case, then to its diary tab: the tab goes into the address.
    await page.getByRole('table').getByRole('link', { name: PERSON }).click()
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/)
    await visible(page.getByRole('heading', { level: 1, name: PERSON }))
    await selectedTab(page, 'Profilo')
    const casePath = new URL(page.url()).pathname
    await page.getByRole('tab', { name: 'Diario', exact: true }).click()
    await page.waitForURL((url) => url.pathname === casePath && url.searchParams.get('tab') === 'diary')
    await selectedTab(page, 'Diario')

    // Reload: the same tab.
    await page.reload()
    await selectedTab(page, 'Diario')
    expect(new URL(page.url()).search).toBe('?tab=diary')
    await expectAccessible(page, 'case page reloaded on its diary tab')

    // Back: the list as it was, name included; Forward: the case on the same tab.
    await page.goBack()
    await page.waitForURL((url) => url.pathname === '/cases')
    await statusMessage(page, '1 caso mostrato')
    expect(new URL(page.url()).search).toBe(listUrl.search)
    expect(await shownFilters(page)).toEqual({ q: 'Fumagalli', status: 'active', mine: true })
    expect(await listedPeople(page)).toEqual([PERSON])

    await page.goForward()
    await page.waitForURL((url) => url.pathname === casePath)
    await selectedTab(page, 'Diario')
    expect(new URL(page.url()).search).toBe('?tab=diary')

    // A shared link (a new browser context, signed in as someone who may see the case) opens the same tab.
    const other = await newBrowserContext(ctx.browser, { baseURL: ctx.baseUrl, locale: 'it-IT', viewport: { width: 1280, height: 900 } })
    try {
      const shared = await other.newPage()
      await shared.goto(`${casePath}?tab=diary`)
      await shared.waitForURL((url) => url.pathname === '/login')
      await shared.getByLabel('Email').fill('coordinator@valmadrera.demo')
      await shared.getByLabel('Password').fill(DEMO_PASSWORD)
      await shared.getByRole('button', { name: 'Accedi' }).click()
      await shared.waitForURL((url) => url.pathname === casePath)
      await selectedTab(shared, 'Diario')
      expect(new URL(shared.url()).search).toBe('?tab=diary')
    } finally {
      await other.close()
    }
  })
})
