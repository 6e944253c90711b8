import type { VueWrapper } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { PERSON_ID, personOf } from '../../../test/case-fixtures'
import { createAppContext, eventually, json, mountWithApp, problem, settle, stubFetch, type FetchCall } from '../../../test/helpers'
import PersonProfileTab from './PersonProfileTab.vue'
import PersonSensitiveTab from './PersonSensitiveTab.vue'

async function mountTab(component: typeof PersonProfileTab | typeof PersonSensitiveTab, api: (call: FetchCall) => Response) {
  const { calls } = stubFetch(api)
  const wrapper = mountWithApp(component, createAppContext(), { props: { personId: PERSON_ID } })
  await settle(10)
  return { wrapper, calls }
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

describe('PersonProfileTab', () => {
  it('saves the profile as a merge patch with If-Match; a 412 says someone else changed it and reloads the current version', async () => {
    let reads = 0
    const { wrapper, calls } = await mountTab(PersonProfileTab, (call) => {
      if (call.method === 'PATCH') return problem(412, { code: 'version-mismatch' })
      reads += 1
      return json(200, reads === 1 ? personOf() : personOf({ citizenship: 'svizzera', version: 5 }))
    })
    expect(wrapper.text()).toContain('BRMCHR86D55E507Z')
    await buttonNamed(wrapper, 'Modifica il profilo').trigger('click')
    await settle()
    expect(document.activeElement?.textContent).toBe('Modifica il profilo di Chiara Brambilla')
    await byLabel(wrapper, 'Cittadinanza (facoltativo)').setValue('italiana e svizzera')
    await wrapper.get('form').trigger('submit')
    await settle(10)

    const patch = calls.find((c) => c.method === 'PATCH')!
    expect(patch.url).toBe(`/api/v1/persons/${PERSON_ID}`)
    expect(patch.headers['if-match']).toBe('"2"')
    expect(patch.headers['content-type']).toBe('application/merge-patch+json')
    expect(patch.body).toEqual({ citizenship: 'italiana e svizzera' })
    const alert = wrapper.get('[role=alert]')
    expect(alert.text()).toContain('Qualcun altro ha modificato questi dati mentre li stavi modificando.')

    await buttonNamed(wrapper, 'Ricarica i dati aggiornati').trigger('click')
    await eventually(() => expect((byLabel(wrapper, 'Cittadinanza (facoltativo)').element as HTMLInputElement).value).toBe('svizzera'))
    expect(wrapper.find('[role=alert]').exists()).toBe(false)
  })
})

describe('PersonSensitiveTab', () => {
  it('offers to fill in a section not filled yet (404), then creates it without If-Match', async () => {
    const { wrapper, calls } = await mountTab(PersonSensitiveTab, (call) => {
      if (call.method === 'PUT') {
        return json(201, { personId: PERSON_ID, disadvantageCategories: ['alcoholism'], l68Registered: true, invalidityPercent: 46, healthNotes: null, addictionNotes: null, judicialNotes: null, updatedBy: 'user-1', version: 1, createdAt: '2026-11-20T09:00:00.000Z', updatedAt: '2026-11-20T09:00:00.000Z' })
      }
      return problem(404, { code: 'not-found' })
    })
    expect(wrapper.text()).toContain('La sezione dei dati sensibili non è ancora stata compilata.')
    await buttonNamed(wrapper, 'Compila i dati sensibili').trigger('click')
    await settle()
    await byLabel(wrapper, 'Alcolismo').setValue(true)
    await byLabel(wrapper, 'Iscritta/o alle liste del collocamento mirato (L. 68/1999)').setValue(true)
    await byLabel(wrapper, 'Percentuale di invalidità civile (facoltativo)').setValue('146')
    await wrapper.get('form').trigger('submit')
    expect(wrapper.text()).toContain('Indica un numero intero da 0 a 100.')
    await byLabel(wrapper, 'Percentuale di invalidità civile (facoltativo)').setValue('46')
    await wrapper.get('form').trigger('submit')
    await settle(10)
    const put = calls.find((c) => c.method === 'PUT')!
    expect(put.headers['if-match']).toBeUndefined()
    expect(put.body).toEqual({ disadvantageCategories: ['alcoholism'], l68Registered: true, invalidityPercent: 46, healthNotes: null, addictionNotes: null, judicialNotes: null })
    expect(wrapper.get('[role=status].alert').text()).toBe('Dati sensibili salvati.')
    expect(wrapper.text()).toContain('Alcolismo')
    expect(wrapper.text()).toContain('46%')
  })
})
