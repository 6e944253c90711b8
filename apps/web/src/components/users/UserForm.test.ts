import { ROLES, type OrganisationUser } from '@ponte/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../api/http'
import { createAppI18n } from '../../i18n'
import UserForm from './UserForm.vue'

const existing: OrganisationUser = {
  id: 'u1',
  email: 'laura.verdi@cooplavoro.demo',
  givenName: 'Laura',
  familyName: 'Verdi',
  isActive: true,
  roles: ['operator'],
  lastLoginAt: null,
  version: 3,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
}

function mountForm(props: Partial<InstanceType<typeof UserForm>['$props']> = {}) {
  return mount(UserForm, {
    props: { mode: 'create', assignableRoles: ROLES.filter((r) => r !== 'platform_admin'), ...props },
    global: { plugins: [createAppI18n('it'), createPinia()] },
    attachTo: document.body,
  })
}

const byLabel = (wrapper: VueWrapper, label: string) => {
  const element = wrapper.findAll('label').find((l) => l.text() === label)
  if (!element) throw new Error(`No label ${label}`)
  return wrapper.get(`#${element.attributes('for')}`)
}

/** The text of the error tied to a field through aria-describedby. */
const errorOf = (wrapper: VueWrapper, label: string) => {
  const input = byLabel(wrapper, label)
  const ids = (input.attributes('aria-describedby') ?? '').split(' ').filter(Boolean)
  const error = ids.map((id) => wrapper.find(`#${id}.invalid-feedback`)).find((e) => e.exists())
  return error?.text() ?? null
}

describe('UserForm', () => {
  it('shows the API field errors next to the fields their pointers name', async () => {
    const wrapper = mountForm()
    await wrapper.setProps({
      problem: new ApiError({
        type: 'urn:ponte:problem:validation-failed',
        title: 'Dati non validi',
        status: 400,
        code: 'validation-failed',
        errors: [
          { pointer: '/email', detail: 'must match format "email"', code: 'format' },
          { pointer: '/password', detail: 'La password deve avere almeno 12 caratteri.', code: 'too_short' },
          { pointer: '/roles/1', detail: 'must be equal to one of the allowed values', code: 'enum' },
        ],
      }),
    })
    expect(byLabel(wrapper, 'Email').attributes('aria-invalid')).toBe('true')
    expect(errorOf(wrapper, 'Email')).toBe('Inserisci un indirizzo email valido, per esempio nome.cognome@comune.it.')
    expect(errorOf(wrapper, 'Password iniziale')).toBe('La password è troppo corta.')
    expect(wrapper.get('fieldset').attributes('aria-describedby')).toContain('user-roles-error')
    expect(wrapper.get('#user-roles-error').text()).toBe('Il valore scelto non è ammesso.')
    expect(errorOf(wrapper, 'Nome')).toBeNull()

    await flushPromises()
    const summary = wrapper.get('[role=alert]')
    expect(summary.findAll('li a').map((a) => a.attributes('href'))).toEqual(['#user-email', '#user-roles', '#user-password'])
    expect(document.activeElement).toBe(summary.element)
  })

  it('clears a field error as soon as the field is edited', async () => {
    const wrapper = mountForm()
    await wrapper.setProps({
      problem: new ApiError({ type: 'x', title: 'Conflitto', status: 409, code: 'already-member', detail: 'L\'utente fa già parte di questo ente.' }),
    })
    // A conflict on the email comes without a pointer: it still goes next to the email.
    expect(errorOf(wrapper, 'Email')).toBe('L\'utente fa già parte di questo ente.')
    expect(wrapper.get('[role=alert]').text()).toContain('Alcuni campi non sono corretti')
    await byLabel(wrapper, 'Email').setValue('altra@cooplavoro.demo')
    expect(errorOf(wrapper, 'Email')).toBeNull()
    expect(byLabel(wrapper, 'Email').attributes('aria-invalid')).toBeUndefined()
  })

  it('shows a general alert for errors that concern no field', async () => {
    const wrapper = mountForm()
    await wrapper.setProps({ problem: new ApiError({ type: 'x', title: 'Operazione non consentita', status: 403, code: 'forbidden' }) })
    expect(wrapper.get('[role=alert]').text()).toContain('Il tuo ruolo non consente questa operazione.')
  })

  it('hints the password policy as the user types', async () => {
    const wrapper = mountForm()
    const rules = () => wrapper.findAll('.ponte-password-rules li').map((li) => `${li.classes('is-met') ? 'met' : 'unmet'}: ${li.text()}`)
    expect(rules()).toEqual([
      'unmet: ○ almeno 12 caratteri (non ancora rispettato)',
      'unmet: ○ lettere e numeri (non ancora rispettato)',
      "unmet: ○ non contenere la parte dell'indirizzo email prima della chiocciola (non ancora rispettato)",
    ])
    await byLabel(wrapper, 'Email').setValue('laura.verdi@cooplavoro.demo')
    await byLabel(wrapper, 'Password iniziale').setValue('laura.verdi2026')
    expect(rules().map((r) => r.split(':')[0])).toEqual(['met', 'met', 'unmet'])
    await byLabel(wrapper, 'Password iniziale').setValue('tramonto-sul-lago-7')
    expect(rules().map((r) => r.split(':')[0])).toEqual(['met', 'met', 'met'])
    expect(wrapper.get('[aria-live=polite]').text()).toBe('La password rispetta tutti i requisiti.')
    const describedBy = byLabel(wrapper, 'Password iniziale').attributes('aria-describedby')!
    expect(describedBy).toContain('user-password-policy-rules')
  })

  it('checks the required fields before sending and emits the new user', async () => {
    const wrapper = mountForm()
    await wrapper.get('form').trigger('submit')
    expect(errorOf(wrapper, 'Email')).toBe('Questo campo è obbligatorio.')
    expect(wrapper.get('#user-roles-error').text()).toBe('Seleziona almeno un ruolo.')
    expect(wrapper.emitted('create')).toBeUndefined()

    await byLabel(wrapper, 'Email').setValue(' laura.verdi@cooplavoro.demo ')
    await byLabel(wrapper, 'Nome').setValue('Laura')
    await byLabel(wrapper, 'Cognome').setValue('Verdi')
    await byLabel(wrapper, 'Operatore').setValue(true)
    await byLabel(wrapper, 'Password iniziale').setValue('tramonto-sul-lago-7')
    await wrapper.get('form').trigger('submit')
    expect(wrapper.emitted('create')).toEqual([
      [{ email: 'laura.verdi@cooplavoro.demo', givenName: 'Laura', familyName: 'Verdi', roles: ['operator'], password: 'tramonto-sul-lago-7' }],
    ])
  })

  it('emits only the changed fields as a merge patch when editing', async () => {
    const wrapper = mountForm({ mode: 'edit', user: existing })
    expect(wrapper.text()).toContain('laura.verdi@cooplavoro.demo')
    await byLabel(wrapper, 'Facilitatore di gruppo').setValue(true)
    await byLabel(wrapper, 'Utente attivo').setValue(false)
    await wrapper.get('form').trigger('submit')
    expect(wrapper.emitted('update')).toEqual([[{ roles: ['operator', 'facilitator'], isActive: false }]])
  })

  it('says someone else changed the user on a 412 and offers to reload', async () => {
    const wrapper = mountForm({ mode: 'edit', user: existing })
    await wrapper.setProps({ problem: new ApiError({ type: 'x', title: 'Versione non aggiornata', status: 412, code: 'version-mismatch' }) })
    expect(wrapper.get('[role=alert]').text()).toContain('Qualcun altro ha modificato questi dati')
    await wrapper.get('[role=alert] button').trigger('click')
    expect(wrapper.emitted('reload')).toHaveLength(1)

    await wrapper.setProps({ user: { ...existing, givenName: 'Laura Maria', version: 4 } })
    expect((byLabel(wrapper, 'Nome').element as HTMLInputElement).value).toBe('Laura Maria')
  })
})
