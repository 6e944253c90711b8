/**
 * Mediation joined to work measures in the browser (issues 9 and 10). The cooperative's job
 * developer publishes a vacancy at a company, proposes a person referred to the cooperative, moves
 * them to the trial with the internship's details — first with an allowance under the regional
 * minimum, refused with the rule broken, then fixed — follows the card's link to the internship
 * created, and finds it on the "Percorsi" list with its views (ending soon, attendance to record,
 * follow-ups due). axe-core checks every new state (0 WCAG 2.1 AA violations).
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { expectAccessible, signIn, useBrowser } from '../support/browser.js'
import { loaded, navigate, openTab, statusMessage, visible } from './case-helpers.js'

const ctx = useBrowser()

const COMPANY = 'Stampaggio Plastiche Brianza S.p.A.'
/** Referred by the Comune di Valmadrera to the cooperative, referral accepted (demo data). */
const PERSON = 'Giuseppe Fumagalli'
const VACANCY = 'Operatore di linea di stampaggio'

/** A date `days` from today in Italy, as an <input type=date> takes it. */
const isoInDays = (days: number) => new Date(Date.now() + days * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Rome' })

/** Opens the move menu of a candidate with the keyboard and chooses a move with the arrows and Enter. */
async function moveWithKeyboard(page: Page, person: string, move: string) {
  const button = page.getByRole('button', { name: `Sposta ${person}`, exact: true })
  await button.focus()
  await page.keyboard.press('ArrowDown')
  const menu = page.getByRole('menu', { name: `Spostamenti di ${person}` })
  await visible(menu)
  const items = (await menu.getByRole('menuitem').allTextContents()).map((text) => text.trim())
  const index = items.indexOf(move)
  expect(index, `${move} among ${items.join(', ')}`).toBeGreaterThanOrEqual(0)
  for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown')
  await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(move)
  await page.keyboard.press('Enter')
}

describe('a trial creates the internship', () => {
  it('moves a referred person to the trial with the internship, refused under the rules then created, linked and listed in Percorsi', async () => {
    const { page } = ctx
    await signIn(page, 'operator@cooplavoro.demo')

    // A vacancy at a company of the book.
    await navigate(page, 'Aziende')
    await page.getByLabel("Nome dell'azienda o partita IVA", { exact: true }).fill('Stampaggio')
    await page.getByRole('search', { name: 'Filtri delle aziende' }).getByRole('button', { name: 'Cerca' }).click()
    await page.getByRole('link', { name: COMPANY, exact: true }).click()
    await visible(page.getByRole('heading', { level: 1, name: COMPANY }))
    await loaded(page)
    const vacancies = await openTab(page, 'Opportunità')
    await vacancies.getByRole('button', { name: "Aggiungi un'opportunità" }).click()
    await vacancies.getByLabel('Titolo', { exact: true }).fill(VACANCY)
    await vacancies.getByLabel('Durata (mesi)', { exact: true }).fill('12')
    await vacancies.getByRole('button', { name: "Pubblica l'opportunità" }).click()
    await statusMessage(vacancies, `Opportunità pubblicata: ${VACANCY}.`)
    await vacancies.getByRole('link', { name: VACANCY, exact: true }).click()
    await visible(page.getByRole('heading', { level: 1, name: VACANCY }))
    await loaded(page)

    // The person proposed, then moved to the interview.
    await page.getByRole('button', { name: 'Proponi una persona' }).click()
    await page.getByLabel('Nome o cognome', { exact: true }).fill('Fumagalli')
    await page.getByRole('search', { name: 'Cerca tra i tuoi casi' }).getByRole('button', { name: 'Cerca' }).click()
    await page.getByRole('radio', { name: new RegExp(`^${PERSON}`) }).check()
    await page.getByRole('button', { name: 'Proponi', exact: true }).click()
    await statusMessage(page, `${PERSON} è stata proposta.`)
    await moveWithKeyboard(page, PERSON, 'CV inviato')
    await visible(page.getByRole('status').filter({ hasText: `${PERSON}: CV inviato.` }))
    await moveWithKeyboard(page, PERSON, 'Colloquio')
    await visible(page.getByRole('status').filter({ hasText: `${PERSON}: Colloquio.` }))

    // The trial with the internship: an allowance under the minimum is refused with the rule broken.
    await moveWithKeyboard(page, PERSON, 'Prova / tirocinio')
    const form = page.getByRole('region', { name: `${PERSON}: Prova / tirocinio` })
    await visible(form)
    await form.getByLabel('Fine prevista', { exact: true }).fill(isoInDays(90))
    await form.getByLabel('Indennità mensile lorda (euro)', { exact: true }).fill('300')
    await form.getByRole('button', { name: 'Prova / tirocinio' }).click()
    await visible(form.getByRole('alert').filter({ hasText: /indennità mensile minima/i }))
    await visible(page.getByRole('region', { name: /^Colloquio/ }).getByRole('link', { name: PERSON }))
    await expectAccessible(page, 'vacancy page, trial refused under the regional rules')

    // Fixed: the trial creates the internship, announced and linked from the card.
    await form.getByLabel('Indennità mensile lorda (euro)', { exact: true }).fill('500')
    await form.getByRole('button', { name: 'Prova / tirocinio' }).click()
    await visible(page.getByRole('status').filter({ hasText: `${PERSON}: Prova / tirocinio. Tirocinio creato.` }))
    const trial = page.getByRole('region', { name: /^Prova/ })
    const link = trial.getByRole('link', { name: `Tirocinio creato. (${PERSON})` })
    await visible(link)
    await expectAccessible(page, 'vacancy page, trial with the internship created')
    await link.click()
    await page.waitForURL(/\/measures\/[0-9a-f-]{36}$/)
    await visible(page.getByRole('heading', { level: 1, name: new RegExp(PERSON) }))
    await loaded(page)
    const measureUrl = page.url()
    await expectAccessible(page, 'the internship created by the trial')

    // The Percorsi list: the internship, and the views.
    await navigate(page, 'Percorsi')
    await visible(page.getByRole('heading', { level: 1, name: 'Percorsi di lavoro' }))
    await statusMessage(page, /percors/)
    const row = page.getByRole('row').filter({ hasText: COMPANY }).filter({ hasText: PERSON })
    await visible(row)
    expect(await row.getByRole('link', { name: PERSON }).getAttribute('href')).toBe(new URL(measureUrl).pathname)
    await expectAccessible(page, 'Percorsi list')
    const filters = page.getByRole('search', { name: 'Filtra i percorsi' })
    await filters.getByLabel('Azienda ospitante o datore di lavoro', { exact: true }).selectOption({ label: COMPANY })
    await filters.getByRole('button', { name: 'Cerca' }).click()
    await statusMessage(page, 'Un percorso.')
    for (const view of ['In scadenza', 'Presenze da registrare', 'Verifiche da fare']) {
      await page.getByRole('navigation', { name: 'Viste' }).getByRole('link', { name: view, exact: true }).click()
      await expect.poll(() => page.getByRole('navigation', { name: 'Viste' }).locator('[aria-current=page]').textContent()).toBe(view)
      await loaded(page)
      // Checked once the links' colour transitions have ended, not mid-transition.
      await expect.poll(() => page.evaluate(() => document.getAnimations().filter((a) => a.playState === 'running').length)).toBe(0)
      await expectAccessible(page, `Percorsi: ${view}`)
    }
    // The demo follow-ups due of the cooperative's cases.
    await visible(page.getByRole('table', { name: 'Verifiche da fare' }).getByRole('link', { name: PERSON }).first())

    // The home card of the follow-ups.
    await navigate(page, 'Pagina iniziale')
    const card = page.getByRole('region', { name: 'Verifiche dei percorsi' })
    await visible(card.getByRole('listitem').first())
    await expectAccessible(page, 'home with the follow-ups card')
  })
})
