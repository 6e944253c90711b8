import { completeVatNumber } from '@ponte/shared'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../api/http'
import { createAppContext, mountWithApp, problem as problemAnswer, settle, stubFetch } from '../../../test/helpers'
import CompanyForm from './CompanyForm.vue'

const VALID = completeVatNumber('0088421013')
const WRONG = VALID.slice(0, 10) + String((Number(VALID[10]) + 1) % 10)

function mountForm(props: Record<string, unknown> = {}) {
  // The form calls nothing; a RouterLink's navigation would meet a signed-out session.
  stubFetch(() => problemAnswer(401))
  const context = createAppContext()
  return mountWithApp(CompanyForm, context, { props: { mode: 'create', ownerOrganisationId: 'org-coop', ...props } as never })
}

describe('CompanyForm', () => {
  it('checks the partita IVA as it is typed, next to the field, and refuses a wrong check digit before sending', async () => {
    const wrapper = mountForm()
    const vat = wrapper.get('#company-vatNumber')
    expect(vat.attributes('aria-describedby')).toContain('company-vatNumber-check')
    await vat.setValue('0088421')
    expect(wrapper.get('#company-vatNumber-check').text()).toBe('ⓘ La partita IVA ha 11 cifre: ne mancano 4.')
    await vat.setValue(WRONG)
    expect(wrapper.get('#company-vatNumber-check').text()).toContain("L'ultima cifra (cifra di controllo) della partita IVA non corrisponde")
    await wrapper.get('#company-name').setValue('Officine Lario S.p.A.')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(wrapper.emitted('create')).toBeUndefined()
    expect(wrapper.get('[role=alert]').text()).toContain('Partita IVA')

    await vat.setValue(`IT ${VALID}`)
    expect(wrapper.get('#company-vatNumber-check').text()).toBe('✓ La partita IVA è valida.')
    await wrapper.get('#company-taxCode').setValue('0088421')
    expect(wrapper.get('#company-taxCode-check').text()).toContain('ne mancano 4')
    await wrapper.get('#company-taxCode').setValue(VALID)
    await wrapper.get('#company-employees').setValue('62')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(wrapper.emitted('create')![0]![0]).toEqual({ name: 'Officine Lario S.p.A.', vatNumber: `IT ${VALID}`, taxCode: VALID, employees: 62, ownerOrganisationId: 'org-coop' })
  })

  it('links to the company that already has the partita IVA when the API answers 409 with its id', async () => {
    const existingId = '00000000-0000-7000-8000-0000000000e9'
    const problem = new ApiError({ type: 'urn:ponte:problem:company-duplicate-vat-number', title: 'Conflict', status: 409, code: 'company-duplicate-vat-number', detail: "Un'azienda con questa partita IVA è già registrata.", existingId })
    const wrapper = mountForm({ problem })
    await settle()
    expect(wrapper.get('#company-vatNumber').attributes('aria-invalid')).toBe('true')
    const link = wrapper.findAll('a').find((a) => a.text() === "Apri l'azienda già registrata")!
    expect(link.attributes('href')).toBe(`/companies/${existingId}`)
  })

  it('shows the API\'s field errors in the user\'s words next to their fields', async () => {
    const problem = new ApiError({ type: 'x', title: 'Unprocessable', status: 422, errors: [{ pointer: '/taxCode', code: 'tax_code_check_character', detail: 'Il carattere di controllo del codice fiscale non è corretto.' }] })
    const wrapper = mountForm({ problem })
    await settle()
    const taxCode = wrapper.get('#company-taxCode')
    expect(taxCode.attributes('aria-invalid')).toBe('true')
    expect(wrapper.get('#company-taxCode-error').text()).toBe('Il carattere di controllo del codice fiscale non è corretto.')
  })
})
