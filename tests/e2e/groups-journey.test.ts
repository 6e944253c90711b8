/**
 * A facilitator's main path through the mutual self-help groups, in Chromium with axe-core on
 * every state: the home card with the groups and the alert, the groups page, planning the second
 * group's 16 sessions (previewed, then saved), recording the last session of the running group
 * in one screen, and the new absence alert on the attendance page, the group and the home page.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { expectAccessible, signIn, useBrowser } from '../support/browser.js'
import { loaded, statusMessage, visible } from './case-helpers.js'

const ctx = useBrowser()

/** A date `days` from today, YYYY-MM-DD (the browser and the server share the machine's clock). */
const fromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)

async function openTab(page: Page, name: string) {
  const tab = page.getByRole('tab', { name, exact: true })
  await tab.click()
  await expect.poll(() => tab.getAttribute('aria-selected')).toBe('true')
  await loaded(page)
  return page.getByRole('tabpanel', { name, exact: true })
}

async function openGroup(page: Page, name: string) {
  await page.getByRole('navigation', { name: /^(menu principale|main menu)$/i }).getByRole('link', { name: 'Gruppi', exact: true }).click()
  await page.getByRole('heading', { level: 1, name: 'Gruppi di auto mutuo aiuto' }).waitFor()
  await loaded(page)
  await page.getByRole('table', { name: 'Gruppi che conduci o coordini' }).getByRole('link', { name, exact: true }).click()
  await page.getByRole('heading', { level: 1, name }).waitFor()
  await loaded(page)
}

describe("a facilitator's groups", () => {
  it('plans a group\'s sessions, records a session\'s attendance and sees the alert it raises, every state accessible', async () => {
    const { page } = ctx
    await signIn(page, 'facilitator@cooplavoro.demo')
    const card = page.getByRole('region', { name: 'I tuoi gruppi' })
    await visible(card.getByRole('link', { name: 'Gruppo del martedì', exact: true }))
    await visible(card.getByRole('link', { name: 'Gruppo del giovedì', exact: true }))
    await visible(card.getByText('Fabio Gerosa (Gruppo del martedì): 3 assenze ingiustificate di fila'))
    expect(await page.getByText('compariranno qui').count()).toBe(0)
    await expectAccessible(page, 'home of the facilitator')

    // The second group: plan its 16 fortnightly sessions, reviewed before saving.
    await openGroup(page, 'Gruppo del giovedì')
    await expectAccessible(page, 'the planned group')
    const calendar = await openTab(page, 'Calendario')
    const planner = calendar.getByRole('region', { name: 'Pianifica i 16 incontri quindicinali' })
    await planner.getByLabel('Dal giorno').fill(fromToday(7))
    await planner.getByLabel('Giorno della settimana').selectOption('4')
    await planner.getByLabel('Ora di inizio').fill('18:00')
    await planner.getByLabel('Luogo').fill('Sala civica, Via Roma 15, Valmadrera')
    await planner.getByRole('button', { name: "Mostra l'anteprima" }).click()
    await visible(planner.getByRole('heading', { name: 'Anteprima del calendario' }))
    expect(await planner.locator('ol.ponte-plan-preview li').count()).toBe(16)
    expect(await calendar.locator('.ponte-calendar-session').count()).toBe(0)
    await expectAccessible(page, 'the plan to review')
    await planner.getByRole('button', { name: 'Salva il calendario' }).click()
    await statusMessage(page, 'Calendario salvato: 16 incontri.')
    await expect.poll(() => calendar.locator('.ponte-calendar-session').count()).toBe(16)
    expect(await calendar.getByRole('button', { name: "Mostra l'anteprima" }).count()).toBe(0)
    await expectAccessible(page, 'the saved calendar')

    // The running group: the last session held still waits for its attendance.
    await openGroup(page, 'Gruppo del martedì')
    const alerts = page.getByRole('region', { name: 'Allerte assenze' })
    await visible(alerts.getByText(/Fabio Gerosa: 3 assenze ingiustificate di fila/))
    expect(await alerts.getByText(/Daniela Mauri/).count()).toBe(0)
    const running = await openTab(page, 'Calendario')
    const toRecord = running.locator('.ponte-calendar-session.is-planned').getByRole('link', { name: /^Presenze dell'incontro del / })
    expect(await toRecord.count()).toBe(1)
    await toRecord.click()
    await page.getByRole('heading', { level: 1, name: /^Presenze — Incontro \d+ di 16/ }).waitFor()
    await loaded(page)
    expect(await page.locator('fieldset.ponte-attendance-row').count()).toBe(13)
    expect(await page.locator('textarea').count()).toBe(0)
    await expectAccessible(page, 'the attendance of a session')

    await page.getByRole('button', { name: 'Segna tutti presenti' }).click()
    await page.getByRole('group', { name: 'Daniela Mauri', exact: true }).getByLabel('Assente ingiustificato').check()
    await page.getByRole('group', { name: 'Fabio Gerosa', exact: true }).getByLabel('Assente giustificato').check()
    await page.getByRole('button', { name: 'Salva le presenze' }).click()
    await statusMessage(page, 'Presenze salvate.')
    const raised = await statusMessage(page, 'Allerte assenze')
    expect(await raised.textContent()).toContain('Daniela Mauri: 3 assenze ingiustificate di fila')
    await expectAccessible(page, 'the attendance saved, with the alert')

    // The group and the home page show the new alert.
    await page.getByRole('link', { name: 'Torna al gruppo Gruppo del martedì' }).click()
    await page.getByRole('heading', { level: 1, name: 'Gruppo del martedì' }).waitFor()
    await loaded(page)
    await visible(page.getByRole('region', { name: 'Allerte assenze' }).getByText(/Daniela Mauri: 3 assenze ingiustificate di fila/))
    await expectAccessible(page, 'the group with the new alert')
    await page.getByRole('navigation', { name: /^(menu principale|main menu)$/i }).getByRole('link', { name: 'Pagina iniziale', exact: true }).click()
    await visible(page.getByRole('region', { name: 'I tuoi gruppi' }).getByText('Daniela Mauri (Gruppo del martedì): 3 assenze ingiustificate di fila'))
  })
})
