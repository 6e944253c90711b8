import { describe, expect, it } from 'vitest'
import { expectAccessible, signIn, signOut, useBrowser } from '../support/browser.js'

const ctx = useBrowser()

describe('the auditor\'s access log', () => {
  it('lets auditor@valmadrera.demo open the access log, see entries, filter them and verify the chain, every state accessible', async () => {
    const { page } = ctx
    // A case manager of Valmadrera looks at the cases: reads of personal data the auditor then finds in the trail.
    await signIn(page, 'casemanager@valmadrera.demo')
    await page.goto('/cases')
    await page.locator('main table tbody tr').first().waitFor()
    await signOut(page)

    await signIn(page, 'auditor@valmadrera.demo')
    await page.getByRole('link', { name: 'Apri il registro degli accessi' }).waitFor()
    await expectAccessible(page, 'home of the auditor')

    await page.getByRole('navigation').getByRole('link', { name: 'Registro accessi', exact: true }).click()
    await page.getByRole('heading', { level: 1, name: 'Registro degli accessi' }).waitFor()
    await page.locator('main table tbody tr').first().waitFor()
    expect(await page.locator('main table tbody tr').count()).toBeGreaterThan(0)
    await expectAccessible(page, 'access log')

    await page.getByLabel('Azione').selectOption('list')
    await page.getByRole('button', { name: 'Filtra', exact: true }).click()
    // Wait for the filtered rows themselves: while the list reloads there are none, and "every row
    // matches" would hold of an empty table.
    await expect
      .poll(async () => {
        const actions = await page.locator('main table tbody tr td:nth-child(3)').allTextContents()
        return actions.length > 0 && actions.every((text) => text.trim() === 'Consultazione elenco')
      })
      .toBe(true)
    await expectAccessible(page, 'access log filtered by action')

    await page.getByRole('button', { name: 'Verifica integrità' }).click()
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Registro integro' }).count()).toBe(1)
    await expectAccessible(page, 'access log verified')
  })
})
