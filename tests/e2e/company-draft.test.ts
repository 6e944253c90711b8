/**
 * A draft outside the case page (issue 14, "nothing typed is lost"), in Chromium against the real
 * API: the edit of a company typed and not saved, the page left (the app asks first) and opened
 * again, the edit panel opens with the value typed and the notice "Bozza non salvata ripristinata";
 * axe-core finds no WCAG 2.1 AA violation in that restored state. Nothing is saved: the demo data
 * stays as it was. Every wait is for an event (an element, a URL).
 */
import { describe, expect, it } from 'vitest'
import { expectAccessible, signIn, useBrowser } from '../support/browser.js'
import { loaded, navigate, visible } from './case-helpers.js'

const ctx = useBrowser()

const COMPANY = 'Officine Lario S.p.A.'
const PHONE = '0341 555 0192'

describe("a company's edit keeps its draft across pages", () => {
  it('typed, left (asking first) and opened again: restored with the notice, accessible', async () => {
    const { page } = ctx
    await signIn(page, 'operator@cooplavoro.demo')

    const openCompany = async () => {
      await navigate(page, 'Aziende')
      await page.getByLabel("Nome dell'azienda o partita IVA", { exact: true }).fill('Officine')
      await page.getByRole('search', { name: 'Filtri delle aziende' }).getByRole('button', { name: 'Cerca' }).click()
      await page.getByRole('link', { name: COMPANY, exact: true }).click()
      await visible(page.getByRole('heading', { level: 1, name: COMPANY }))
      await loaded(page)
    }
    await openCompany()
    const companyPath = new URL(page.url()).pathname

    await page.getByRole('button', { name: 'Modifica i dati', exact: true }).click()
    const panel = page.locator('.ponte-panel')
    await visible(panel.getByRole('heading', { name: "Modifica i dati dell'azienda" }))
    const phone = panel.getByLabel('Telefono', { exact: true })
    const before = await phone.inputValue()
    expect(before).not.toBe(PHONE)
    await phone.fill(PHONE)

    // Leaving the page asks first (the app's question, answered "leave").
    const asked: string[] = []
    page.once('dialog', (dialog) => {
      asked.push(dialog.message())
      void dialog.accept()
    })
    await navigate(page, 'Aziende')
    expect(asked).toHaveLength(1)
    expect(asked[0]).toContain('modifiche non salvate')
    expect(new URL(page.url()).pathname).not.toBe(companyPath)

    // Back on the company: the edit opens again with the value typed, and says so.
    await openCompany()
    expect(new URL(page.url()).pathname).toBe(companyPath)
    const restored = page.locator('.ponte-panel')
    await visible(restored.getByText('Bozza non salvata ripristinata', { exact: false }))
    expect(await restored.getByLabel('Telefono', { exact: true }).inputValue()).toBe(PHONE)
    await expectAccessible(page, 'company page with the edit draft restored')

    // Discarded, the company's own value is back and nothing was saved.
    await restored.getByRole('button', { name: 'Scarta la bozza' }).click()
    expect(await restored.getByLabel('Telefono', { exact: true }).inputValue()).toBe(before)
    expect(await page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith('ponte.draft.')))).toEqual([])
  })
})
