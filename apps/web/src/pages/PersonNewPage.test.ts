import type { VueWrapper } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { drafts } from '../../test/drafts'
import { caseOf, MUNICIPALITY, personOf } from '../../test/case-fixtures'
import { arrivalAt, createAppContext, json, me, membership, mountWithApp, problem, session, settle, stubFetch, type FetchCall } from '../../test/helpers'
import PersonNewPage from './PersonNewPage.vue'

const caseManager = membership('Comune di Valmadrera', ['case_manager'], MUNICIPALITY.id)

async function openPage(api: (call: FetchCall) => Response) {
  const { calls } = stubFetch((call) => (call.url.endsWith('/auth/refresh') ? json(200, session(me([caseManager]))) : api(call)))
  const context = createAppContext()
  await context.router.push('/persons/new')
  await context.router.isReady()
  const wrapper = mountWithApp(PersonNewPage, context)
  await settle()
  return { wrapper, calls, context }
}

const byLabel = (wrapper: VueWrapper, label: string) => {
  const element = wrapper.findAll('label').find((l) => l.text() === label)
  if (!element) throw new Error(`No label ${label}`)
  return wrapper.get(`#${element.attributes('for')}`)
}
const buttonNamed = (wrapper: VueWrapper, name: string) => {
  const button = wrapper.findAll('button').find((b) => b.text() === name)
  if (!button) throw new Error(`No button ${name}`)
  return button
}

async function fillPerson(wrapper: VueWrapper) {
  await byLabel(wrapper, 'Nome').setValue('Chiara')
  await byLabel(wrapper, 'Cognome').setValue('Brambilla')
  await byLabel(wrapper, 'Data di nascita').setValue('1986-04-15')
  await byLabel(wrapper, 'Sesso').setValue('F')
  await byLabel(wrapper, 'Codice fiscale').setValue('BRMCHR86D55E507Z')
  await wrapper.get('form').trigger('submit')
  await settle(10)
}

describe('PersonNewPage', () => {
  it('warns about possible duplicates before saving, then registers, opens the case and lands on it', async () => {
    const duplicate = { personId: '00000000-0000-7000-8000-0000000000d1', givenName: 'Chiara', familyName: 'Brambila', birthDate: '1986-04-15', sex: 'F', reason: 'name_and_birth_date', openCaseId: null }
    const { wrapper, calls, context } = await openPage((call) => {
      if (call.url.endsWith('/persons/duplicates')) return json(200, { items: [duplicate] })
      if (call.url.endsWith('/persons')) return json(201, personOf({ permissions: { canUpdate: true, canReadSensitive: false } }))
      if (call.url.endsWith('/cases') && call.method === 'POST') return json(201, caseOf())
      return json(200, caseOf())
    })
    await fillPerson(wrapper)

    // The check ran, nothing was created yet: the warning names the possible duplicate and offers to open them.
    expect(calls.filter((c) => c.url.endsWith('/persons/duplicates'))[0]!.body).toEqual({ givenName: 'Chiara', familyName: 'Brambilla', birthDate: '1986-04-15', sex: 'F', taxCode: 'BRMCHR86D55E507Z' })
    expect(calls.some((c) => c.url.endsWith('/persons'))).toBe(false)
    const warning = wrapper.get('section.ponte-duplicates')
    expect(warning.get('h2').text()).toBe('Questa persona potrebbe essere già registrata')
    expect(document.activeElement).toBe(warning.get('h2').element)
    expect(warning.text()).toContain('Chiara Brambila, nata il 15/04/1986 (stesso nome e data di nascita)')
    expect(warning.get('a').attributes('href')).toBe(`/cases/new?personId=${duplicate.personId}`)

    await buttonNamed(wrapper, 'Non è la stessa persona: registra comunque').trigger('click')
    await settle(10)
    const post = calls.find((c) => c.url.endsWith('/persons'))!
    expect(post.method).toBe('POST')
    expect(post.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/)
    expect(post.body).toMatchObject({ givenName: 'Chiara', taxCode: 'BRMCHR86D55E507Z' })
    expect(wrapper.get('[role=status].alert').text()).toBe('Persona registrata: Chiara Brambilla.')
    expect(wrapper.get('h2').text()).toBe('Apri il caso di Chiara Brambilla')

    await byLabel(wrapper, 'Provenienza').setValue('employment_centre')
    const arrived = arrivalAt(context.router, 'case')
    await wrapper.get('form').trigger('submit')
    await settle(10)
    const open = calls.find((c) => c.url.endsWith('/cases') && c.method === 'POST')!
    expect(open.body).toEqual({ personId: personOf().id, source: 'employment_centre' })
    expect(open.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/)
    await arrived
    expect(context.router.currentRoute.value.name).toBe('case')
    expect(context.router.currentRoute.value.params.caseId).toBe(caseOf().id)
  })

  it('offers to open the person already registered when the tax code answers 409 with existingId', async () => {
    const existingId = '00000000-0000-7000-8000-0000000000e1'
    const { wrapper } = await openPage((call) => {
      if (call.url.endsWith('/persons/duplicates')) return json(200, { items: [] })
      if (call.url.endsWith('/persons')) return problem(409, { code: 'duplicate-tax-code', detail: 'Il codice fiscale è già registrato in questo Comune.', existingId })
      return json(404, {})
    })
    await fillPerson(wrapper)
    const offer = wrapper.findAll('[role=alert]').find((a) => a.text().includes('Questo codice fiscale è già registrato nel Comune.'))!
    expect(offer.get('a').text()).toBe('Apri la persona già registrata')
    expect(offer.get('a').attributes('href')).toBe(`/cases/new?personId=${existingId}`)
    // The tax code field says why, too.
    const taxCode = byLabel(wrapper, 'Codice fiscale')
    expect(taxCode.attributes('aria-invalid')).toBe('true')
  })

  it('shows a similar name born the same day with a link to their open case, and still lets the user register', async () => {
    const similar = { personId: '00000000-0000-7000-8000-0000000000d2', givenName: 'Chiara', familyName: 'Brambila', birthDate: '1986-04-15', sex: 'F', reason: 'similar_name_and_birth_date', openCaseId: '00000000-0000-7000-8000-0000000000c2' }
    const place = { personId: '00000000-0000-7000-8000-0000000000d3', givenName: 'Chiara', familyName: 'Brambilla', birthDate: '1986-04-15', sex: 'F', reason: 'tax_code_place', openCaseId: null }
    const { wrapper } = await openPage((call) => (call.url.endsWith('/persons/duplicates') ? json(200, { items: [place, similar] }) : json(404, {})))
    await fillPerson(wrapper)
    const warning = wrapper.get('section.ponte-duplicates')
    expect(warning.text()).toContain('Chiara Brambilla, nata il 15/04/1986 (codice fiscale uguale tranne il luogo di nascita)')
    expect(warning.text()).toContain('Chiara Brambila, nata il 15/04/1986 (nome simile e stessa data di nascita)')
    const caseLink = warning.findAll('a').find((a) => a.text() === 'Apri il caso aperto di Chiara Brambila')!
    expect(caseLink.attributes('href')).toBe(`/cases/${similar.openCaseId}`)
    expect(warning.findAll('button').map((b) => b.text())).toEqual(['Non è la stessa persona: registra comunque', 'Torna al modulo'])
  })

  it('offers only to open the person and their open case when the tax code is the same one', async () => {
    const same = { personId: '00000000-0000-7000-8000-0000000000d4', givenName: 'Chiara', familyName: 'Brambilla', birthDate: '1986-04-15', sex: 'F', reason: 'tax_code', openCaseId: '00000000-0000-7000-8000-0000000000c4' }
    const similar = { personId: '00000000-0000-7000-8000-0000000000d5', givenName: 'Chiara', familyName: 'Brambila', birthDate: '1986-04-15', sex: 'F', reason: 'similar_name_and_birth_date', openCaseId: null }
    const { wrapper, calls } = await openPage((call) => (call.url.endsWith('/persons/duplicates') ? json(200, { items: [same, similar] }) : json(404, {})))
    await fillPerson(wrapper)
    const warning = wrapper.get('section.ponte-duplicates')
    expect(warning.get('h2').text()).toBe('Questa persona è già registrata')
    expect(warning.findAll('li')).toHaveLength(1)
    expect(warning.findAll('a').map((a) => [a.text(), a.attributes('href')])).toEqual([
      ['Apri Chiara Brambilla', `/cases/new?personId=${same.personId}`],
      ['Apri il caso aperto di Chiara Brambilla', `/cases/${same.openCaseId}`],
    ])
    // No "register anyway": it could only fail with 409. Going back corrects a mistyped code.
    expect(warning.findAll('button').map((b) => b.text())).toEqual(['Correggi i dati'])
    expect(calls.some((c) => c.url.endsWith('/persons'))).toBe(false)
  })

  it('opens the person with the same tax code without asking, forgetting the registration that could never be made', async () => {
    const same = { personId: '00000000-0000-7000-8000-0000000000d4', givenName: 'Chiara', familyName: 'Brambilla', birthDate: '1986-04-15', sex: 'F', reason: 'tax_code', openCaseId: '00000000-0000-7000-8000-0000000000c4' }
    const { wrapper, context } = await openPage((call) => (call.url.endsWith('/persons/duplicates') ? json(200, { items: [same] }) : json(404, {})))
    await fillPerson(wrapper)
    expect(drafts()).toHaveLength(1)
    const confirm = vi.fn(() => false)
    vi.stubGlobal('confirm', confirm)
    const arrived = arrivalAt(context.router, 'case')
    await wrapper.get('section.ponte-duplicates').findAll('a').find((a) => a.text() === 'Apri il caso aperto di Chiara Brambilla')!.trigger('click')
    await arrived
    expect(confirm).not.toHaveBeenCalled()
    expect(context.router.currentRoute.value.fullPath).toBe(`/cases/${same.openCaseId}`)
    expect(drafts()).toEqual([])
  })

  it('keeps the draft when the user opens a near match (it may be someone else), asking before leaving it', async () => {
    const similar = { personId: '00000000-0000-7000-8000-0000000000d2', givenName: 'Chiara', familyName: 'Brambila', birthDate: '1986-04-15', sex: 'F', reason: 'similar_name_and_birth_date', openCaseId: '00000000-0000-7000-8000-0000000000c2' }
    const { wrapper, context } = await openPage((call) => (call.url.endsWith('/persons/duplicates') ? json(200, { items: [similar] }) : json(404, {})))
    await fillPerson(wrapper)
    const confirm = vi.fn(() => false)
    vi.stubGlobal('confirm', confirm)
    await wrapper.get('section.ponte-duplicates').findAll('a').find((a) => a.text() === 'Apri il caso aperto di Chiara Brambila')!.trigger('click')
    await settle(10)
    expect(confirm).toHaveBeenCalled()
    expect(context.router.currentRoute.value.fullPath).toBe('/persons/new')
    expect(drafts()).toHaveLength(1)
  })
})
