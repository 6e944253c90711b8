import type { CompanyImportResult } from '@ponte/shared'
import type { VueWrapper } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { createAppContext, json, me, membership, mountWithApp, session, settle, stubFetch } from '../../test/helpers'
import CompanyImportPage from './CompanyImportPage.vue'

const RESULT: CompanyImportResult = {
  created: 1,
  duplicates: 1,
  invalid: 1,
  items: [
    { index: 0, outcome: 'created', id: '00000000-0000-7000-8000-0000000000e5' },
    { index: 1, outcome: 'duplicate', existingId: '00000000-0000-7000-8000-0000000000e1' },
    { index: 2, outcome: 'invalid', errors: [{ pointer: '/vatNumber', code: 'vat_number_check_digit', detail: 'La cifra di controllo della partita IVA non è corretta.' }] },
  ],
}

/** The import page of an operator; the imports are answered here with their raw bodies kept (a CSV body is text, not JSON). */
async function openImport() {
  const raw: { url: string; contentType: string | null; body: string }[] = []
  const { calls } = stubFetch(() => json(200, session(me([membership('Cooperativa Lavoro', ['operator'], 'org-coop')]))))
  const session_ = globalThis.fetch
  globalThis.fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    if (!String(input).includes('/companies/import')) return session_(input, init)
    raw.push({ url: String(input), contentType: new Headers(init.headers).get('content-type'), body: String(init.body) })
    return json(200, RESULT)
  }) as typeof fetch
  const context = createAppContext()
  await context.router.push('/companies/import')
  await context.router.isReady()
  const wrapper = mountWithApp(CompanyImportPage, context)
  await settle(10)
  return { wrapper, calls, raw }
}

async function choose(wrapper: VueWrapper, file: File) {
  const input = wrapper.get('#company-import-file').element as HTMLInputElement
  Object.defineProperty(input, 'files', { value: [file], configurable: true })
  await wrapper.get('#company-import-file').trigger('change')
  await wrapper.get('form').trigger('submit')
  await settle(10)
}

describe('CompanyImportPage', () => {
  it('sends a CSV file as it is and lists every row with its outcome, its company and its problems', async () => {
    const { wrapper, raw } = await openImport()
    const csv = 'Ragione sociale;Partita IVA\nFalegnameria Rusconi;04123450135\nOfficine Lario;00884210130\nDitta;00000000001\n'
    await choose(wrapper, new File([csv], 'aziende.csv', { type: 'text/csv' }))
    expect(raw).toHaveLength(1)
    expect(raw[0]!.contentType).toBe('text/csv')
    // A CSV body cannot name the organisation: the query does.
    expect(raw[0]!.url).toBe('/api/v1/companies/import?ownerOrganisationId=org-coop')
    expect(raw[0]!.body).toBe(csv)
    expect(document.activeElement?.textContent).toBe("Risultato dell'importazione")
    expect(wrapper.text()).toContain('1 azienda creata')
    expect(wrapper.text()).toContain('1 già registrata')
    expect(wrapper.text()).toContain('1 riga con errori')
    const rows = wrapper.findAll('tbody tr')
    expect(rows.map((r) => r.get('th').text())).toEqual(['Riga 1', 'Riga 2', 'Riga 3'])
    expect(rows[0]!.get('a').attributes('href')).toBe('/companies/00000000-0000-7000-8000-0000000000e5')
    expect(rows[1]!.get('a').text()).toBe("Apri l'azienda già registrata")
    expect(rows[2]!.text()).toContain('vatNumber: La cifra di controllo della partita IVA non è corretta.')
  })

  it('sends a JSON file as rows for the active organisation, and refuses a file it cannot read without calling the API', async () => {
    const { wrapper, raw } = await openImport()
    await choose(wrapper, new File(['{ not json'], 'aziende.json', { type: 'application/json' }))
    expect(raw).toHaveLength(0)
    expect(wrapper.get('[role=alert]').text()).toContain('Il file JSON non è leggibile')

    await choose(wrapper, new File([JSON.stringify([{ name: 'Falegnameria Rusconi', vatNumber: '04123450135' }, { name: 'Officine Lario' }, { name: 'Ditta' }])], 'aziende.json', { type: 'application/json' }))
    expect(raw).toHaveLength(1)
    expect(raw[0]!.contentType).toBe('application/json')
    expect(JSON.parse(raw[0]!.body)).toEqual({ items: [{ name: 'Falegnameria Rusconi', vatNumber: '04123450135' }, { name: 'Officine Lario' }, { name: 'Ditta' }], ownerOrganisationId: 'org-coop' })
    // The names of a JSON file are shown beside their rows.
    expect(wrapper.findAll('tbody th')[0]!.text()).toBe('Riga 1Falegnameria Rusconi')
  })
})
