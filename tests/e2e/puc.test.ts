/**
 * The PUC journey of issue 11 in the browser: the PUC manager of Valmadrera creates a project,
 * assigns a person from a case, starts the assignment, records a week of attendance, marks the
 * INAIL start communication as sent and downloads the monthly register. axe-core checks every
 * page on the way (0 WCAG 2.1 AA violations).
 */
import { describe, expect, it } from 'vitest'
import { expectAccessible, signIn, useBrowser } from '../support/browser.js'
import { loaded, navigate, statusMessage, visible } from './case-helpers.js'

const ctx = useBrowser()

const DAY = 86_400_000
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date())
const fromToday = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10)
/** Monday of last week: the week the grid opens on. */
const lastMonday = (() => {
  const d = fromToday(-7)
  const weekday = (new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7
  return new Date(Date.parse(`${d}T00:00:00Z`) - weekday * DAY).toISOString().slice(0, 10)
})()
const TITLE = 'Sentieri puliti del Moregallo'

describe('the PUC journey of the PUC manager', () => {
  it('creates a project, assigns a person, records a week, marks the start sent and downloads the register', { timeout: 240_000 }, async () => {
    const { page } = ctx
    await signIn(page, 'puc@valmadrera.demo')

    // Home: the INAIL deadlines card replaces the "still to come" note.
    await visible(page.getByRole('heading', { level: 2, name: 'Scadenze INAIL' }))
    expect(await page.getByText('compariranno qui').count()).toBe(0)
    await loaded(page)
    await expectAccessible(page, 'home of the PUC manager')

    // The projects list, and a new project.
    await navigate(page, 'PUC')
    await visible(page.getByRole('heading', { level: 1, name: 'Progetti Utili alla Collettività' }))
    await page.locator('main table tbody tr').first().waitFor()
    await expectAccessible(page, 'PUC projects')
    await page.getByRole('button', { name: 'Nuovo progetto' }).click()
    await page.getByLabel('Titolo', { exact: true }).fill(TITLE)
    await page.getByLabel('Ambito', { exact: true }).selectOption('environmental')
    await page.getByLabel('Descrizione delle attività').fill('Pulizia dei sentieri del Moregallo con la squadra dei Lavori pubblici.')
    await page.getByLabel('Inizio del progetto').fill(fromToday(-60))
    await page.getByLabel('Fine del progetto').fill(fromToday(150))
    await page.getByLabel('Nome della postazione').fill('Sentiero del Moregallo')
    await page.getByLabel('Indirizzo').fill('Località Moregallo, Valmadrera')
    await page.getByLabel('Responsabile').fill('Angelo Butti')
    await expectAccessible(page, 'new PUC project form')
    await page.getByRole('button', { name: 'Crea il progetto' }).click()
    await page.waitForURL(/\/puc\/projects\/[0-9a-f-]{36}$/)
    await visible(page.getByRole('heading', { level: 1, name: TITLE }))
    await loaded(page)
    await expectAccessible(page, 'PUC project page')

    // Assign Roberta Spreafico (an open case of Valmadrera) from her case.
    await page.getByRole('button', { name: 'Assegna una persona' }).click()
    await page.getByLabel('Nome o cognome').fill('Spreafico')
    await page.getByRole('button', { name: 'Cerca', exact: true }).click()
    await visible(page.getByLabel('Persona', { exact: true }))
    await page.getByLabel('Ore settimanali').fill('12')
    await page.getByLabel('Inizio', { exact: true }).fill(fromToday(-21))
    await page.getByLabel('Fine', { exact: true }).fill(fromToday(90))
    await expectAccessible(page, 'assign a person')
    await page.getByRole('button', { name: 'Assegna', exact: true }).click()
    await statusMessage(page, 'Persona assegnata al progetto.')
    await page.getByRole('button', { name: 'Proponi alla persona' }).click()
    await statusMessage(page, 'Stato aggiornato: Proposto.')
    await page.getByRole('button', { name: 'Avvia' }).click()
    await statusMessage(page, 'Stato aggiornato: In corso.')

    // Last week's attendance: Monday to Wednesday, 4 hours each.
    const grid = page.locator('section', { has: page.getByRole('heading', { name: /Presenze della settimana/ }) })
    await loaded(page)
    for (let i = 0; i < 3; i++) {
      const day = new Date(Date.parse(`${lastMonday}T00:00:00Z`) + i * DAY)
      const label = new Intl.DateTimeFormat('it-IT', { weekday: 'short', day: 'numeric', timeZone: 'UTC' }).format(day)
      await grid.getByLabel(`Presenza di Roberta Spreafico, ${label}`, { exact: true }).selectOption('present')
      await grid.getByLabel(`Ore di Roberta Spreafico, ${label}`, { exact: true }).fill('4')
    }
    await expectAccessible(page, 'weekly attendance grid')
    await grid.getByRole('button', { name: 'Salva la settimana' }).click()
    await statusMessage(page, 'Presenze salvate.')
    await visible(grid.getByText('12 / 12 ore'))

    // The register of last week's month, as a PDF.
    await page.getByLabel('Mese', { exact: true }).fill(lastMonday.slice(0, 7))
    const download = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Scarica il registro (PDF)' }).click()
    expect((await download).suggestedFilename()).toBe(`registro-presenze-puc-${lastMonday.slice(0, 7)}.pdf`)
    await expectAccessible(page, 'PUC project page after recording')

    // The deadlines: the start was due the day before it, so it is overdue; mark it sent.
    await page.getByRole('navigation', { name: /^menu principale$/i }).getByRole('link', { name: 'PUC', exact: true }).click()
    await page.getByRole('link', { name: 'Scadenze INAIL' }).click()
    await visible(page.getByRole('heading', { level: 1, name: 'Comunicazioni INAIL dei PUC' }))
    await loaded(page)
    await expectAccessible(page, 'INAIL deadlines')
    const item = page.locator('main li', { hasText: `Spreafico Roberta — ${TITLE}` }).filter({ hasText: 'Avvio' })
    await visible(item.getByText('In ritardo'))
    await item.getByRole('button', { name: 'Segna come inviata' }).click()
    await item.getByLabel('Riferimento INAIL').fill('INAIL-2026-E2E-0001')
    await expectAccessible(page, 'mark an INAIL communication as sent')
    await item.getByRole('button', { name: 'Conferma' }).click()
    await statusMessage(page, 'Comunicazione segnata come inviata.')
    expect(await page.locator('main li', { hasText: `Spreafico Roberta — ${TITLE}` }).filter({ hasText: 'Avvio' }).count()).toBe(0)
    await expectAccessible(page, 'INAIL deadlines after marking')
  })
})
