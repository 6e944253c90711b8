import { beforeEach, describe, expect, it } from 'vitest'
import { createAppContext, json, mountWithApp, settle, stubFetch } from '../../../test/helpers'
import { byLabel } from '../../../test/case-records'
import CaseSearchForm from '../cases/CaseSearchForm.vue'
import ReferralForm from './ReferralForm.vue'

const PARTNER = { id: '0190a000-0000-7000-8000-00000000f001', name: 'Cooperativa Lavoro e Comunità' }

// No request leaves a form test.
beforeEach(() => {
  stubFetch(() => json(404, {}))
})

function mountForm() {
  return mountWithApp(ReferralForm, createAppContext(), { props: { partners: [PARTNER], today: '2026-03-10' } })
}

describe('ReferralForm', () => {
  it('records consent only by ticking it: no date before, today once ticked (editable), none again when unticked', async () => {
    const wrapper = mountForm()
    await settle()
    expect(wrapper.findAll('input[type=date]')).toHaveLength(0)
    await byLabel(wrapper as never, 'Ente partner').setValue(PARTNER.id)
    await byLabel(wrapper as never, "Finalità dell'invio").setValue('Tirocinio')
    await byLabel(wrapper as never, 'Ambito del consenso').setValue('Profilo lavorativo')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(wrapper.emitted('submit')).toBeUndefined()
    expect(wrapper.text()).toContain("Senza il consenso della persona non si può fare l'invio")

    await byLabel(wrapper as never, "La persona ha dato il consenso all'invio").setValue(true)
    await settle()
    const date = byLabel(wrapper as never, 'Data del consenso della persona')
    expect((date.element as HTMLInputElement).value).toBe('2026-03-10')
    await date.setValue('2026-03-08')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(wrapper.emitted('submit')![0]).toEqual([{ partnerOrganisationId: PARTNER.id, purpose: 'Tirocinio', consent: { date: '2026-03-08', scope: 'Profilo lavorativo' } }])

    await byLabel(wrapper as never, "La persona ha dato il consenso all'invio").setValue(false)
    await settle()
    expect(wrapper.findAll('input[type=date]')).toHaveLength(0)
  })
})

describe('CaseSearchForm', () => {
  it('does not offer "assigned to me" where it can never match', async () => {
    const offered = mountWithApp(CaseSearchForm, createAppContext(), { props: { filters: {} } })
    expect(offered.find('#case-search-mine').exists()).toBe(true)
    const partner = mountWithApp(CaseSearchForm, createAppContext(), { props: { filters: { assignedTo: 'me' }, offerMine: false } })
    expect(partner.find('#case-search-mine').exists()).toBe(false)
    await partner.get('form').trigger('submit')
    expect(partner.emitted('search')![0]).toEqual([{ status: undefined, q: undefined, assignedTo: undefined, municipalityId: undefined }])
  })
})
