/**
 * Helpers of the cases end-to-end tests: waiting for the app to finish loading, opening a tab of
 * the case page, finding a status message, and a valid codice fiscale computed here (the tests do
 * not depend on @ponte/shared).
 */
import type { Locator, Page } from 'playwright-core'
import { expect } from 'vitest'

/** Waits until no loading message (`BaseLoading`, role="status") is left on the page. */
export async function loaded(page: Page) {
  await expect.poll(() => page.locator('.ponte-loading').count(), { timeout: 15_000 }).toBe(0)
}

/** Waits until the locator is visible and returns it. */
export async function visible(locator: Locator) {
  await locator.waitFor({ state: 'visible' })
  return locator
}

/** A polite status message (role="status") containing the text, once visible. */
export function statusMessage(page: Page | Locator, text: string | RegExp) {
  return visible(page.getByRole('status').filter({ hasText: text }).first())
}

/** The main navigation's link, clicked, then the page's h1 awaited. */
export async function navigate(page: Page, link: string) {
  await page.getByRole('navigation', { name: /^(menu principale|main menu)$/i }).getByRole('link', { name: link, exact: true }).click()
  await page.locator('main h1').first().waitFor()
  await loaded(page)
}

/**
 * Opens a tab of the case page (WAI-ARIA tabs) and waits for its panel: selected, its heading
 * shown, nothing left loading. Returns the tab panel.
 */
export async function openTab(page: Page, name: string) {
  const tab = page.getByRole('tab', { name, exact: true })
  await tab.click()
  await expect.poll(() => tab.getAttribute('aria-selected')).toBe('true')
  const panel = page.getByRole('tabpanel', { name, exact: true })
  await panel.getByRole('heading', { level: 2 }).first().waitFor()
  await loaded(page)
  return panel
}

/** The names of the tabs of the case page, in order. */
export async function tabNames(page: Page) {
  const tabs = page.getByRole('tablist').getByRole('tab')
  return (await tabs.allTextContents()).map((text) => text.trim())
}

// ---- codice fiscale

const MONTHS = 'ABCDEHLMPRST'
const ODD: Record<string, number> = {
  '0': 1, '1': 0, '2': 5, '3': 7, '4': 9, '5': 13, '6': 15, '7': 17, '8': 19, '9': 21,
  A: 1, B: 0, C: 5, D: 7, E: 9, F: 13, G: 15, H: 17, I: 19, J: 21, K: 2, L: 4, M: 18,
  N: 20, O: 11, P: 3, Q: 6, R: 8, S: 12, T: 14, U: 16, V: 10, W: 22, X: 25, Y: 24, Z: 23,
}
const evenValue = (c: string) => (/\d/.test(c) ? Number(c) : c.charCodeAt(0) - 65)

/** The check character (16th) of the first 15 characters of a codice fiscale. */
export function taxCodeCheckCharacter(first15: string): string {
  let sum = 0
  for (let i = 0; i < 15; i++) {
    const c = first15[i]!
    // Positions count from 1: odd positions (index 0, 2, …) use the odd table.
    sum += i % 2 === 0 ? ODD[c]! : evenValue(c)
  }
  return String.fromCharCode(65 + (sum % 26))
}

const letters = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toUpperCase()
const consonantsOf = (text: string) => letters(text).replace(/[AEIOU]/g, '')
const vowelsOf = (text: string) => letters(text).replace(/[^AEIOU]/g, '')

function nameCode(name: string, isGivenName: boolean) {
  const consonants = consonantsOf(name)
  if (isGivenName && consonants.length >= 4) return consonants[0]! + consonants[2]! + consonants[3]!
  return (consonants + vowelsOf(name) + 'XXX').slice(0, 3)
}

/** The codice fiscale of a person (no omocodia), from name, birth date, sex and cadastral code of the birth place. */
export function taxCodeOf(person: { givenName: string; familyName: string; birthDate: string; sex: 'F' | 'M'; birthPlaceCode: string }) {
  const [y, m, d] = person.birthDate.split('-').map(Number) as [number, number, number]
  const first15 =
    nameCode(person.familyName, false) +
    nameCode(person.givenName, true) +
    String(y % 100).padStart(2, '0') +
    MONTHS[m - 1]! +
    String(person.sex === 'F' ? d + 40 : d).padStart(2, '0') +
    person.birthPlaceCode
  return first15 + taxCodeCheckCharacter(first15)
}
