import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import { caseOf } from '../../../test/case-fixtures'
import { ApiError } from '../../api/http'
import { createAppI18n } from '../../i18n'
import CaseTransitionForm from './CaseTransitionForm.vue'

function mountForm(props: Partial<InstanceType<typeof CaseTransitionForm>['$props']> = {}) {
  return mount(CaseTransitionForm, {
    props: { caseItem: caseOf(), ...props },
    // Pinia: the form keeps its draft per signed-in user (useFormDraft reads the session).
    global: { plugins: [createAppI18n('it'), createPinia()] },
    attachTo: document.body,
  })
}

const byLabel = (wrapper: VueWrapper, label: string) => {
  const element = wrapper.findAll('label').find((l) => l.text() === label)
  if (!element) throw new Error(`No label ${label}`)
  return wrapper.get(`#${element.attributes('for')}`)
}
const errorOf = (wrapper: VueWrapper, label: string) => {
  const ids = (byLabel(wrapper, label).attributes('aria-describedby') ?? '').split(' ').filter(Boolean)
  return ids.map((id) => wrapper.find(`#${id}.invalid-feedback`)).find((e) => e.exists())?.text() ?? null
}
const options = (wrapper: VueWrapper, label: string) => byLabel(wrapper, label).findAll('option').map((o) => o.text())

describe('CaseTransitionForm', () => {
  it('offers only the transitions the API allows now', async () => {
    const wrapper = mountForm({ caseItem: caseOf({ status: 'active', allowedTransitions: ['monitoring', 'suspended', 'closed'] }) })
    expect(options(wrapper, 'Nuovo stato')).toEqual(['Scegli il nuovo stato', 'Monitoraggio', 'Sospeso', 'Chiuso'])

    await wrapper.setProps({ caseItem: caseOf({ status: 'suspended', suspendedFrom: 'active', allowedTransitions: ['active'] }) })
    expect(options(wrapper, 'Nuovo stato')).toEqual(['Scegli il nuovo stato', 'Progetto in corso'])
    expect(wrapper.text()).toContain('Il caso è sospeso: può solo riprendere dallo stato che aveva lasciato.')
  })

  it('asks for the outcome (seven, in Italian) and the closing note only when closing', async () => {
    const wrapper = mountForm()
    expect(wrapper.findAll('label').map((l) => l.text())).not.toContain('Esito')
    await byLabel(wrapper, 'Nuovo stato').setValue('closed')
    expect(options(wrapper, 'Esito')).toEqual([
      "Scegli l'esito",
      'Occupato',
      'In formazione',
      'Trasferito in un altro Comune',
      'Preso in carico da un altro servizio',
      'Abbandono del percorso',
      'Obiettivi raggiunti',
      'Altro',
    ])
    await byLabel(wrapper, 'Motivo').setValue('Ha trovato lavoro')
    await wrapper.get('form').trigger('submit')
    expect(errorOf(wrapper, 'Esito')).toBe('Questo campo è obbligatorio.')
    expect(errorOf(wrapper, 'Nota di chiusura')).toBe('Questo campo è obbligatorio.')
    expect(wrapper.emitted('submit')).toBeUndefined()

    await byLabel(wrapper, 'Esito').setValue('employed')
    await byLabel(wrapper, 'Nota di chiusura').setValue('Assunta a tempo indeterminato.')
    await wrapper.get('form').trigger('submit')
    expect(wrapper.emitted('submit')).toEqual([[{ to: 'closed', reason: 'Ha trovato lavoro', outcome: 'employed', note: 'Assunta a tempo indeterminato.' }]])
  })

  it("shows the API's field errors next to their fields (e.g. /outcome on closing)", async () => {
    const wrapper = mountForm()
    await byLabel(wrapper, 'Nuovo stato').setValue('closed')
    await wrapper.setProps({
      problem: new ApiError({
        type: 'urn:ponte:problem:unprocessable',
        title: 'Dati non validi',
        status: 422,
        errors: [{ pointer: '/outcome', code: 'required', detail: "Indica l'esito della presa in carico." }],
      }),
    })
    expect(byLabel(wrapper, 'Esito').attributes('aria-invalid')).toBe('true')
    expect(errorOf(wrapper, 'Esito')).toBe('Questo campo è obbligatorio.')
    await flushPromises()
    const summary = wrapper.get('[role=alert]')
    expect(summary.findAll('li a').map((a) => a.attributes('href'))).toEqual(['#case-transition-outcome'])
    expect(document.activeElement).toBe(summary.element)
  })

  it('says the diagram forbids a move (409) and offers to reload a stale case (412)', async () => {
    const wrapper = mountForm()
    await wrapper.setProps({ problem: new ApiError({ type: 'x', title: 'Conflitto', status: 409, code: 'transition-not-allowed', detail: 'Il caso non può passare da accoglienza a monitoraggio.' }) })
    expect(wrapper.get('[role=alert]').text()).toContain('Il caso non può passare da accoglienza a monitoraggio.')
    await wrapper.setProps({ problem: new ApiError({ type: 'x', title: 'Versione non aggiornata', status: 412, code: 'version-mismatch' }) })
    expect(wrapper.get('[role=alert]').text()).toContain('Qualcun altro ha modificato questi dati')
    await wrapper.get('[role=alert] button').trigger('click')
    expect(wrapper.emitted('reload')).toHaveLength(1)
  })
})
