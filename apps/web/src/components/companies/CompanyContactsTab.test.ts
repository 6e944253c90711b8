import { describe, expect, it } from 'vitest'
import { createAppContext, json, mountWithApp, problem, settle, stubFetch, type FetchCall } from '../../../test/helpers'
import { COMPANY_ID, companyOf } from '../../../test/mediation-fixtures'
import CompanyContactsTab from './CompanyContactsTab.vue'
import CompanySitesTab from './CompanySitesTab.vue'

const company = companyOf()
/** The calls to the companies API (the app's own session checks left out). */
const apiCalls = (calls: FetchCall[]) => calls.filter((c) => c.url.startsWith('/api/v1/companies'))
/** Answers the session check as signed out, and a write with `answer` of its body. */
const answering = (answer: (call: FetchCall) => object) => (call: FetchCall) => (call.url.endsWith('/auth/refresh') ? problem(401) : json(call.method === 'POST' ? 201 : 200, answer(call)))

describe("a company's contacts and sites", () => {
  it('adds a contact at a site and marks one who left as no longer there (merge patch, If-Match)', async () => {
    const { calls } = stubFetch(answering((call) => ({ ...company.contacts[0]!, ...(call.body as object) })))
    const wrapper = mountWithApp(CompanyContactsTab, createAppContext(), { props: { company } })
    await settle()
    expect(wrapper.get('article').text()).toContain('Alberto Butti')
    expect(wrapper.get('article').text()).toContain('Responsabile del personale')

    await wrapper.get('#contact-add').trigger('click')
    await settle()
    expect(document.activeElement?.id).toBe('contact-panel-heading')
    await wrapper.get('#contact-form-givenName').setValue('Chiara')
    await wrapper.get('#contact-form-familyName').setValue('Ripamonti')
    await wrapper.get('#contact-form-role').setValue('Capo reparto')
    await wrapper.get('#contact-form-siteId').setValue('site-1')
    await wrapper.get('#contact-form-email').setValue('non-una-email')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(apiCalls(calls)).toHaveLength(0)
    expect(wrapper.get('#contact-form-email-error').text()).toContain('indirizzo email valido')
    await wrapper.get('#contact-form-email').setValue('')
    await wrapper.get('form').trigger('submit')
    await settle(10)
    expect(apiCalls(calls)[0]!.url).toBe(`/api/v1/companies/${COMPANY_ID}/contacts`)
    expect(apiCalls(calls)[0]!.body).toEqual({ givenName: 'Chiara', familyName: 'Ripamonti', role: 'Capo reparto', siteId: 'site-1' })
    expect(wrapper.text()).toContain('Referente Chiara Ripamonti aggiunto.')

    await wrapper.get('#contact-edit-contact-1').trigger('click')
    await settle()
    await wrapper.get('#contact-form-isActive').setValue(false)
    await wrapper.get('form').trigger('submit')
    await settle(10)
    const patch = apiCalls(calls).at(-1)!
    expect(patch.method).toBe('PATCH')
    expect(patch.url).toBe(`/api/v1/companies/${COMPANY_ID}/contacts/contact-1`)
    expect(patch.body).toEqual({ isActive: false })
    expect(patch.headers['if-match']).toBe('"1"')
  })

  it('adds a site in its region, and hides the editing from who may not manage them', async () => {
    const { calls } = stubFetch(answering((call) => ({ ...company.sites[0]!, id: 'site-2', isHeadquarters: false, ...(call.body as object) })))
    const wrapper = mountWithApp(CompanySitesTab, createAppContext(), { props: { company } })
    await settle()
    expect(wrapper.get('article').text()).toContain('Sede principale')
    expect(wrapper.get('article').text()).toContain('Lombardia')
    await wrapper.get('#site-add').trigger('click')
    await settle()
    await wrapper.get('#site-form-name').setValue('Magazzino di Valmadrera')
    await wrapper.get('#site-form-municipality').setValue('Valmadrera')
    await wrapper.get('#site-form-province').setValue('lc')
    await wrapper.get('form').trigger('submit')
    await settle(10)
    expect(apiCalls(calls)[0]!.body).toEqual({ name: 'Magazzino di Valmadrera', municipality: 'Valmadrera', province: 'LC', region: 'lombardia', isHeadquarters: false })

    const readOnly = mountWithApp(CompanySitesTab, createAppContext(), { props: { company: companyOf({ permissions: [] }) } })
    await settle()
    expect(readOnly.find('#site-add').exists()).toBe(false)
    expect(readOnly.findAll('button')).toHaveLength(0)
  })
})
