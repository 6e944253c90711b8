import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import { personOf } from '../../../test/case-fixtures'
import { ApiError } from '../../api/http'
import { createAppI18n } from '../../i18n'
import PersonForm from './PersonForm.vue'

function mountForm(props: Partial<InstanceType<typeof PersonForm>['$props']> = {}) {
  return mount(PersonForm, {
    props: { mode: 'create', idPrefix: 'p', ...props },
    // Pinia: the form may keep a draft per signed-in user (none here: no draft key, no user).
    global: { plugins: [createAppI18n('it'), createPinia()] },
    attachTo: document.body,
  })
}

const byLabel = (wrapper: VueWrapper, label: string) => {
  const element = wrapper.findAll('label').find((l) => l.text() === label)
  if (!element) throw new Error(`No label ${label}`)
  return wrapper.get(`#${element.attributes('for')}`)
}

/** The error text tied to a field through aria-describedby. */
const errorOf = (wrapper: VueWrapper, label: string) => {
  const ids = (byLabel(wrapper, label).attributes('aria-describedby') ?? '').split(' ').filter(Boolean)
  return ids.map((id) => wrapper.find(`#${id}.invalid-feedback`)).find((e) => e.exists())?.text() ?? null
}

const hints = (wrapper: VueWrapper) => wrapper.get('.ponte-tax-code-hints').text()

describe('PersonForm', () => {
  it('checks the tax code as it is typed, in a polite live region tied to the field', async () => {
    const wrapper = mountForm()
    const taxCode = byLabel(wrapper, 'Codice fiscale')
    const live = wrapper.get('.ponte-tax-code-hints')
    expect(live.attributes('aria-live')).toBe('polite')
    expect(taxCode.attributes('aria-describedby')).toContain(live.attributes('id'))
    expect(hints(wrapper)).toBe('')

    await taxCode.setValue('BRMCHR86D55')
    expect(hints(wrapper)).toContain('ne mancano 5')
    await taxCode.setValue('brmchr86d55e507x')
    expect(hints(wrapper)).toContain("L'ultimo carattere (carattere di controllo) non corrisponde")
    await taxCode.setValue('BRMCHR86D55E50Z7')
    expect(hints(wrapper)).toContain('Il formato non è valido')

    await taxCode.setValue('BRM CHR 86D55 E507Z')
    expect(hints(wrapper)).toContain('Il codice fiscale è valido')
    await byLabel(wrapper, 'Data di nascita').setValue('1986-04-16')
    await byLabel(wrapper, 'Sesso').setValue('M')
    expect(hints(wrapper)).toContain('non corrisponde alla data di nascita indicata')
    expect(hints(wrapper)).toContain('non corrisponde al sesso indicato')
    await byLabel(wrapper, 'Data di nascita').setValue('1986-04-15')
    await byLabel(wrapper, 'Sesso').setValue('F')
    expect(hints(wrapper)).toContain('Il codice fiscale è valido e coerente con i dati inseriti.')
  })

  it('validates the required fields and the tax code before emitting the new person', async () => {
    const wrapper = mountForm()
    await wrapper.get('form').trigger('submit')
    expect(errorOf(wrapper, 'Nome')).toBe('Questo campo è obbligatorio.')
    expect(errorOf(wrapper, 'Codice fiscale')).toBe('Questo campo è obbligatorio.')
    expect(wrapper.emitted('create')).toBeUndefined()

    await byLabel(wrapper, 'Nome').setValue('Chiara')
    await byLabel(wrapper, 'Cognome').setValue('Brambilla')
    await byLabel(wrapper, 'Data di nascita').setValue('1986-04-15')
    await byLabel(wrapper, 'Sesso').setValue('M')
    await byLabel(wrapper, 'Codice fiscale').setValue('BRMCHR86D55E507Z')
    await wrapper.get('form').trigger('submit')
    expect(errorOf(wrapper, 'Codice fiscale')).toBe('Il codice fiscale non corrisponde al sesso indicato.')
    expect(wrapper.emitted('create')).toBeUndefined()

    await byLabel(wrapper, 'Sesso').setValue('F')
    await byLabel(wrapper, 'Competenze (facoltativo)').setValue('saldatura, muletto ,')
    await wrapper.get('form').trigger('submit')
    const [body] = wrapper.emitted('create')![0] as [Record<string, unknown>]
    expect(body).toMatchObject({ givenName: 'Chiara', familyName: 'Brambilla', taxCode: 'BRMCHR86D55E507Z', birthDate: '1986-04-15', sex: 'F', skills: ['saldatura', 'muletto'] })
  })

  it("shows the API's errors next to their fields, nested pointers and tax-code codes included", async () => {
    const wrapper = mountForm()
    await wrapper.setProps({
      problem: new ApiError({
        type: 'urn:ponte:problem:unprocessable',
        title: 'Dati non validi',
        status: 422,
        errors: [
          { pointer: '/taxCode', code: 'tax_code_birth_date', detail: 'Il codice fiscale non corrisponde alla data di nascita.' },
          { pointer: '/contacts/email', code: 'format', detail: 'must match format "email"' },
          { pointer: '/availability/hoursPerWeek', code: 'maximum', detail: 'Al massimo 80 ore.' },
        ],
      }),
    })
    expect(errorOf(wrapper, 'Codice fiscale')).toBe('Il codice fiscale non corrisponde alla data di nascita indicata.')
    expect(errorOf(wrapper, 'Email (facoltativo)')).toBe('Inserisci un indirizzo email valido, per esempio nome.cognome@comune.it.')
    expect(errorOf(wrapper, 'Ore settimanali disponibili (facoltativo)')).toBe('Al massimo 80 ore.')
    await flushPromises()
    const summary = wrapper.get('[role=alert]')
    expect(summary.findAll('li a').map((a) => a.attributes('href'))).toEqual(['#p-taxCode', '#p-email', '#p-hoursPerWeek'])
    expect(document.activeElement).toBe(summary.element)
  })

  it('emits only what changed as a merge patch when editing, and offers to reload after a 412', async () => {
    const person = personOf()
    const wrapper = mountForm({ mode: 'edit', person })
    expect((byLabel(wrapper, 'Nome').element as HTMLInputElement).value).toBe('Chiara')
    await byLabel(wrapper, 'Telefono (facoltativo)').setValue('+39 0341 123456')
    await byLabel(wrapper, 'Ore settimanali disponibili (facoltativo)').setValue('30')
    await wrapper.get('form').trigger('submit')
    expect(wrapper.emitted('update')).toEqual([[{ contacts: { phone: '+39 0341 123456', email: null }, availability: { hoursPerWeek: 30, days: ['monday'], mobility: ['car'], notes: null } }]])

    await wrapper.setProps({ problem: new ApiError({ type: 'x', title: 'Versione non aggiornata', status: 412, code: 'version-mismatch' }) })
    expect(wrapper.get('[role=alert]').text()).toContain('Qualcun altro ha modificato questi dati')
    await wrapper.get('[role=alert] button').trigger('click')
    expect(wrapper.emitted('reload')).toHaveLength(1)
    await wrapper.setProps({ person: { ...person, givenName: 'Chiara Maria', version: 3 } })
    expect((byLabel(wrapper, 'Nome').element as HTMLInputElement).value).toBe('Chiara Maria')
  })
})
