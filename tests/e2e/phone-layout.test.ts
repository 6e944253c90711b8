/**
 * The app on a phone (390 × 844 CSS px, touch): home, case list and every tab of a case page never
 * scroll sideways; tables are stacked rows whose cells name their column; the case page's tabs stay
 * on one line (a tab bar that scrolls sideways) and the tab's content starts within the first
 * screen (the case header is a summary there, its details behind a button, checked opened too);
 * axe-core finds 0 violations. Reads only.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { expectAccessible, PHONE, signIn, useBrowser, usePhone } from '../support/browser.js'
import { loaded, statusMessage, visible } from './case-helpers.js'

const ctx = useBrowser()
const DEMO_PERSON = 'Giuseppe Fumagalli'

const openPhone = usePhone(ctx)

/** The page is exactly as wide as the screen: nothing makes it scroll sideways. */
async function expectNoSidewaysScroll(page: Page, label: string) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => {
    const root = document.scrollingElement!
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth }
  })
  expect(scrollWidth, `${label}: page ${scrollWidth}px wide on a ${clientWidth}px screen`).toBeLessThanOrEqual(clientWidth)
}

/** The active tab's panel starts within the first screen: its heading is seen without scrolling. */
async function expectTabContentOnFirstScreen(page: Page, tabName: string) {
  const heading = page.getByRole('tabpanel', { name: tabName, exact: true }).getByRole('heading').first()
  await heading.waitFor()
  const top = await heading.evaluate((element) => element.getBoundingClientRect().top + window.scrollY)
  expect(top, `${tabName}: the tab content starts at ${Math.round(top)} px on a ${PHONE.height} px screen`).toBeLessThan(PHONE.height - 40)
}

describe('on a 390 px phone', () => {
  it('home, the case list and every tab of a case page fit the screen, with tables as stacked rows', async () => {
    const page = await openPhone()
    await signIn(page, 'coordinator@valmadrera.demo')
    await loaded(page)
    await expectNoSidewaysScroll(page, 'home')
    await expectAccessible(page, 'home on a phone')

    await page.goto('/cases')
    await page.locator('main h1').first().waitFor()
    await statusMessage(page, /\d+ cas[oi] mostrat/)
    await loaded(page)
    await expectNoSidewaysScroll(page, 'case list')
    // The table is stacked rows: each row a block, each cell labelled with its column.
    const firstRow = page.getByRole('table').locator('tbody tr').first()
    expect(await firstRow.evaluate((row) => getComputedStyle(row).display)).toBe('block')
    expect(await firstRow.locator('td').first().getAttribute('data-label')).toBe('Stato')
    await expectAccessible(page, 'case list on a phone')

    const filters = page.getByRole('search', { name: 'Filtra i casi' })
    await filters.getByLabel('Cerca per nome', { exact: true }).fill(DEMO_PERSON)
    await filters.getByRole('button', { name: 'Cerca' }).click()
    await statusMessage(page, '1 caso mostrato')
    await page.getByRole('table').getByRole('link', { name: DEMO_PERSON }).click()
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}/)
    await visible(page.getByRole('heading', { level: 1, name: DEMO_PERSON }))
    await loaded(page)

    // One line of tabs, scrolling sideways inside its own bar.
    const tablist = page.getByRole('tablist')
    const tabs = tablist.getByRole('tab')
    const listBox = (await tablist.boundingBox())!
    const tabBox = (await tabs.first().boundingBox())!
    expect(listBox.height, 'the tabs stay on one line').toBeLessThan(tabBox.height * 1.5)
    // The case header is a summary on a phone (its details behind a button): the tab's content starts within the first screen.
    await expectTabContentOnFirstScreen(page, ((await tablist.getByRole('tab', { selected: true }).textContent()) ?? '').trim())
    await expectNoSidewaysScroll(page, 'case page')
    await expectAccessible(page, 'case page on a phone')
    const details = page.getByRole('button', { name: 'Mostra tutti i dati del caso' })
    await details.click()
    await visible(page.getByRole('group', { name: 'Dati del caso' }).getByText('Provenienza', { exact: true }))
    await expect.poll(() => page.getByRole('button', { name: 'Nascondi i dati del caso' }).getAttribute('aria-expanded')).toBe('true')
    await expectAccessible(page, 'case page on a phone, case details shown')
    await page.getByRole('button', { name: 'Nascondi i dati del caso' }).click()

    const names = (await tabs.allTextContents()).map((name) => name.trim())
    expect(names.length).toBeGreaterThan(5)
    for (const name of names.slice(1)) {
      const tab = tablist.getByRole('tab', { name, exact: true })
      await tab.click()
      await expect.poll(() => tab.getAttribute('aria-selected')).toBe('true')
      await page.getByRole('tabpanel', { name, exact: true }).getByRole('heading').first().waitFor()
      await loaded(page)
      // The selected tab is scrolled into the tab bar's view.
      const [bar, selected] = [(await tablist.boundingBox())!, (await tab.boundingBox())!]
      expect(selected.x, `${name} tab in view`).toBeGreaterThanOrEqual(bar.x - 1)
      expect(selected.x + selected.width, `${name} tab in view`).toBeLessThanOrEqual(bar.x + bar.width + 1)
      await expectNoSidewaysScroll(page, `case page, tab ${name}`)
    }
    await expectAccessible(page, 'case page, last tab, on a phone')
  })
})
