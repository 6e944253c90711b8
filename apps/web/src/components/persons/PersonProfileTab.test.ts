import type { VueWrapper } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { startSession } from '../../api/http'
import { useSessionStore } from '../../stores/session'
import { CASE_ID, MUNICIPALITY, PERSON_ID, personOf } from '../../../test/case-fixtures'
import { createAppContext, eventually, json, me, membership, mountWithApp, problem, session, settle, stubFetch, type AppContext, type FetchCall } from '../../../test/helpers'
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
    // The form's code downloads when it opens.
    await eventually(() => byLabel(wrapper, 'Cittadinanza (facoltativo)'))
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

describe('PersonProfileTab keeps the unsaved edit as a draft', () => {
  const drafts = () => Object.keys(sessionStorage).filter((k) => k.startsWith('ponte.draft.'))
  const citizenship = (wrapper: VueWrapper) => (byLabel(wrapper, 'Cittadinanza (facoltativo)').element as HTMLInputElement).value

  /** The case page's profile tab for a signed-in case manager: mounted on the case's route, so leaving it goes through the router. */
  async function openTab(context: AppContext) {
    await context.router.push(`/cases/${CASE_ID}?tab=profile`)
    await context.router.isReady()
    const wrapper = mountWithApp(PersonProfileTab, context, { props: { personId: PERSON_ID } })
    await settle(10)
    return wrapper
  }

  async function signedIn(api: (call: FetchCall) => Response) {
    const { calls } = stubFetch(api)
    const context = createAppContext()
    useSessionStore()
    startSession(session(me([membership('Comune di Valmadrera', ['case_manager'], MUNICIPALITY.id)])))
    return { context, calls }
  }

  it('across a change of tab, asks before leaving the page with it, and forgets it once saved', async () => {
    let current = personOf()
    const { context, calls } = await signedIn((call) => {
      if (call.method === 'PATCH') {
        current = personOf({ citizenship: 'italiana e svizzera', version: 3 })
        return json(200, current)
      }
      if (new URL(call.url, 'http://x').pathname.endsWith(`/persons/${PERSON_ID}`)) return json(200, current)
      return json(200, { items: [], nextCursor: null })
    })
    const first = await openTab(context)
    await buttonNamed(first, 'Modifica il profilo').trigger('click')
    await settle()
    // The form's code downloads when it opens.
    await eventually(() => byLabel(first, 'Cittadinanza (facoltativo)'))
    await byLabel(first, 'Cittadinanza (facoltativo)').setValue('italiana e svizzera')
    await settle()
    expect(drafts()).toHaveLength(1)

    // Another tab of the case (the query changes, the page stays): no question, the tab unmounts.
    const confirm = vi.fn(() => false)
    vi.stubGlobal('confirm', confirm)
    await context.router.push(`/cases/${CASE_ID}?tab=diary`)
    expect(confirm).not.toHaveBeenCalled()
    first.unmount()

    // Back on the tab: the edit is open again with what was typed, and says so.
    const again = await openTab(context)
    expect(again.get('h3').text()).toBe('Modifica il profilo di Chiara Brambilla')
    expect(citizenship(again)).toBe('italiana e svizzera')
    expect(again.get('.ponte-draft-notice').text()).toContain('Bozza non salvata ripristinata')

    // Leaving the page with it asks first; "stay" keeps the user on the case.
    await context.router.push('/cases')
    expect(confirm).toHaveBeenCalledWith(expect.stringContaining('modifiche non salvate'))
    expect(context.router.currentRoute.value.path).toBe(`/cases/${CASE_ID}`)

    await again.get('form').trigger('submit')
    await settle(10)
    const patch = calls.find((c) => c.method === 'PATCH')!
    expect(patch.headers['if-match']).toBe('"2"')
    expect(patch.body).toEqual({ citizenship: 'italiana e svizzera' })
    expect(again.get('[role=status].alert').text()).toBe('Profilo aggiornato.')
    expect(drafts()).toEqual([])

    // Saved: leaving the page asks nothing, and the tab opens on the profile again.
    confirm.mockClear()
    await context.router.push('/cases')
    expect(confirm).not.toHaveBeenCalled()
    again.unmount()
    const later = await openTab(context)
    expect(later.find('form').exists()).toBe(false)
    expect(later.text()).toContain('italiana e svizzera')
  })

  it('forgets the draft when the edit is cancelled', async () => {
    const { context } = await signedIn((call) => (new URL(call.url, 'http://x').pathname.endsWith(`/persons/${PERSON_ID}`) ? json(200, personOf()) : json(200, { items: [], nextCursor: null })))
    const wrapper = await openTab(context)
    await buttonNamed(wrapper, 'Modifica il profilo').trigger('click')
    await settle()
    // The form's code downloads when it opens.
    await eventually(() => byLabel(wrapper, 'Cittadinanza (facoltativo)'))
    await byLabel(wrapper, 'Cittadinanza (facoltativo)').setValue('svizzera')
    await settle()
    expect(drafts()).toHaveLength(1)
    await buttonNamed(wrapper, 'Annulla').trigger('click')
    await settle()
    expect(drafts()).toEqual([])
    wrapper.unmount()
    const again = await openTab(context)
    expect(again.find('form').exists()).toBe(false)
  })
})

describe('PersonSensitiveTab keeps the unsaved form as a draft', () => {
  const drafts = () => Object.keys(sessionStorage).filter((k) => k.startsWith('ponte.draft.'))
  const sectionOf = (overrides: Record<string, unknown> = {}) => ({ personId: PERSON_ID, disadvantageCategories: [], l68Registered: false, invalidityPercent: null, healthNotes: null, addictionNotes: null, judicialNotes: null, updatedBy: 'user-1', version: 4, createdAt: '2026-11-20T09:00:00.000Z', updatedAt: '2026-11-20T09:00:00.000Z', ...overrides })

  it('across a change of tab, until saved; a cancel forgets it', async () => {
    let current = sectionOf()
    const { calls } = stubFetch((call) => {
      if (call.method === 'PUT') {
        current = sectionOf({ healthNotes: 'Diabete, in cura presso il medico di base.', version: 5 })
        return json(200, current)
      }
      return json(200, current)
    })
    const context = createAppContext()
    useSessionStore()
    startSession(session(me([membership('Comune di Valmadrera', ['case_manager'], MUNICIPALITY.id)])))
    const mountSensitive = async () => {
      const wrapper = mountWithApp(PersonSensitiveTab, context, { props: { personId: PERSON_ID } })
      await settle(10)
      return wrapper
    }
    const first = await mountSensitive()
    await buttonNamed(first, 'Modifica i dati sensibili').trigger('click')
    await settle()
    await byLabel(first, 'Salute (facoltativo)').setValue('Diabete, in cura presso il medico di base.')
    await settle()
    expect(drafts()).toHaveLength(1)
    first.unmount()

    // Back on the tab: the form is open again with what was typed, and says so.
    const again = await mountSensitive()
    expect((byLabel(again, 'Salute (facoltativo)').element as HTMLTextAreaElement).value).toBe('Diabete, in cura presso il medico di base.')
    expect(again.get('.ponte-draft-notice').text()).toContain('Bozza non salvata ripristinata')
    await again.get('form').trigger('submit')
    await settle(10)
    const put = calls.find((c) => c.method === 'PUT')!
    expect(put.headers['if-match']).toBe('"4"')
    expect(put.body).toMatchObject({ healthNotes: 'Diabete, in cura presso il medico di base.' })
    expect(drafts()).toEqual([])

    // A cancel forgets the draft: the tab opens on the section again.
    await buttonNamed(again, 'Modifica i dati sensibili').trigger('click')
    await settle()
    await byLabel(again, 'Salute (facoltativo)').setValue('Da non tenere')
    await settle()
    expect(drafts()).toHaveLength(1)
    await buttonNamed(again, 'Annulla').trigger('click')
    await settle()
    expect(drafts()).toEqual([])
    again.unmount()
    const third = await mountSensitive()
    expect(third.find('form').exists()).toBe(false)
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
