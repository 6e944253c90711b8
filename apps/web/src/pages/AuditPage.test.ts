import type { AuditEntry } from '@ponte/shared'
import { AUDIT_ACTIONS } from '@ponte/shared'
import { describe, expect, it, vi } from 'vitest'
import en from '../i18n/audit.en.json'
import it_ from '../i18n/audit.it.json'
import { createAppContext, json, me, membership, mountWithApp, session, settle, stubFetch, type FetchCall } from '../../test/helpers'
import AuditPage from './AuditPage.vue'

const auditor = membership('Comune di Valmadrera', ['auditor'], 'org-valmadrera')
const CASE_ID = '019a7b1e-6c2e-7a4b-9a51-1f2e3d4c5b6a'

const entryOf = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  id: 42,
  at: '2026-11-23T09:30:00.000Z',
  actor: { id: '019a7b1e-6c2e-7a4b-9a51-000000000001', name: 'Carlo Neri' },
  channel: 'staff',
  action: 'update',
  resourceType: 'case',
  resourceId: CASE_ID,
  subject: null,
  changedFields: ['notes', 'caseManagerId'],
  requestId: 'req-1',
  hash: 'a'.repeat(64),
  prevHash: 'b'.repeat(64),
  ...overrides,
})

async function openAuditPage(api: (call: FetchCall) => Response) {
  const { calls } = stubFetch((call) => (call.url.endsWith('/auth/refresh') ? json(200, session(me([auditor]))) : api(call)))
  const context = createAppContext()
  await context.router.push('/audit')
  await context.router.isReady()
  const wrapper = mountWithApp(AuditPage, context)
  await settle(10)
  return { wrapper, calls }
}

const listCalls = (calls: FetchCall[]) => calls.filter((c) => c.url.includes('/audit-entries?'))

describe('AuditPage', () => {
  it('lists the organisation\'s entries with time, who, Italian action and record names and changed fields, and loads more', async () => {
    const { wrapper, calls } = await openAuditPage((call) => {
      if (call.url.includes('cursor=next')) return json(200, { items: [entryOf({ id: 40, actor: null, channel: 'system', action: 'login', resourceType: 'session', resourceId: null, changedFields: null })], nextCursor: null })
      return json(200, { items: [entryOf(), entryOf({ id: 41, action: 'read', resourceType: 'person', changedFields: null })], nextCursor: 'next' })
    })
    expect(listCalls(calls)[0]!.url).toBe('/api/v1/organisations/org-valmadrera/audit-entries?limit=50')
    expect(wrapper.get('h1').text()).toBe('Registro degli accessi')
    const table = wrapper.get('table')
    expect(table.get('caption').text()).toBe('Voci del registro degli accessi, dalla più recente')
    expect(table.findAll('thead th').map((th) => th.text())).toEqual(['Quando', 'Chi', 'Azione', 'Dato', 'Persona e caso', 'Campi modificati'])
    const rows = table.findAll('tbody tr')
    expect(rows).toHaveLength(2)
    expect(rows[0]!.text()).toContain('Carlo Neri')
    expect(rows[0]!.text()).toContain('Modifica')
    expect(rows[0]!.text()).toContain('Caso')
    expect(rows[0]!.text()).toContain('notes, caseManagerId')
    expect(rows[0]!.text()).toContain('23/11/2026')
    expect(rows[1]!.text()).toContain('Lettura')
    expect(rows[1]!.text()).toContain('Persona')
    expect(wrapper.get('p.ponte-count').text()).toBe('2 voci mostrate')

    const more = wrapper.findAll('button').find((b) => b.text() === 'Carica altri')!
    await more.trigger('click')
    await settle(10)
    expect(listCalls(calls).at(-1)!.url).toBe('/api/v1/organisations/org-valmadrera/audit-entries?limit=50&cursor=next')
    const last = wrapper.findAll('tbody tr').at(-1)!
    expect(last.text()).toContain('Sistema')
    expect(last.text()).toContain('Accesso')
    expect(last.text()).toContain('Sessione')
    expect(wrapper.findAll('button').some((b) => b.text() === 'Carica altri')).toBe(false)
    wrapper.unmount()
  })

  it('sends the period, kind of record and action as filters, and refuses a period that ends before it starts', async () => {
    const { wrapper, calls } = await openAuditPage(() => json(200, { items: [], nextCursor: null }))
    expect(wrapper.get('p.ponte-count').text()).toBe('Nessuna voce con questi filtri.')
    await wrapper.get('#audit-from').setValue('2026-11-20')
    await wrapper.get('#audit-to').setValue('2026-11-10')
    await wrapper.get('form[role=search]').trigger('submit')
    await settle()
    expect(wrapper.get('#audit-to').attributes('aria-invalid')).toBe('true')
    expect(wrapper.text()).toContain('La data finale deve essere uguale o successiva a quella iniziale.')
    expect(listCalls(calls)).toHaveLength(1)

    await wrapper.get('#audit-to').setValue('2026-11-21')
    await wrapper.get('#audit-resource-type').setValue('case')
    await wrapper.get('#audit-action').setValue('read')
    await wrapper.get('form[role=search]').trigger('submit')
    await settle(10)
    const url = new URL(listCalls(calls).at(-1)!.url, 'http://localhost')
    expect(url.searchParams.get('resourceType')).toBe('case')
    expect(url.searchParams.get('action')).toBe('read')
    expect(new Date(url.searchParams.get('from')!).getTime()).toBe(new Date('2026-11-20T00:00:00').getTime())
    expect(new Date(url.searchParams.get('to')!).getTime()).toBe(new Date('2026-11-22T00:00:00').getTime())
    expect(wrapper.get('#audit-to').attributes('aria-invalid')).toBeUndefined()
    wrapper.unmount()
  })

  it('verifies the integrity of the log and tells the result in a status message', async () => {
    let valid = true
    const { wrapper, calls } = await openAuditPage((call) => {
      if (call.url.endsWith('/verification')) return json(200, valid ? { checked: 12, pending: 3, valid: true, firstInvalidId: null } : { checked: 12, pending: 0, valid: false, firstInvalidId: 7 })
      return json(200, { items: [entryOf()], nextCursor: null })
    })
    const button = () => wrapper.findAll('button').find((b) => b.text() === 'Verifica integrità')!
    await button().trigger('click')
    await settle(10)
    expect(calls.some((c) => c.url === '/api/v1/organisations/org-valmadrera/audit-entries/verification')).toBe(true)
    const status = wrapper.get('#audit-verify-heading').element.parentElement!.querySelector('[role=status]')!
    expect(status.textContent).toContain('Registro integro: 12 voci controllate, nessuna alterazione.')
    expect(status.textContent).toContain('3 voci recenti non sono ancora sigillate')

    valid = false
    await button().trigger('click')
    await settle(10)
    expect(status.textContent).toContain('Registro alterato: la voce n. 7 non corrisponde')
    wrapper.unmount()
  })

  it('names each action in words, in Italian and English', () => {
    for (const action of AUDIT_ACTIONS) {
      expect((it_.audit.actions as Record<string, string>)[action], action).toBeTruthy()
      expect((en.audit.actions as Record<string, string>)[action], action).toBeTruthy()
    }
    expect(it_.audit.actions.read_timeline).toBe('Lettura della cronologia del caso')
  })

  const PERSON = { id: '019a7b1e-6c2e-7a4b-9a51-00000000000a', name: 'Maria Brambilla' }
  const maria = entryOf({ action: 'read_timeline', subject: { person: PERSON, case: { id: CASE_ID, episode: 2, openedOn: '2026-09-14' } } })

  it('shows whose file each entry touched, the action in words, and filters by that person from the row', async () => {
    const { wrapper, calls } = await openAuditPage(() => json(200, { items: [maria, entryOf({ id: 41, subject: null })], nextCursor: null }))
    const row = wrapper.findAll('tbody tr')[0]!
    expect(row.text()).toContain('Maria Brambilla')
    expect(row.text()).toContain('Caso (episodio 2, aperto il 14/09/2026)')
    expect(row.text()).toContain('Lettura della cronologia del caso')
    await row.get('button.ponte-audit-filter').trigger('click')
    await settle(10)
    const url = new URL(listCalls(calls).at(-1)!.url, 'http://localhost')
    expect(url.searchParams.get('personId')).toBe(PERSON.id)
    expect(wrapper.get('p.alert-info[role=status]').text()).toContain('Voci su Maria Brambilla')
    await wrapper.findAll('button').find((b) => b.text() === 'Togli il filtro sulla persona')!.trigger('click')
    await settle(10)
    expect(new URL(listCalls(calls).at(-1)!.url, 'http://localhost').searchParams.get('personId')).toBeNull()
    wrapper.unmount()
  })

  it('filters by a person\'s name and by user, offering the users of the trail', async () => {
    const { wrapper, calls } = await openAuditPage((call) => {
      if (call.url.includes('/audit-entries/actors')) return json(200, { items: [{ id: '019a7b1e-6c2e-7a4b-9a51-000000000001', name: 'Carlo Neri' }], nextCursor: null })
      return json(200, { items: [maria], nextCursor: null })
    })
    const options = wrapper.get('#audit-actor').findAll('option').map((o) => o.text())
    expect(options).toEqual(['Tutti gli utenti', 'Carlo Neri'])
    await wrapper.get('#audit-person').setValue('b')
    await wrapper.get('form[role=search]').trigger('submit')
    await settle()
    expect(wrapper.get('#audit-person').attributes('aria-invalid')).toBe('true')
    await wrapper.get('#audit-person').setValue('brambila')
    await wrapper.get('#audit-actor').setValue('019a7b1e-6c2e-7a4b-9a51-000000000001')
    await wrapper.get('form[role=search]').trigger('submit')
    await settle(10)
    const url = new URL(listCalls(calls).at(-1)!.url, 'http://localhost')
    expect(url.searchParams.get('q')).toBe('brambila')
    expect(url.searchParams.get('actorUserId')).toBe('019a7b1e-6c2e-7a4b-9a51-000000000001')
    wrapper.unmount()
  })

  it('exports what the filters select as XLSX or CSV and says the file was saved', async () => {
    const created = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:x')
    vi.spyOn(URL, 'revokeObjectURL').mockReturnValue(undefined)
    const { wrapper, calls } = await openAuditPage((call) => {
      if (call.url.includes('/export')) {
        return new Response(new Blob(['x']), { status: 200, headers: { 'content-type': 'text/csv', 'content-disposition': 'attachment; filename="registro-accessi-2026-12-01.csv"' } })
      }
      return json(200, { items: [maria], nextCursor: null })
    })
    await wrapper.get('#audit-action').setValue('read_timeline')
    await wrapper.get('form[role=search]').trigger('submit')
    await settle(10)
    await wrapper.findAll('button').find((b) => b.text() === 'Scarica CSV')!.trigger('click')
    await settle(10)
    const exported = calls.find((c) => c.url.includes('/audit-entries/export'))!
    const url = new URL(exported.url, 'http://localhost')
    expect(url.searchParams.get('format')).toBe('csv')
    expect(url.searchParams.get('action')).toBe('read_timeline')
    expect(created).toHaveBeenCalled()
    expect(wrapper.text()).toContain('File registro-accessi-2026-12-01.csv scaricato.')
    wrapper.unmount()
    vi.restoreAllMocks()
  })
})
