/**
 * Company mediation in the browser (issue 10). The cooperative's job developer finds a company in
 * the shared book, records a visit with a next action (which then waits on the home page), publishes
 * a vacancy, proposes a person referred to the cooperative, moves them along the pipeline with the
 * keyboard menu to "hired" and finds the candidacy on the person's case. On the way: the partita IVA
 * checked as typed and a duplicate answered with a link to the company that has it, the bulk import
 * with a result per row, and a case manager who reads the book without the editing actions. axe-core
 * checks every page and state visited (0 WCAG 2.1 AA violations).
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { expectAccessible, signIn, useBrowser } from '../support/browser.js'
import { loaded, navigate, openTab, statusMessage, visible } from './case-helpers.js'

const ctx = useBrowser()

const COMPANY = 'Logistica Brianza S.r.l.'
/** Referred by the Comune di Valmadrera to the cooperative, referral accepted (demo data). */
const PERSON = 'Ioana Popescu'
const VACANCY = 'Addetto al carico e scarico merci'

/** The partita IVA check digit (Luhn) of ten digits: the tests build valid numbers without @ponte/shared. */
function vatNumber(first10: string) {
  let sum = 0
  for (let i = 0; i < 10; i++) {
    const digit = Number(first10[i])
    sum += i % 2 === 0 ? digit : digit * 2 > 9 ? digit * 2 - 9 : digit * 2
  }
  return `${first10}${(10 - (sum % 10)) % 10}`
}
/** Officine Lario's, registered by the demo data. */
const DEMO_VAT = vatNumber('0088421013')

/** A date `days` from today in Italy, as an <input type=date> takes it. */
const isoInDays = (days: number) => new Date(Date.now() + days * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Rome' })

async function openCompany(page: Page, name: string) {
  await navigate(page, 'Aziende')
  await page.getByLabel("Nome dell'azienda o partita IVA", { exact: true }).fill(name.split(' ')[0]!)
  await page.getByRole('search', { name: 'Filtri delle aziende' }).getByRole('button', { name: 'Cerca' }).click()
  await page.getByRole('link', { name, exact: true }).click()
  await visible(page.getByRole('heading', { level: 1, name }))
  await loaded(page)
}

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

describe('company mediation: the job developer, the pipeline, the case', () => {
  it('records a visit, publishes a vacancy, proposes a referred person, hires them and sees the candidacy on the case', async () => {
    const { page } = ctx
    await signIn(page, 'operator@cooplavoro.demo')

    // The book of companies.
    await navigate(page, 'Aziende')
    await visible(page.getByRole('heading', { level: 1, name: 'Aziende' }))
    await statusMessage(page, /\d+ aziende mostrate/)
    await expectAccessible(page, 'companies list')
    await page.getByRole('group', { name: 'Stato della relazione' }).getByLabel('Partner', { exact: true }).check()
    await page.getByRole('search', { name: 'Filtri delle aziende' }).getByRole('button', { name: 'Cerca' }).click()
    await visible(page.getByRole('link', { name: 'Officine Lario S.p.A.', exact: true }))
    expect(await page.getByRole('link', { name: COMPANY, exact: true }).count()).toBe(0)
    await page.getByRole('group', { name: 'Stato della relazione' }).getByLabel('Partner', { exact: true }).uncheck()

    // The company page: data, obligations, the activity log.
    await openCompany(page, COMPANY)
    await visible(page.getByRole('heading', { level: 2, name: 'Obblighi e limiti' }))
    await visible(page.getByText('Da 15 a 35 dipendenti: un lavoratore.'))
    const activities = await openTab(page, 'Attività')
    await expectAccessible(page, 'company page, activities')

    // A visit with a next action in three days.
    await activities.getByLabel('Visita', { exact: true }).check()
    await activities.getByLabel('Referente', { exact: true }).selectOption({ label: 'Matteo Cattaneo — Responsabile magazzino' })
    await activities.getByLabel('Cosa è stato fatto e detto', { exact: true }).fill('Visita al magazzino con il responsabile: cercano un addetto al carico e scarico.')
    await activities.getByLabel('Esito', { exact: true }).fill("Disponibili a valutare un candidato del servizio")
    await activities.getByLabel('Prossima azione', { exact: true }).fill('Inviare il profilo di un candidato')
    await activities.getByLabel('Entro il', { exact: true }).fill(isoInDays(3))
    await activities.getByRole('button', { name: "Registra l'attività" }).click()
    await statusMessage(activities, /^Attività registrata: Visita del /)
    await visible(activities.getByRole('article').filter({ hasText: 'Inviare il profilo di un candidato' }).first())
    await expectAccessible(page, 'company page, visit recorded')

    // The other tabs.
    for (const [tab, heading] of [['Referenti', 'Referenti'], ['Sedi', 'Sedi'], ['Storico stato', 'Storico dello stato']] as const) {
      const panel = await openTab(page, tab)
      await visible(panel.getByRole('heading', { level: 2, name: heading }))
      await expectAccessible(page, `company page, ${tab}`)
    }

    // A vacancy.
    const vacancies = await openTab(page, 'Opportunità')
    await vacancies.getByRole('button', { name: "Aggiungi un'opportunità" }).click()
    await visible(vacancies.getByRole('heading', { name: 'Nuova opportunità' }))
    await vacancies.getByLabel('Titolo', { exact: true }).fill(VACANCY)
    await vacancies.getByLabel('Durata (mesi)', { exact: true }).fill('6')
    await vacancies.getByLabel('Requisiti', { exact: true }).fill('Patentino del muletto gradito')
    await expectAccessible(page, 'company page, new vacancy form')
    await vacancies.getByRole('button', { name: "Pubblica l'opportunità" }).click()
    await statusMessage(vacancies, `Opportunità pubblicata: ${VACANCY}.`)
    await vacancies.getByRole('link', { name: VACANCY, exact: true }).click()

    // The vacancy and its (empty) pipeline.
    await visible(page.getByRole('heading', { level: 1, name: VACANCY }))
    await loaded(page)
    await visible(page.getByText('0 posti coperti su 1'))
    await expectAccessible(page, 'vacancy page')

    // Proposing a person referred to the cooperative.
    await page.getByRole('button', { name: 'Proponi una persona' }).click()
    await page.getByLabel('Nome o cognome', { exact: true }).fill('Popescu')
    await page.getByRole('search', { name: 'Cerca tra i tuoi casi' }).getByRole('button', { name: 'Cerca' }).click()
    await page.getByRole('radio', { name: new RegExp(`^${PERSON}`) }).check()
    await page.getByLabel('Perché è adatta (facoltativo)', { exact: true }).fill('Esperienza nella grande distribuzione, anche in magazzino')
    await expectAccessible(page, 'vacancy page, proposing a person')
    await page.getByRole('button', { name: 'Proponi', exact: true }).click()
    await statusMessage(page, `${PERSON} è stata proposta.`)
    const proposed = page.getByRole('region', { name: /^Proposte/ })
    await visible(proposed.getByRole('link', { name: PERSON }))

    // Along the pipeline with the keyboard: each move announced, focus on the card's menu button.
    await moveWithKeyboard(page, PERSON, 'CV inviato')
    await visible(page.getByRole('status').filter({ hasText: `${PERSON}: CV inviato.` }))
    await visible(page.getByRole('region', { name: /^CV inviato/ }).getByRole('link', { name: PERSON }))
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(`Sposta ${PERSON}`)
    await moveWithKeyboard(page, PERSON, 'Colloquio')
    await visible(page.getByRole('status').filter({ hasText: `${PERSON}: Colloquio.` }))
    await page.getByRole('button', { name: `Sposta ${PERSON}`, exact: true }).focus()
    await page.keyboard.press('ArrowDown')
    await expectAccessible(page, 'vacancy page, move menu open')
    await page.keyboard.press('Escape')
    await moveWithKeyboard(page, PERSON, 'Assunta')
    await visible(page.getByRole('heading', { name: `${PERSON}: Assunta` }))
    await expectAccessible(page, 'vacancy page, the hire form')
    await page.getByRole('region', { name: `${PERSON}: Assunta` }).getByRole('button', { name: 'Assunta' }).click()
    await visible(page.getByRole('status').filter({ hasText: `${PERSON}: Assunta.` }))
    const hired = page.getByRole('region', { name: /^Assunte/ })
    await visible(hired.getByRole('link', { name: PERSON, exact: true }))
    await visible(page.getByText('1 posto coperto su 1'))
    await expectAccessible(page, 'vacancy page after the hire')

    // The case: the "Candidature" tab shows where the person stands.
    await hired.getByRole('link', { name: PERSON, exact: true }).click()
    await visible(page.getByRole('heading', { level: 1, name: PERSON }))
    const candidacies = await openTab(page, 'Candidature')
    const candidacy = candidacies.getByRole('article', { name: new RegExp(`^${VACANCY}`) })
    await visible(candidacy)
    await visible(candidacy.getByText('Assunta', { exact: true }))
    await expectAccessible(page, 'case page, Candidature tab')

    // The next actions due wait on the home page (overdue ones first).
    await navigate(page, 'Pagina iniziale')
    const card = page.getByRole('region', { name: 'Prossime azioni con le aziende' })
    await visible(card.getByRole('listitem').first())
    await visible(card.getByRole('link', { name: 'Vai alle aziende' }))
    await expectAccessible(page, 'home with the next actions card')
  })

  it('checks the partita IVA as it is typed, links a duplicate to the company that has it, and imports a file row by row', async () => {
    const { page } = ctx
    await signIn(page, 'operator@cooplavoro.demo')
    await navigate(page, 'Aziende')
    await page.getByRole('link', { name: "Registra un'azienda" }).click()
    await visible(page.getByRole('heading', { level: 1, name: "Registra un'azienda" }))
    await expectAccessible(page, 'new company form')
    await page.getByLabel('Ragione sociale', { exact: true }).fill('Officine Lario Due S.r.l.')
    const vat = page.getByLabel('Partita IVA', { exact: true })
    await vat.pressSequentially(DEMO_VAT.slice(0, 7))
    await visible(page.getByText('La partita IVA ha 11 cifre: ne mancano 4.'))
    const wrong = DEMO_VAT.slice(0, 10) + String((Number(DEMO_VAT[10]) + 1) % 10)
    await vat.fill(wrong)
    await visible(page.getByText("L'ultima cifra (cifra di controllo) della partita IVA non corrisponde", { exact: false }))
    expect(await vat.getAttribute('aria-describedby')).toContain('company-new-vatNumber-check')
    await expectAccessible(page, 'new company form with the VAT hint')
    await vat.fill(DEMO_VAT)
    await visible(page.getByText('La partita IVA è valida.'))
    await page.getByRole('button', { name: "Registra l'azienda" }).click()
    // Already registered: the form says so and links to the company that has it.
    const existing = page.getByRole('link', { name: "Apri l'azienda già registrata" })
    await visible(existing)
    await expectAccessible(page, 'new company form, duplicate partita IVA')
    await existing.click()
    await visible(page.getByRole('heading', { level: 1, name: 'Officine Lario S.p.A.' }))

    // The import: one new company, one already registered, one with a wrong partita IVA.
    await navigate(page, 'Aziende')
    await page.getByRole('link', { name: 'Importa aziende' }).click()
    await visible(page.getByRole('heading', { level: 1, name: 'Importa aziende' }))
    await expectAccessible(page, 'import page')
    const csv = [
      'Ragione sociale;Partita IVA;Codice ATECO;Dipendenti;Comune',
      `Falegnameria Rusconi S.n.c.;${vatNumber('0412345013')};16.23.10;7;Valmadrera`,
      `Officine Lario S.p.A.;${DEMO_VAT};28.41.00;62;Lecco`,
      `Ditta Sbagliata;${wrong};;3;Lecco`,
    ].join('\n')
    await page.getByLabel('File da importare (CSV o JSON)').setInputFiles({ name: 'aziende.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') })
    await page.getByRole('button', { name: 'Importa', exact: true }).click()
    await visible(page.getByRole('heading', { level: 2, name: "Risultato dell'importazione" }))
    await visible(page.getByText('1 azienda creata'))
    await visible(page.getByText('1 già registrata'))
    await visible(page.getByText('1 riga con errori'))
    const rows = page.getByRole('table', { name: 'Esito di ogni riga' }).locator('tbody tr')
    await expect.poll(() => rows.count()).toBe(3)
    expect(await rows.nth(0).textContent()).toContain('Creata')
    expect(await rows.nth(1).textContent()).toContain('Già registrata')
    expect(await rows.nth(2).textContent()).toContain('Con errori')
    expect(await rows.nth(2).textContent()).toContain('vatNumber')
    await expectAccessible(page, 'import result')
    await rows.nth(0).getByRole('link', { name: "Apri l'azienda creata" }).click()
    await visible(page.getByRole('heading', { level: 1, name: 'Falegnameria Rusconi S.n.c.' }))
  })

  it('lets a case manager read the book and the pipeline without the actions the API would refuse', async () => {
    const { page } = ctx
    await signIn(page, 'casemanager@valmadrera.demo')
    await navigate(page, 'Opportunità')
    await visible(page.getByRole('heading', { level: 1, name: 'Opportunità di lavoro' }))
    await statusMessage(page, /opportunità mostrat/)
    await expectAccessible(page, 'vacancies list (case manager)')
    // In English too.
    await page.getByRole('group', { name: 'Lingua' }).getByRole('button', { name: 'English' }).click()
    await visible(page.getByRole('heading', { level: 1, name: 'Vacancies' }))
    await visible(page.getByRole('table', { name: 'Vacancies matching the filters' }).getByRole('columnheader', { name: 'Candidates in progress' }))
    await visible(page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'English', pressed: true }))
    // The pointer leaves the language buttons and their colour transitions end before the check.
    await page.getByRole('heading', { level: 1, name: 'Vacancies' }).hover()
    await expect.poll(() => page.evaluate(() => document.getAnimations().filter((a) => a.playState === 'running').length)).toBe(0)
    await expectAccessible(page, 'vacancies list in English')
    await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Italiano' }).click()
    await visible(page.getByRole('heading', { level: 1, name: 'Opportunità di lavoro' }))
    await openCompany(page, 'Officine Lario S.p.A.')
    await loaded(page)
    expect(await page.getByRole('button', { name: 'Cambia stato della relazione' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Modifica i dati' }).count()).toBe(0)
    expect(await page.getByRole('heading', { name: "Registra un'attività" }).count()).toBe(0)
    await expectAccessible(page, 'company page (case manager)')
    const vacancies = await openTab(page, 'Opportunità')
    expect(await vacancies.getByRole('button', { name: "Aggiungi un'opportunità" }).count()).toBe(0)
    await expectAccessible(page, 'company vacancies (case manager)')

    // From a case he works, the person's candidacies and the way to propose them for an open vacancy.
    await navigate(page, 'Casi')
    const filters = page.getByRole('search', { name: 'Filtra i casi' })
    await filters.getByLabel('Cerca per nome', { exact: true }).fill('Fumagalli')
    await filters.getByRole('button', { name: 'Cerca' }).click()
    await statusMessage(page, '1 caso mostrato')
    await page.getByRole('table').getByRole('link', { name: 'Giuseppe Fumagalli' }).click()
    await visible(page.getByRole('heading', { level: 1, name: 'Giuseppe Fumagalli' }))
    const candidacies = await openTab(page, 'Candidature')
    await visible(candidacies.getByRole('article').first())
    await candidacies.getByRole('button', { name: "Proponi per un'opportunità" }).click()
    await visible(candidacies.getByRole('heading', { name: "Proponi la persona per un'opportunità aperta" }))
    await candidacies.getByRole('search', { name: 'Cerca tra le opportunità aperte' }).getByRole('button', { name: 'Cerca' }).click()
    await visible(candidacies.getByRole('group', { name: 'Opportunità' }).getByRole('radio').first())
    await expectAccessible(page, 'case page, proposing the person for a vacancy (case manager)')
    await candidacies.getByRole('button', { name: 'Annulla' }).click()
    await visible(candidacies.getByRole('button', { name: "Proponi per un'opportunità" }))
  })
})
