/**
 * Partner commitments in the browser (issue 14, "each role sees its work first"): the cooperative's
 * operator finds on their home page the referrals to examine and the commitments due or overdue,
 * opens an overdue one on its case's "Impegni partner" tab, records it as met and writes a progress
 * note; the case manager then reads that note in the plan tab. axe-core checks each new state.
 *
 * The steps share the case through this file (they run in order, each in a fresh browser context).
 */
import { describe, expect, it } from 'vitest'
import { expectAccessible, signIn, useBrowser } from '../support/browser.js'
import { loaded, openTab, statusMessage, tabNames, visible } from './case-helpers.js'

const ctx = useBrowser()

/** The demo's overdue commitment of the cooperative (db/seed/assessments-plans.ts). */
const COMMITMENT = 'Proporre almeno due aziende ospitanti per il tirocinio'
const NOTE = 'Colloquio fissato con la carpenteria Invernizzi per lunedì alle 9: accompagno io la persona.'

let casePath: string | null = null

describe('partner commitments: the cooperative operator updates one, the case manager reads the note', () => {
  it('the operator sees what to do on the home page and opens the overdue commitment', async () => {
    const { page } = ctx
    await signIn(page, 'operator@cooplavoro.demo')
    await loaded(page)
    const todo = page.getByRole('region', { name: 'Da fare' })
    await visible(todo.getByRole('heading', { name: 'Invii da esaminare' }))
    const link = await visible(todo.getByRole('link', { name: new RegExp(COMMITMENT) }))
    await visible(todo.getByText('In ritardo', { exact: false }).first())
    await expectAccessible(page, 'operator home with the to-do card')

    await link.click()
    await page.waitForURL((url) => url.pathname.startsWith('/cases/') && url.searchParams.get('tab') === 'partner-commitments')
    casePath = new URL(page.url()).pathname
    await loaded(page)
    // The partner's tabs: its commitments, never the plan, the diary, the sensitive data or the supports.
    const names = await tabNames(page)
    expect(names).toContain('Impegni partner')
    for (const staffOnly of ['Progetto', 'Diario', 'Dati sensibili', 'Contributi']) expect(names).not.toContain(staffOnly)
  })

  it('the operator records the commitment as met and writes a progress note', async () => {
    const { page } = ctx
    expect(casePath).not.toBeNull()
    await signIn(page, 'operator@cooplavoro.demo')
    await page.goto(`${casePath}?tab=partner-commitments`)
    await loaded(page)
    const panel = await openTab(page, 'Impegni partner')
    const card = await visible(panel.getByRole('article', { name: COMMITMENT }))
    await visible(card.getByText('In ritardo', { exact: true }))
    // The demo's note of the cooperative is there already.
    await visible(card.getByText(/Contattate tre aziende della zona industriale/))
    await expectAccessible(page, 'partner commitments tab')

    await card.getByRole('button', { name: /^Aggiorna lo stato/ }).click()
    await visible(card.getByRole('heading', { name: `Aggiorna lo stato: ${COMMITMENT}` }))
    await card.getByLabel('Rispettato', { exact: true }).check()
    const doneOn = card.getByLabel('Svolto il', { exact: true })
    expect(await doneOn.inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    await expectAccessible(page, 'partner commitments tab: status form')
    await card.getByRole('button', { name: 'Salva lo stato' }).click()
    await statusMessage(panel, `Stato aggiornato: «${COMMITMENT}» ora è Rispettato.`)
    await expect.poll(() => card.getByText('In ritardo', { exact: true }).count()).toBe(0)

    await card.getByRole('button', { name: /^Scrivi una nota di avanzamento/ }).click()
    await card.getByLabel('Nota di avanzamento', { exact: true }).fill(NOTE)
    await expectAccessible(page, 'partner commitments tab: progress note form')
    await card.getByRole('button', { name: 'Salva la nota' }).click()
    await statusMessage(panel, `Nota di avanzamento salvata su «${COMMITMENT}».`)
    await visible(card.getByText(NOTE))
    await expectAccessible(page, 'partner commitments tab: note saved')
  })

  it('the case manager reads the progress note in the plan tab', async () => {
    const { page } = ctx
    await signIn(page, 'casemanager@valmadrera.demo')
    await page.goto(casePath!)
    await loaded(page)
    const plan = await openTab(page, 'Progetto')
    const row = plan.getByRole('row', { name: new RegExp(COMMITMENT) })
    await expect.poll(() => row.textContent()).toContain('Rispettato')
    await row.getByText('Note di avanzamento (2)').click()
    await visible(row.getByText(NOTE))
    await visible(row.getByText(/Sara Corti \(Cooperativa Sociale Lavoro e Comunità\)/).first())
    await expectAccessible(page, 'plan tab with the partner\'s progress notes')
  })
})
