import { describe, expect, it } from 'vitest'
import { createAppContext, mountWithApp, problem, settle, stubFetch } from '../../../test/helpers'
import PersonSearchForm from './PersonSearchForm.vue'

describe('PersonSearchForm', () => {
  it('asks for a criterion before searching, in the language chosen now (switching language translates the message again)', async () => {
    stubFetch(() => problem(401))
    const context = createAppContext()
    const wrapper = mountWithApp(PersonSearchForm, context)
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(wrapper.emitted('search')).toBeUndefined()
    expect(wrapper.get('[role=alert]').text()).toBe('Indica il codice fiscale oppure il nome e cognome.')
    context.i18n.global.locale.value = 'en'
    await settle()
    expect(wrapper.get('[role=alert]').text()).toBe('Give the tax code or the given and family name.')
    wrapper.unmount()
  })
})
