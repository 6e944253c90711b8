import type { Page, Request } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { expectAccessible, signIn, signOut, useBrowser } from '../support/browser.js'
import { loaded, taxCodeOf, visible } from './case-helpers.js'

const ctx = useBrowser()

const searchBox = (page: Page) => page.getByRole('combobox', { name: 'Cerca una persona o un caso per nome o codice fiscale' })

/** The requests of the header search: what they carried in the URL and the body. */
function recordSearches(page: Page) {
  const searches: { url: string; method: string; body: string | null }[] = []
  page.on('request', (request: Request) => {
    if (request.url().includes('/persons/search')) searches.push({ url: request.url(), method: request.method(), body: request.postData() })
  })
  return searches
}

describe('the header search', () => {
  it('finds a person by a misspelt name or by codice fiscale and goes straight to the case, keyboard only, every state accessible', async () => {
    const { page } = ctx
    const searches = recordSearches(page)
    await signIn(page, 'casemanager@valmadrera.demo')
    const box = searchBox(page)

    await box.fill('giuseppe fumagali')
    const option = await visible(page.getByRole('option', { name: /^Giuseppe Fumagalli/ }))
    expect(await option.textContent()).toMatch(/^Giuseppe Fumagalli nato il 14\/03\/1971, caso: /)
    expect(await box.getAttribute('aria-expanded')).toBe('true')
    await expectAccessible(page, 'header search with results')
    await box.press('ArrowDown')
    expect(await box.getAttribute('aria-activedescendant')).toBe(await option.getAttribute('id'))
    await box.press('Enter')
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/)
    await page.getByRole('heading', { level: 1, name: 'Giuseppe Fumagalli' }).waitFor()
    await loaded(page)
    const caseUrl = page.url()

    await page.goto('/')
    await box.fill(taxCodeOf({ givenName: 'Giuseppe', familyName: 'Fumagalli', birthDate: '1971-03-14', sex: 'M', birthPlaceCode: 'E507' }).toLowerCase())
    await visible(page.getByRole('option', { name: /^Giuseppe Fumagalli/ }))
    await box.press('Enter')
    await page.waitForURL(caseUrl)

    await box.fill('zzxqw nessuno')
    await visible(page.locator('.ponte-header-search-empty').filter({ hasText: 'Nessun risultato' }))
    await expectAccessible(page, 'header search with no results')
    await box.press('Escape')
    await box.press('Escape')
    expect(await box.inputValue()).toBe('')

    // What was typed travelled in the body of a POST, never in the address.
    expect(searches.length).toBeGreaterThan(0)
    for (const search of searches) {
      expect(search.method).toBe('POST')
      expect(new URL(search.url).search).toBe('')
      expect(search.url.toLowerCase()).not.toMatch(/fumagal|fmggpp/)
    }
    expect(searches.some((s) => s.body?.includes('"taxCode":"FMGGPP'))).toBe(true)
    await signOut(page)
  })

  it('shows a partner operator only the persons of the cases referred to their cooperative', async () => {
    const { page } = ctx
    await signIn(page, 'operator@cooplavoro.demo')
    const box = searchBox(page)
    await box.fill('Fumagalli')
    await visible(page.getByRole('option', { name: /^Giuseppe Fumagalli/ }))
    // Youssef El Amrani's referral is still awaiting an answer: the cooperative does not see him.
    await box.fill('El Amrani')
    await visible(page.locator('.ponte-header-search-empty').filter({ hasText: 'Nessun risultato' }))
    await signOut(page)
  })

  it('works on a 390 px phone screen: the box fits the screen and the results open the case', async () => {
    const { page } = ctx
    await page.setViewportSize({ width: 390, height: 844 })
    try {
      await signIn(page, 'coordinator@valmadrera.demo')
      const box = searchBox(page)
      const size = await box.boundingBox()
      expect(size).not.toBeNull()
      expect(size!.x).toBeGreaterThanOrEqual(0)
      expect(size!.x + size!.width).toBeLessThanOrEqual(390)
      await box.click()
      await box.fill('popescu')
      const option = await visible(page.getByRole('option', { name: /^Ioana Popescu/ }))
      const optionSize = await option.boundingBox()
      expect(optionSize!.x + optionSize!.width).toBeLessThanOrEqual(390)
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
      await expectAccessible(page, 'header search on a phone')
      await option.click()
      await page.getByRole('heading', { level: 1, name: 'Ioana Popescu' }).waitFor()
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 })
    }
  })
})
