import { describe, expect, it } from 'vitest'
import { expectAccessible, signIn, useBrowser } from '../support/browser.js'

const ctx = useBrowser()

const token = (baseUrl: string, clientId: string, secret: string) =>
  fetch(`${baseUrl}/api/v1/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
    body: 'grant_type=client_credentials',
  })

describe('the organisation admin\'s integrations', () => {
  it('lets orgadmin@cooplavoro.demo create an API client (secret shown once, working at the token endpoint), rotate it, revoke it, and subscribe a webhook, every state accessible', async () => {
    const { page, baseUrl } = ctx
    page.on('dialog', (dialog) => void dialog.accept())
    await signIn(page, 'orgadmin@cooplavoro.demo')
    await page.getByRole('navigation').getByRole('link', { name: 'Integrazioni', exact: true }).click()
    await page.getByRole('heading', { level: 1, name: 'Integrazioni' }).waitFor()
    await expectAccessible(page, 'integrations, empty')

    await page.getByRole('button', { name: 'Nuovo client applicativo' }).click()
    await page.getByLabel('Nome del sistema').fill('Gestionale della cooperativa')
    await page.getByRole('checkbox', { name: /changes:read/ }).check()
    await page.getByRole('checkbox', { name: /referrals:read/ }).check()
    await expectAccessible(page, 'new API client form')
    await page.getByRole('button', { name: 'Crea il client' }).click()
    await page.getByText('Copia ora il segreto').waitFor()
    await expectAccessible(page, 'API client secret shown once')
    const secretPanel = page.locator('section', { has: page.getByText('Copia ora il segreto') })
    const codes = await secretPanel.locator('code').allTextContents()
    const [clientId, secret] = codes as [string, string]
    expect(secret).toMatch(/^pnt_/)
    const issued = await token(baseUrl, clientId, secret)
    expect(issued.status).toBe(200)
    const { access_token: accessToken, scope } = (await issued.json()) as { access_token: string; scope: string }
    expect(scope).toBe('changes:read referrals:read')
    expect((await fetch(`${baseUrl}/api/v1/changes`, { headers: { authorization: `Bearer ${accessToken}` } })).status).toBe(200)
    await page.getByRole('button', { name: 'Ho copiato il segreto' }).click()
    expect(await page.getByText(secret).count()).toBe(0)

    await page.getByLabel('Il vecchio segreto resta valido per').selectOption({ label: 'nessun periodo (smette subito)' })
    await page.getByRole('button', { name: 'Ruota il segreto' }).click()
    await page.getByText('Copia ora il segreto').waitFor()
    const rotated = (await secretPanel.locator('code').allTextContents())[1]!
    expect(rotated).not.toBe(secret)
    expect((await token(baseUrl, clientId, secret)).status).toBe(401)
    expect((await token(baseUrl, clientId, rotated)).status).toBe(200)
    await page.getByRole('button', { name: 'Ho copiato il segreto' }).click()

    await page.getByRole('button', { name: 'Revoca' }).click()
    await page.getByRole('cell', { name: 'revocato' }).waitFor()
    expect((await token(baseUrl, clientId, rotated)).status).toBe(401)
    await expectAccessible(page, 'API client revoked')

    await page.getByRole('button', { name: 'Nuovo webhook' }).click()
    await page.getByLabel('URL di destinazione').fill('http://127.0.0.1:9/hooks/ponte')
    await page.getByLabel('Tipi di evento').fill('referral.accepted, case.visibility_lost')
    await page.getByRole('button', { name: 'Crea il webhook' }).click()
    await page.getByText('Copia ora il segreto di firma').waitFor()
    expect((await secretPanel.locator('code').allTextContents()).some((c) => c.startsWith('whsec_'))).toBe(true)
    await page.getByRole('button', { name: 'Ho copiato il segreto' }).click()
    await page.getByRole('button', { name: 'Registro degli invii' }).click()
    await page.getByText('Nessun invio finora.').waitFor()
    await expectAccessible(page, 'webhook with its delivery log')
  })

  it('lets coordinator@valmadrera.demo import persons from a CSV and see each row\'s outcome', async () => {
    const { page } = ctx
    await signIn(page, 'coordinator@valmadrera.demo')
    await page.goto('/persons/import')
    await page.getByRole('heading', { level: 1, name: 'Importa persone' }).waitFor()
    await expectAccessible(page, 'person import')
    const csv = 'Nome;Cognome;Codice fiscale;Data di nascita;Sesso\nSenza;Codice;NONVALIDO;01/01/1980;M\n'
    await page.getByLabel('File CSV').setInputFiles({ name: 'persone.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await page.getByRole('button', { name: 'Importa', exact: true }).click()
    await page.getByText('0 registrate, 0 già presenti, 1 non valide').waitFor()
    await expectAccessible(page, 'person import result')
  })
})
