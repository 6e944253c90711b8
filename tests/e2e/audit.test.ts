import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { expectAccessible, signIn, signOut, useBrowser } from '../support/browser.js'
import { loaded, statusMessage, visible } from './case-helpers.js'

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

  it('answers "who read Giuseppe Fumagalli\'s file?": by person (misspelt), user, action and period, exported to CSV and XLSX as shown', async () => {
    const { page } = ctx
    // The case manager opens the case: reads of Giuseppe Fumagalli's file, today.
    await signIn(page, 'casemanager@valmadrera.demo')
    await page.goto('/cases')
    const caseFilters = page.getByRole('search', { name: 'Filtra i casi' })
    await caseFilters.getByLabel('Cerca per nome', { exact: true }).fill('Giuseppe Fumagalli')
    await caseFilters.getByRole('button', { name: 'Cerca' }).click()
    await statusMessage(page, '1 caso mostrato')
    await page.getByRole('table').getByRole('link', { name: 'Giuseppe Fumagalli' }).click()
    await visible(page.getByRole('heading', { level: 1, name: 'Giuseppe Fumagalli' }))
    await loaded(page)
    await signOut(page)

    await signIn(page, 'auditor@valmadrera.demo')
    await page.goto('/audit')
    await page.locator('main table tbody tr').first().waitFor()
    const filters = page.getByRole('search', { name: 'Filtra il registro' })
    const today = await page.evaluate(() => {
      const now = new Date()
      return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`
    })
    await filters.getByLabel('Persona (nome e cognome)', { exact: true }).fill('giuseppe fumagali')
    await filters.getByLabel('Utente', { exact: true }).selectOption({ label: 'Marco Rusconi' })
    await filters.getByLabel('Azione', { exact: true }).selectOption({ label: 'Lettura' })
    await filters.getByLabel('Dal giorno', { exact: true }).fill(today)
    await filters.getByLabel('Al giorno', { exact: true }).fill(today)
    await filters.getByRole('button', { name: 'Filtra', exact: true }).click()
    // Wait for the filtered rows themselves (while the list reloads there are none).
    await expect.poll(() => filteredRows(page)).toMatchObject({ count: expect.any(Number), allMatch: true })
    const { count } = await filteredRows(page)
    expect(count).toBeGreaterThan(0)
    await expectAccessible(page, 'access log filtered by person, user, action and period')

    // The CSV holds the same rows: the person, the user and the action in words.
    const csv = await downloaded(page, 'Scarica CSV')
    expect(csv.name).toMatch(/\.csv$/)
    const lines = csv.bytes.toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n')
    const header = lines[0]!.split(';')
    const rows = lines.slice(1).map((line) => line.split(';'))
    // Every row selected (the table shows the first page of them).
    expect(rows.length).toBeGreaterThanOrEqual(count)
    for (const row of rows) {
      expect(row[header.indexOf('Chi')]).toBe('Marco Rusconi')
      expect(row[header.indexOf('Azione')]).toBe('Lettura')
      expect(row[header.indexOf('Persona')]).toBe('Giuseppe Fumagalli')
    }
    await statusMessage(page, `File ${csv.name} scaricato.`)

    // The XLSX is a workbook (a zip archive) with the same selection.
    const xlsx = await downloaded(page, 'Scarica XLSX')
    expect(xlsx.name).toMatch(/\.xlsx$/)
    expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK')
    await statusMessage(page, `File ${xlsx.name} scaricato.`)
    await expectAccessible(page, 'access log after the exports')
  })
})

/** The rows the table shows now, and whether every one is a read by Marco Rusconi of Giuseppe Fumagalli's file. */
async function filteredRows(page: Page) {
  const rows = page.locator('main table tbody tr')
  const cells = await rows.evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent?.trim() ?? '')))
  const allMatch = cells.length > 0 && cells.every((row) => row[0] === 'Marco Rusconi' && row[1] === 'Lettura' && row[3]!.startsWith('Giuseppe Fumagalli'))
  return { count: cells.length, allMatch }
}

/** Clicks an export button and answers the file the browser saved: its suggested name and its bytes. */
async function downloaded(page: Page, button: string) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button, exact: true }).click()])
  const path = await download.path()
  return { name: download.suggestedFilename(), bytes: await readFile(path) }
}
