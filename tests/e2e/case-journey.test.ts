/**
 * The journey of issue 3 in the browser, as three people do it: the case manager registers a new
 * person (the tax code checked as typed), opens the case, records a preliminary assessment, writes
 * and submits the plan and refers the case to the cooperative; the cooperative's operator accepts
 * the referral and sees the working profile only; the coordinator approves the plan. axe-core
 * checks every page and tab state on the way (0 WCAG 2.1 AA violations).
 *
 * The steps share the case through this file (they run in order, each in a fresh browser context).
 */
import { describe, expect, it } from 'vitest'
import { expectAccessible, signIn, signOut, useBrowser } from '../support/browser.js'
import { loaded, navigate, openTab, statusMessage, tabNames, taxCodeCheckCharacter, taxCodeOf, visible } from './case-helpers.js'

const ctx = useBrowser()

/** A person the demo data does not have (the demo has no Invernizzi), born in Lecco (E507). */
const PERSON = { givenName: 'Graziella', familyName: 'Invernizzi', birthDate: '1977-10-03', sex: 'F', birthPlaceCode: 'E507' } as const
const FULL_NAME = `${PERSON.givenName} ${PERSON.familyName}`
const TAX_CODE = taxCodeOf(PERSON)
/** The same code with a wrong check character. */
const WRONG_TAX_CODE = TAX_CODE.slice(0, 15) + (TAX_CODE[15] === 'A' ? 'B' : 'A')
const COOPERATIVE = 'Cooperativa Sociale Lavoro e Comunità'
const OBJECTIVE = 'Rientrare nel lavoro nella logistica entro sei mesi'
const EXPECTED_RESULT = 'Un tirocinio di inserimento avviato in un magazzino del territorio'

const STAFF_ONLY_TABS = ['Dati sensibili', 'Valutazioni', 'Progetto', 'Contributi', 'Incontri', 'Diario']

/** The case page's path, once the case manager has opened it. */
let casePath: string | null = null

describe('the cases journey: case manager, cooperative operator, coordinator', () => {
  it('computes a valid codice fiscale for the new person', () => {
    expect(TAX_CODE).toMatch(/^[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]$/)
    // Verified with computeTaxCode of @ponte/shared: NVRGZL77R43E507K.
    expect(TAX_CODE).toBe('NVRGZL77R43E507K')
    expect(taxCodeCheckCharacter(TAX_CODE.slice(0, 15))).toBe(TAX_CODE[15])
    expect(WRONG_TAX_CODE).not.toBe(TAX_CODE)
  })

  it('the case manager registers the person, opens the case, assesses, plans and refers it', async () => {
    const { page } = ctx
    await signIn(page, 'casemanager@valmadrera.demo')

    // The case list.
    await navigate(page, 'Casi')
    await visible(page.getByRole('heading', { level: 1, name: 'Casi' }))
    await statusMessage(page, /\d+ cas[oi] mostrat/)
    await expectAccessible(page, 'case list (case manager)')

    // "Nuova persona": the person form, the tax code checked as it is typed.
    await navigate(page, 'Nuova persona')
    await visible(page.getByRole('heading', { level: 1, name: 'Registra una nuova persona' }))
    await expectAccessible(page, 'new person form')
    await page.getByLabel('Nome', { exact: true }).fill(PERSON.givenName)
    await page.getByLabel('Cognome', { exact: true }).fill(PERSON.familyName)
    await page.getByLabel('Data di nascita', { exact: true }).fill(PERSON.birthDate)
    await page.getByLabel('Sesso', { exact: true }).selectOption(PERSON.sex)
    const taxCode = page.getByLabel('Codice fiscale', { exact: true })
    await taxCode.pressSequentially(WRONG_TAX_CODE.slice(0, 10))
    await visible(page.getByText('Il codice fiscale ha 16 caratteri: ne mancano 6.'))
    await taxCode.pressSequentially(WRONG_TAX_CODE.slice(10))
    const checkCharacterHint = page.getByText("L'ultimo carattere (carattere di controllo) non corrisponde", { exact: false })
    await visible(checkCharacterHint)
    // The hint is tied to the field: it describes the input for screen readers.
    expect(await taxCode.getAttribute('aria-describedby')).toContain('person-new-taxCode-check')
    await expectAccessible(page, 'new person form with the tax-code hint shown')
    await taxCode.fill('')
    await taxCode.pressSequentially(TAX_CODE.toLowerCase())
    await visible(page.getByText('Il codice fiscale è valido e coerente con i dati inseriti.'))
    expect(await checkCharacterHint.count()).toBe(0)
    await page.getByRole('button', { name: 'Registra la persona' }).click()

    // Registered: the case form for the person.
    await statusMessage(page, `Persona registrata: ${FULL_NAME}.`)
    await visible(page.getByRole('heading', { level: 2, name: `Apri il caso di ${FULL_NAME}` }))
    await expectAccessible(page, 'open the case of the registered person')
    await page.getByRole('button', { name: 'Apri il caso', exact: true }).click()

    // The case page, in intake ("Accoglienza"), on the profile tab.
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/)
    casePath = new URL(page.url()).pathname
    await visible(page.getByRole('heading', { level: 1, name: FULL_NAME }))
    const facts = page.getByRole('group', { name: 'Dati del caso' })
    await visible(facts.getByText('Accoglienza', { exact: true }))
    await visible(facts.getByText('Marco Rusconi', { exact: true }))
    const profile = await openTab(page, 'Profilo')
    await visible(profile.getByText(TAX_CODE, { exact: true }))
    await expectAccessible(page, 'new case: profile tab')

    // "Valutazioni": a preliminary assessment (the form's default kind, dated today).
    const assessments = await openTab(page, 'Valutazioni')
    await visible(assessments.getByText('Nessuna valutazione registrata per questo caso.'))
    await expectAccessible(page, 'new case: assessments tab, empty')
    await assessments.getByLabel('Punti di forza', { exact: true }).fill('Esperienza di magazzino; patente B; molto motivata.')
    await assessments.getByLabel('Livello di occupabilità', { exact: true }).selectOption({ label: 'Media' })
    await assessments.getByRole('button', { name: 'Salva valutazione' }).click()
    await statusMessage(assessments, /^Valutazione registrata: Analisi preliminare del /)
    const assessmentTable = assessments.getByRole('table', { name: 'Valutazioni del caso' })
    await visible(assessmentTable.getByRole('rowheader', { name: 'Analisi preliminare' }))
    await visible(assessmentTable.getByRole('cell', { name: 'Marco Rusconi' }))
    await expectAccessible(page, 'new case: assessments tab after saving')

    // "Progetto": the first version, saved as a draft and sent for approval.
    const plan = await openTab(page, 'Progetto')
    await visible(plan.getByText('Il caso non ha ancora un progetto personalizzato.'))
    await expectAccessible(page, 'new case: plan tab, no plan')
    await plan.getByRole('button', { name: 'Crea il progetto' }).click()
    await visible(plan.getByRole('heading', { name: 'Nuovo progetto personalizzato' }))
    expect(await plan.getByLabel('Obiettivo', { exact: true }).count()).toBe(1)
    await plan.getByLabel('Obiettivo', { exact: true }).fill(OBJECTIVE)
    await plan.getByLabel('Risultato atteso', { exact: true }).fill(EXPECTED_RESULT)
    await expectAccessible(page, 'new case: plan form')
    await plan.getByRole('button', { name: 'Salva bozza' }).click()
    await statusMessage(plan, 'Bozza del progetto salvata (versione 1).')
    await visible(plan.getByText(OBJECTIVE))
    await visible(plan.getByText('Bozza', { exact: true }).first())
    await expectAccessible(page, 'new case: plan tab, draft')
    await plan.getByRole('button', { name: 'Invia per approvazione' }).click()
    await statusMessage(plan, "Versione 1 inviata per l'approvazione.")
    await visible(plan.getByText('Inviato', { exact: true }).first())
    await visible(plan.getByText("Il progetto è in attesa dell'approvazione di un coordinatore."))
    expect(await plan.getByRole('button', { name: 'Approva' }).count()).toBe(0)
    await expectAccessible(page, 'new case: plan tab, submitted')

    // "Invii": referred to the cooperative with the person's consent.
    const referrals = await openTab(page, 'Invii')
    await visible(referrals.getByText('Il caso non è stato inviato a nessun ente.'))
    await referrals.getByRole('button', { name: 'Invia a un ente partner' }).click()
    await visible(referrals.getByRole('heading', { name: 'Nuovo invio' }))
    await loaded(page)
    await referrals.getByLabel('Ente partner', { exact: true }).selectOption({ label: COOPERATIVE })
    await referrals.getByLabel("Finalità dell'invio", { exact: true }).fill('Orientamento e ricerca di un tirocinio di inserimento nella logistica')
    // Consent is a deliberate act: no date until the box is ticked, then today's (editable).
    expect(await referrals.getByLabel('Data del consenso della persona', { exact: true }).count()).toBe(0)
    await referrals.getByLabel("La persona ha dato il consenso all'invio", { exact: true }).check()
    const consentDate = referrals.getByLabel('Data del consenso della persona', { exact: true })
    expect(await consentDate.inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    await referrals.getByLabel('Ambito del consenso', { exact: true }).fill('Profilo lavorativo condiviso con la cooperativa per il percorso di inserimento')
    await expectAccessible(page, 'new case: referral form')
    await referrals.getByRole('button', { name: 'Invia il caso' }).click()
    await statusMessage(referrals, `Caso inviato a ${COOPERATIVE}.`)
    const referral = await visible(referrals.getByRole('article', { name: `Invio a ${COOPERATIVE}` }))
    await visible(referral.getByText('In attesa di risposta', { exact: true }))
    await expectAccessible(page, 'new case: referrals tab, requested')

    await signOut(page)
  })

  it('the cooperative operator accepts the referral and sees only the working profile', async () => {
    const { page } = ctx
    expect(casePath, 'the case manager step opened the case').not.toBeNull()
    await signIn(page, 'operator@cooplavoro.demo')

    // The referral inbox: the new person's referral, waiting.
    await navigate(page, 'Invii')
    await visible(page.getByRole('heading', { level: 1, name: 'Invii ricevuti' }))
    await statusMessage(page, /\d+ invi[oi] mostrat/)
    const item = await visible(page.getByRole('article', { name: new RegExp(`^${FULL_NAME} – da `) }))
    await visible(item.getByText('In attesa di risposta', { exact: true }))
    // Before accepting, no way into the case.
    expect(await item.getByRole('link', { name: `Apri il caso di ${FULL_NAME}` }).count()).toBe(0)
    await expectAccessible(page, 'referral inbox (operator)')
    await item.getByRole('button', { name: "Accetta l'invio" }).click()
    await statusMessage(page, 'Invio accettato.')
    await visible(item.getByText('Accettato', { exact: true }))
    await expectAccessible(page, 'referral inbox after accepting')

    // The case as the partner sees it: working profile, the referral and the timeline only.
    await item.getByRole('link', { name: `Apri il caso di ${FULL_NAME}` }).click()
    await page.waitForURL((url) => url.pathname === casePath)
    await visible(page.getByRole('heading', { level: 1, name: FULL_NAME }))
    await visible(page.getByText("Il caso è stato inviato al tuo ente: vedi il profilo lavorativo della persona, l'invio e la cronologia condivisa."))
    const profile = await openTab(page, 'Profilo')
    await visible(profile.getByRole('heading', { name: 'Profilo lavorativo' }))
    await visible(profile.getByText('Vedi il profilo lavorativo condiviso con il tuo ente', { exact: false }))
    // Identity is part of the working profile: the name heads the page, the tax code is in the profile.
    await visible(profile.getByText(TAX_CODE, { exact: true }))
    expect(await tabNames(page)).toEqual(['Profilo', 'Impegni partner', 'Invii', 'Candidature', 'Percorsi', 'Cronologia'])
    for (const name of STAFF_ONLY_TABS) expect(await page.getByRole('tab', { name, exact: true }).count(), `tab ${name}`).toBe(0)
    expect(await page.getByRole('heading', { name: 'Dati sensibili' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Cambia stato' }).count()).toBe(0)
    await expectAccessible(page, 'partner case view: profile tab')

    const referrals = await openTab(page, 'Invii')
    const referral = await visible(referrals.getByRole('article', { name: `Invio a ${COOPERATIVE}` }))
    await visible(referral.getByText('Accettato', { exact: true }))
    expect(await referrals.getByRole('button', { name: 'Invia a un ente partner' }).count()).toBe(0)
    await expectAccessible(page, 'partner case view: referrals tab')

    await signOut(page)
  })

  it('the coordinator finds the case and approves the plan', async () => {
    const { page } = ctx
    expect(casePath, 'the case manager step opened the case').not.toBeNull()
    await signIn(page, 'coordinator@valmadrera.demo')

    // The case list, searched by the person's name.
    await navigate(page, 'Casi')
    await statusMessage(page, /\d+ cas[oi] mostrat/)
    const filters = page.getByRole('search', { name: 'Filtra i casi' })
    await filters.getByLabel('Cerca per nome', { exact: true }).fill(PERSON.familyName)
    await filters.getByRole('button', { name: 'Cerca' }).click()
    await statusMessage(page, '1 caso mostrato')
    const table = page.getByRole('table', { name: 'Casi, dal più recentemente aggiornato' })
    await visible(table.getByRole('cell', { name: 'Marco Rusconi' }))
    await expectAccessible(page, 'case list searched by name (coordinator)')
    await table.getByRole('link', { name: FULL_NAME }).click()
    await page.waitForURL((url) => url.pathname === casePath)
    await visible(page.getByRole('heading', { level: 1, name: FULL_NAME }))
    await openTab(page, 'Profilo')
    // The coordinator may read the sensitive section: its tab is there.
    expect(await tabNames(page)).toContain('Dati sensibili')
    await expectAccessible(page, 'case page as coordinator: profile tab')

    // "Progetto": submitted; the coordinator approves it.
    const plan = await openTab(page, 'Progetto')
    await visible(plan.getByText('Inviato', { exact: true }).first())
    await visible(plan.getByText(OBJECTIVE))
    await visible(plan.getByText(EXPECTED_RESULT))
    await expectAccessible(page, 'coordinator: plan tab, submitted')
    await plan.getByRole('button', { name: 'Approva', exact: true }).click()
    await statusMessage(plan, 'Versione 1 approvata.')
    await visible(plan.getByText('Approvato', { exact: true }).first())
    expect(await plan.getByRole('button', { name: 'Approva', exact: true }).count()).toBe(0)
    await visible(plan.getByRole('button', { name: 'Registra firma' }))
    await expectAccessible(page, 'coordinator: plan tab, approved')

    // The timeline tells the whole story.
    const timeline = await openTab(page, 'Cronologia')
    for (const event of [
      /Caso aperto \(episodio 1\), case manager Marco Rusconi/,
      /Valutazione registrata: analisi preliminare del /,
      /Progetto personalizzato: versione 1 creata/,
      /Progetto personalizzato: versione 1 inviata in approvazione/,
      new RegExp(`Inviato a ${COOPERATIVE}`),
      new RegExp(`Invio accettato da ${COOPERATIVE}`),
      /Progetto personalizzato: versione 1 approvata/,
    ]) {
      await visible(timeline.getByText(event).first())
    }
    await expectAccessible(page, 'coordinator: timeline tab')

    await signOut(page)
  })
})
