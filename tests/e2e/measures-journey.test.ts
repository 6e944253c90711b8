/**
 * Work measures in the browser (issue 9). The cooperative's operator opens a case referred to the
 * cooperative, starts an orientation internship from the "Percorsi" tab, is told before saving
 * that the allowance is below the Lombardy minimum (next to the field), fixes it, moves the
 * internship to "in corso", records the month's attendance in the grid (attendance % and allowance
 * due computed as typed, then saved) and downloads the individual training project (PFI) as a PDF.
 * The host company and its Lombardy site are registered through the API first, so the journey does
 * not depend on the demo data of measures. axe-core checks every state visited (0 WCAG 2.1 AA violations).
 */
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, expectAccessible, signIn, useBrowser } from '../support/browser.js'
import { loaded, navigate, openTab, statusMessage, visible } from './case-helpers.js'

const ctx = useBrowser()

const OPERATOR = 'operator@cooplavoro.demo'
/** Referred by the Comune di Valmadrera to the cooperative, referral accepted (demo data). */
const PERSON = 'Ioana Popescu'
const HOST = 'Magazzini Adda S.r.l.'
const KIND = 'Tirocinio di formazione e orientamento'

/** Today in Italy as YYYY-MM-DD. */
const todayInItaly = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Rome' })
/** The last day of the internship of `months` months starting on the first of this month. */
function lastDayAfterMonths(start: string, months: number) {
  const [y, m] = start.split('-').map(Number) as [number, number]
  return new Date(Date.UTC(y, m - 1 + months, 0)).toISOString().slice(0, 10)
}
const monthName = (month: string) => new Intl.DateTimeFormat('it-IT', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`))

/** Registers the host company (30 employees: 3 interns at once) with a site in Lombardy, as the operator, through the API. */
async function registerHost(baseUrl: string) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: OPERATOR, password: DEMO_PASSWORD }) })
  expect(login.status).toBe(200)
  const { accessToken } = (await login.json()) as { accessToken: string }
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${baseUrl}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` }, body: JSON.stringify(body) })
    expect(response.status, `POST ${path}`).toBe(201)
    return (await response.json()) as { id: string }
  }
  const company = await post('/companies', { name: HOST, employees: 30, atecoCode: '52.10.00', municipality: 'Lecco', province: 'LC', region: 'lombardia' })
  await post(`/companies/${company.id}/sites`, { name: 'Magazzino di Lecco', municipality: 'Lecco', province: 'LC', region: 'lombardia', isHeadquarters: true })
}

/** Moves the measure along its diagram with the status panel (the first status offered is the next one). */
async function moveTo(page: Page, status: string) {
  await page.getByRole('button', { name: 'Cambia lo stato', exact: true }).click()
  const panel = page.getByRole('region', { name: 'Cambia lo stato' })
  await panel.getByRole('radio', { name: status, exact: true }).check()
  await panel.getByRole('button', { name: 'Conferma il cambio di stato' }).click()
  await statusMessage(page, `Stato del percorso: ${status}.`)
}

describe('work measures: an internship for a referred case', () => {
  it('creates an internship, fixes a rule violation, records a month of attendance and downloads the PFI', async () => {
    const { page, baseUrl } = ctx
    await registerHost(baseUrl)
    await signIn(page, OPERATOR)

    // The case, from the referral inbox.
    await navigate(page, 'Invii')
    await statusMessage(page, /\d+ invi[oi] mostrat/)
    const referral = await visible(page.getByRole('article', { name: new RegExp(`^${PERSON} – da `) }))
    await referral.getByRole('link', { name: `Apri il caso di ${PERSON}` }).click()
    await visible(page.getByRole('heading', { level: 1, name: PERSON }))
    await loaded(page)
    const tab = await openTab(page, 'Percorsi')
    await visible(tab.getByRole('heading', { level: 2, name: 'Percorsi di accompagnamento al lavoro' }))
    await expectAccessible(page, 'case page, Percorsi tab')

    // A new orientation internship: the form of its kind.
    await tab.getByRole('button', { name: 'Avvia un percorso' }).click()
    const form = page.getByRole('region', { name: 'Nuovo percorso' })
    await form.getByLabel('Tipo di percorso').selectOption({ label: KIND })
    const start = `${todayInItaly().slice(0, 7)}-01`
    await form.getByLabel('Data di inizio').fill(start)
    await form.getByLabel('Fine prevista').fill(lastDayAfterMonths(start, 3))
    await form.getByLabel("Cerca l'azienda per nome").fill('Adda')
    await form.getByRole('button', { name: 'Cerca', exact: true }).click()
    // The demo book may hold other companies with the same word in their name.
    await statusMessage(form, /^(Una azienda trovata|\d+ aziende trovate)\.$/)
    await form.getByLabel('Azienda ospitante').selectOption({ label: `${HOST} (Lecco)` })
    await visible(form.getByText('Regole applicate: Regione Lombardia', { exact: false }))
    await form.getByLabel('Profilo professionale').fill('Addetta al magazzino')
    await form.getByLabel('Livello EQF').selectOption('3')
    await form.getByLabel('Destinatario').selectOption({ label: 'Disoccupato' })
    await form.getByLabel('Ore al giorno').fill('6')
    await form.getByLabel('Ore a settimana').fill('30')
    const allowance = form.getByLabel('Indennità mensile lorda (euro)')
    await allowance.fill('300')
    await form.getByRole('button', { name: 'Crea il percorso' }).click()

    // The rule broken, before saving: next to the allowance and in the summary.
    const summary = await visible(form.getByRole('alert'))
    await visible(summary.getByText('Il tirocinio non rispetta le regole regionali:'))
    const describedBy = (await allowance.getAttribute('aria-describedby')) ?? ''
    const error = page.locator(`[id="${describedBy.split(' ')[0]}"]`)
    expect((await error.textContent())?.replace(/\u00a0/g, ' ')).toBe('Indennità sotto il minimo: 300,00 € al mese, minimo 500,00 €')
    expect(await allowance.getAttribute('aria-invalid')).toBe('true')
    await expectAccessible(page, 'internship form with a rule violation')

    // Fixed, saved.
    await allowance.fill('500')
    await expect.poll(() => allowance.getAttribute('aria-invalid')).toBeNull()
    await form.getByRole('button', { name: 'Crea il percorso' }).click()
    await statusMessage(tab, `Percorso creato: ${KIND}.`)
    const card = tab.getByRole('article', { name: KIND }).first()
    await visible(card.getByText('Bozza', { exact: true }))
    await visible(card.getByText(HOST, { exact: true }))
    await expectAccessible(page, 'Percorsi tab with the new internship')

    // The measure page: moved to "in corso" along the diagram.
    await card.getByRole('link', { name: KIND }).click()
    await visible(page.getByRole('heading', { level: 1, name: `${KIND}: ${PERSON}` }))
    await loaded(page)
    await visible(page.getByText('Le presenze si registrano da quando il tirocinio è in corso.'))
    await expectAccessible(page, 'measure page, draft')
    await moveTo(page, 'Proposto')
    await moveTo(page, 'Convenzione firmata')
    await moveTo(page, 'In corso')
    await loaded(page)

    // This month's attendance in the grid: 100 of 120 hours → 83,3%, the whole allowance.
    const month = todayInItaly().slice(0, 7)
    const grid = page.getByRole('table', { name: 'Presenze e indennità per mese' })
    await grid.getByLabel(`Ore previste, ${monthName(month)}`).fill('120')
    await grid.getByLabel(`Ore svolte, ${monthName(month)}`).fill('100')
    const row = grid.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${monthName(month)}`) }) })
    await visible(row.getByText('83,3%'))
    await visible(row.getByText(/500,00\s€ \(intera\)/))
    await visible(page.getByText('Attestazione finale: dovuta (presenza complessiva almeno 70%).'))
    await page.getByRole('button', { name: 'Salva le presenze' }).click()
    await statusMessage(page, `Presenze salvate: ${monthName(month)}.`)
    await expectAccessible(page, 'measure page, attendance recorded')

    // The individual training project, as a PDF.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Scarica il Progetto Formativo Individuale (PDF)' }).click()])
    expect(download.suggestedFilename()).toMatch(/\.pdf$/)
    const file = await download.path()
    expect(readFileSync(file!).subarray(0, 5).toString()).toBe('%PDF-')
    await statusMessage(page, `Scaricato: ${download.suggestedFilename()}.`)
    await expectAccessible(page, 'measure page after the download')
  })
})
