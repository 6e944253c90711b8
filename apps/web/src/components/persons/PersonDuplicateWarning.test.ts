import { describe, expect, it } from 'vitest'
import { createAppContext, mountWithApp, problem, stubFetch } from '../../../test/helpers'
import PersonDuplicateWarning from './PersonDuplicateWarning.vue'

const duplicate = (givenName: string, sex: 'F' | 'M') => ({
  personId: `00000000-0000-7000-8000-00000000000${sex === 'F' ? '1' : '2'}`,
  givenName,
  familyName: 'Brambilla',
  birthDate: '1986-04-15',
  sex,
  reason: 'name_and_birth_date' as const,
  openCaseId: null,
})

describe('PersonDuplicateWarning', () => {
  it('says "nata" or "nato" as the person\'s recorded sex, and follows the language switch', async () => {
    // The router's first navigation asks for the session: answered here, never by the network.
    stubFetch(() => problem(401, { code: 'unauthenticated' }))
    const context = createAppContext()
    const wrapper = mountWithApp(PersonDuplicateWarning, context, { props: { duplicates: [duplicate('Maria', 'F'), duplicate('Mario', 'M')] } })
    const items = () => wrapper.findAll('li').map((li) => li.text())
    expect(items()[0]).toContain('Maria Brambilla, nata il 15/04/1986 (stesso nome e data di nascita)')
    expect(items()[1]).toContain('Mario Brambilla, nato il 15/04/1986 (stesso nome e data di nascita)')

    context.i18n.global.locale.value = 'en'
    await wrapper.vm.$nextTick()
    expect(items()[0]).toContain('Maria Brambilla, born on 15/04/1986')
    wrapper.unmount()
  })
})
