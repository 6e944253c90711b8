import { describe, expect, it } from 'vitest'
import { expectAccessible, signIn, useBrowser } from '../support/browser.js'

const ctx = useBrowser()

/** Every demo account of the README, with the role its home page is for. */
const DEMO_ACCOUNTS = [
  { email: 'admin@ponte.demo', admin: 'organisations' },
  { email: 'coordinator@valmadrera.demo', admin: 'users' },
  { email: 'casemanager@valmadrera.demo' },
  { email: 'puc@valmadrera.demo' },
  { email: 'auditor@valmadrera.demo' },
  { email: 'coordinator@civate.demo', admin: 'users' },
  { email: 'orgadmin@cooplavoro.demo', admin: 'users' },
  { email: 'operator@cooplavoro.demo' },
  { email: 'facilitator@cooplavoro.demo' },
] as const

describe('signing in', () => {
  it('shows an accessible login page that explains wrong credentials', async () => {
    const { page } = ctx
    await page.goto('/')
    await expect.poll(() => page.url()).toContain('/login')
    await expectAccessible(page, 'login')
    await page.getByLabel('Email').fill('coordinator@valmadrera.demo')
    await page.getByLabel('Password').fill('not-the-password')
    await page.getByRole('button', { name: 'Accedi' }).click()
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/credenziali|password/i)
    await expectAccessible(page, 'login with an error')
  })

  for (const account of DEMO_ACCOUNTS) {
    it(`signs in as ${account.email}, shows an accessible home page for the role, and signs out`, async () => {
      const { page } = ctx
      await signIn(page, account.email)
      await expectAccessible(page, `home of ${account.email}`)
      if ('admin' in account) {
        const link = account.admin === 'organisations' ? 'Enti' : 'Utenti'
        await page.getByRole('navigation').getByRole('link', { name: link, exact: true }).click()
        await page.locator('main h1').first().waitFor()
        await expect.poll(() => page.locator('main table, main ul, main form').count()).toBeGreaterThan(0)
        await expectAccessible(page, `${account.admin} administration of ${account.email}`)
      }
      await page.reload()
      await page.locator('main h1').first().waitFor()
      expect(page.url()).not.toContain('/login')
      await page.getByRole('button', { name: /esci/i }).first().click()
      await expect.poll(() => page.url()).toContain('/login')
    })
  }
})
