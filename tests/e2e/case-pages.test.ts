/**
 * The other pages a user reaches for cases, each checked with axe-core (0 WCAG 2.1 AA violations):
 * the coordinator's home (her deadlines, the team's caseload) and the case list of one case manager
 * it links to, the case list with "only the cases assigned to me", the search for a registered person to open a
 * case for, a demo case walked through every tab as the coordinator (with the status-change and
 * reassignment panels), and the same case page in English. Reads only: nothing is saved.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { expectAccessible, signIn, useBrowser } from '../support/browser.js'
import { loaded, navigate, openTab, statusMessage, tabNames, visible } from './case-helpers.js'

const ctx = useBrowser()

/** A demo case of Valmadrera in progress, referred to the cooperative, with a sensitive section and records in every tab. */
const DEMO_PERSON = 'Giuseppe Fumagalli'
const CASE_MANAGER = 'Marco Rusconi'
/** Managed by the coordinator, with the case manager added as a colleague: listed for him, but not assigned to him. */
const COLLEAGUE_CASE = 'Paola Negri'

/** Every tab of the case page for the municipality's coordinator, and the heading of its panel, in Italian and English. */
const TABS = [
  { it: 'Profilo', en: 'Profile', heading: { it: 'Profilo lavorativo', en: 'Working profile' } },
  { it: 'Dati sensibili', en: 'Sensitive data', heading: { it: 'Dati sensibili', en: 'Sensitive data' } },
  { it: 'Valutazioni', en: 'Assessments', heading: { it: 'Valutazioni', en: 'Assessments' } },
  { it: 'Progetto', en: 'Plan', heading: { it: 'Progetto personalizzato', en: 'Individual plan' } },
  { it: 'Incontri', en: 'Meetings', heading: { it: 'Incontri', en: 'Meetings' } },
  { it: 'Diario', en: 'Diary', heading: { it: 'Diario sociale', en: 'Social diary' } },
  { it: 'Invii', en: 'Referrals', heading: { it: 'Invii al servizio lavoro', en: 'Referrals to the job service' } },
  { it: 'Candidature', en: 'Candidacies', heading: { it: 'Candidature', en: 'Candidacies' } },
  { it: 'Gruppi', en: 'Groups', heading: { it: 'Gruppi di auto mutuo aiuto', en: 'Mutual self-help groups' } },
  { it: 'Percorsi', en: 'Pathways', heading: { it: 'Percorsi di accompagnamento al lavoro', en: 'Pathways into work' } },
  { it: 'Contributi', en: 'Economic supports', heading: { it: 'Contributi economici', en: 'Economic supports' } },
  { it: 'PUC', en: 'PUC', heading: { it: 'Progetti utili alla collettività', en: 'Socially useful projects (PUC)' } },
  { it: 'Cronologia', en: 'Timeline', heading: { it: 'Cronologia del caso', en: 'Timeline of the case' } },
] as const

/** Rows of the case table: [person, case manager] of each. */
async function caseRows(page: Page) {
  const table = page.getByRole('table', { name: /^(Casi, dal più recentemente aggiornato|Cases, most recently updated first)$/ })
  const rows = table.locator('tbody tr')
  const result: { person: string; caseManager: string }[] = []
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i)
    const person = (await row.getByRole('rowheader').getByRole('link').textContent())?.trim() ?? ''
    const cells = await row.getByRole('cell').allTextContents()
    // Columns after the person: status, case manager, opened on, last update (one municipality: no municipality column).
    result.push({ person, caseManager: cells[1]?.trim() ?? '' })
  }
  return result
}

/** Opens a case from the list, searching the person's name. */
async function openCaseFromList(page: Page, name: string) {
  await navigate(page, 'Casi')
  await statusMessage(page, /\d+ cas[oi] mostrat/)
  const filters = page.getByRole('search', { name: 'Filtra i casi' })
  await filters.getByLabel('Cerca per nome', { exact: true }).fill(name)
  await filters.getByRole('button', { name: 'Cerca' }).click()
  await statusMessage(page, '1 caso mostrato')
  await page.getByRole('table').getByRole('link', { name }).click()
  await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/)
  await visible(page.getByRole('heading', { level: 1, name }))
  await loaded(page)
}

describe('case pages', () => {
  it('lists the case manager\'s cases, then only those assigned to him', async () => {
    const { page } = ctx
    await signIn(page, 'casemanager@valmadrera.demo')
    await navigate(page, 'Casi')
    await statusMessage(page, /\d+ cas[oi] mostrat/)
    await visible(page.getByRole('heading', { name: 'Riepilogo per stato' }))
    const all = await caseRows(page)
    expect(all.map((r) => r.person)).toContain(COLLEAGUE_CASE)
    expect(all.map((r) => r.person)).toContain(DEMO_PERSON)
    await expectAccessible(page, 'case list (case manager, every visible case)')

    const filters = page.getByRole('search', { name: 'Filtra i casi' })
    const mine = filters.getByRole('checkbox', { name: 'Solo i casi assegnati a me' })
    await mine.check()
    await filters.getByRole('button', { name: 'Cerca' }).click()
    // The list reloads with the filter: the colleague's case goes, the assigned ones stay.
    await expect
      .poll(async () => {
        const persons = (await caseRows(page)).map((r) => r.person)
        return persons.length > 0 && !persons.includes(COLLEAGUE_CASE)
      })
      .toBe(true)
    await loaded(page)
    const assigned = await caseRows(page)
    expect(assigned.length).toBeGreaterThan(0)
    expect(assigned.length).toBeLessThan(all.length)
    expect(new Set(assigned.map((r) => r.caseManager))).toEqual(new Set([CASE_MANAGER]))
    expect(await mine.isChecked()).toBe(true)
    await statusMessage(page, assigned.length === 1 ? '1 caso mostrato' : `${assigned.length} casi mostrati`)
    await expectAccessible(page, 'case list (case manager, assigned to me)')
  })

  it("opens the coordinator's home on her own deadlines and the team's caseload, each case manager a link to his cases", async () => {
    const { page } = ctx
    await signIn(page, 'coordinator@valmadrera.demo')
    await loaded(page)
    // What is due comes first, the welcome last.
    const headings = (await page.locator('main section.card h2').allTextContents()).map((h) => h.trim())
    expect(headings.slice(0, 3)).toEqual(['Scadenze dei miei casi', 'Da approvare', "Carico di lavoro dell'équipe"])
    expect(headings.at(-1)).toBe('Coordinatore')
    const deadlines = page.getByRole('region', { name: 'Scadenze dei miei casi' })
    await visible(deadlines.getByText('Dei casi assegnati a te.'))
    const team = page.getByRole('region', { name: "Carico di lavoro dell'équipe" })
    const marco = team.getByRole('listitem').filter({ has: page.getByRole('link', { name: CASE_MANAGER, exact: true }) })
    await visible(marco.getByText(/\d+ casi aperti|un caso aperto/))
    await expectAccessible(page, 'home of the coordinator (deadlines, approvals, team caseload)')

    await marco.getByRole('link', { name: CASE_MANAGER, exact: true }).click()
    await page.waitForURL(/\/cases\?assignedTo=[0-9a-f-]{36}$/)
    await statusMessage(page, /\d+ cas[oi] mostrat/)
    await loaded(page)
    const rows = await caseRows(page)
    expect(rows.length).toBeGreaterThan(0)
    expect(new Set(rows.map((r) => r.caseManager))).toEqual(new Set([CASE_MANAGER]))
    const filter = page.getByRole('search', { name: 'Filtra i casi' }).getByLabel('Case manager', { exact: true })
    expect(await filter.evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent?.trim())).toBe(CASE_MANAGER)
    await expectAccessible(page, "case list of one case manager (from the coordinator's caseload)")
  })

  it('searches a registered person to open a case for', async () => {
    const { page } = ctx
    await signIn(page, 'casemanager@valmadrera.demo')
    await navigate(page, 'Casi')
    await page.getByRole('link', { name: 'Apri un caso per una persona già registrata' }).click()
    await visible(page.getByRole('heading', { level: 1, name: 'Apri un caso' }))
    await expectAccessible(page, 'open a case: person search')
    const search = page.getByRole('search', { name: 'Cerca una persona registrata' })
    // Accents, case and a small typo do not matter.
    await search.getByLabel('Nome e cognome', { exact: true }).fill('stefano cripa')
    await search.getByRole('button', { name: 'Cerca' }).click()
    await statusMessage(page, /\d+ person[ae] trovat/)
    const results = page.getByRole('table', { name: 'Persone trovate' })
    await visible(results.getByRole('rowheader', { name: 'Stefano Crippa' }))
    await expectAccessible(page, 'open a case: search results')
    // Choosing the person shows the case form (not submitted here).
    await results.getByRole('button', { name: 'Apri un caso – Stefano Crippa' }).click()
    await visible(page.getByRole('heading', { level: 2, name: 'Apri il caso di Stefano Crippa' }))
    await visible(page.getByLabel('Provenienza', { exact: true }))
    await expectAccessible(page, 'open a case: case form for the chosen person')
  })

  it('walks a demo case through every tab as the coordinator', async () => {
    const { page } = ctx
    await signIn(page, 'coordinator@valmadrera.demo')
    await openCaseFromList(page, DEMO_PERSON)
    await visible(page.getByRole('group', { name: 'Dati del caso' }).getByText('Progetto in corso', { exact: true }))
    expect(await tabNames(page)).toEqual(TABS.map((tab) => tab.it))

    for (const tab of TABS) {
      const panel = await openTab(page, tab.it)
      await visible(panel.getByRole('heading', { level: 2, name: tab.heading.it }))
      await expectAccessible(page, `demo case, tab ${tab.it} (coordinator)`)
    }

    // What the demo data puts in the tabs is shown (not only the headings).
    const sensitive = await openTab(page, 'Dati sensibili')
    await visible(sensitive.getByText('46', { exact: false }).first())
    const assessments = await openTab(page, 'Valutazioni')
    await visible(assessments.getByRole('rowheader', { name: 'Analisi preliminare' }).first())
    const referrals = await openTab(page, 'Invii')
    await visible(referrals.getByRole('article', { name: 'Invio a Cooperativa Sociale Lavoro e Comunità' }))
    const timeline = await openTab(page, 'Cronologia')
    await visible(timeline.getByText(/^Caso aperto \(episodio 1\)/).first())

    // The panels of the case's actions (opened, checked, cancelled: nothing is changed).
    await page.getByRole('button', { name: 'Cambia stato' }).click()
    await visible(page.getByRole('heading', { name: 'Cambia lo stato del caso' }))
    await visible(page.getByLabel('Nuovo stato', { exact: true }))
    await expectAccessible(page, 'demo case: status change panel')
    await page.getByRole('button', { name: 'Annulla' }).click()
    await page.getByRole('button', { name: 'Riassegna il caso' }).click()
    await visible(page.getByRole('heading', { name: 'Riassegna il caso' }))
    await loaded(page)
    await expectAccessible(page, 'demo case: reassignment panel')
    await page.getByRole('button', { name: 'Annulla' }).click()
    await visible(page.getByRole('button', { name: 'Cambia stato' }))
  })

  it('shows the case page in English when the language is switched in the header', async () => {
    const { page } = ctx
    await signIn(page, 'coordinator@valmadrera.demo')
    await openCaseFromList(page, DEMO_PERSON)
    await page.getByRole('group', { name: 'Lingua' }).getByRole('button', { name: 'English' }).click()
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en')
    await visible(page.getByRole('tablist', { name: 'Sections of the case' }))
    expect(await tabNames(page)).toEqual(TABS.map((tab) => tab.en))
    await visible(page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'English', pressed: true }))

    for (const tab of TABS) {
      const panel = await openTab(page, tab.en)
      await visible(panel.getByRole('heading', { level: 2, name: tab.heading.en }))
      await expectAccessible(page, `demo case in English, tab ${tab.en}`)
    }
  })
})
