import type { Case, Role } from '@ponte/shared'
import type { VueWrapper } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { CASE_ID, caseOf, MUNICIPALITY, PERSON_ID, personOf } from '../../test/case-fixtures'
import { createAppContext, eventually, json, me, membership, mountWithApp, problem, session, settle, stubFetch, type FetchCall } from '../../test/helpers'
import CasePage from './CasePage.vue'

/** The case page as a user with `roles`; `api` answers every call but the session renewal. */
async function openCase(roles: Role[], api: (call: FetchCall) => Response | Promise<Response> | undefined, path = `/cases/${CASE_ID}`) {
  const organisation = roles.includes('operator') ? membership('Cooperativa Lavoro', roles, 'org-coop') : membership('Comune di Valmadrera', roles, MUNICIPALITY.id)
  const { calls } = stubFetch((call) => {
    if (call.url.endsWith('/auth/refresh')) return json(200, session(me([organisation])))
    // The person of the case (read with the case) answers what the person itself answers.
    const asked = call.url.endsWith(`/cases/${CASE_ID}/person`) ? { ...call, url: call.url.replace(`/cases/${CASE_ID}/person`, `/persons/${PERSON_ID}`) } : call
    return api(asked) ?? json(200, { items: [], nextCursor: null })
  })
  const context = createAppContext()
  await context.router.push(path)
  await context.router.isReady()
  const wrapper = mountWithApp(CasePage, context, { props: { caseId: CASE_ID } })
  await settle(10)
  return { wrapper, calls, context }
}

const tabNames = (wrapper: VueWrapper) => wrapper.findAll('[role=tab]').map((t) => t.text())
const buttonNamed = (wrapper: VueWrapper, name: string) => {
  const button = wrapper.findAll('button').find((b) => b.text() === name)
  if (!button) throw new Error(`No button ${name}`)
  return button
}
const byLabel = (wrapper: VueWrapper, label: string) => {
  const element = wrapper.findAll('label').find((l) => l.text() === label)
  if (!element) throw new Error(`No label ${label}`)
  return wrapper.get(`#${element.attributes('for')}`)
}

describe('CasePage', () => {
  it('shows the municipality staff the header, the status actions and every tab, the sensitive one when they may read it', async () => {
    const { wrapper } = await openCase(['case_manager'], (call) => {
      if (call.url.endsWith(`/cases/${CASE_ID}`)) return json(200, caseOf())
      if (call.url.endsWith(`/persons/${PERSON_ID}`)) return json(200, personOf())
      if (call.url.endsWith(`/persons/${PERSON_ID}/sensitive`)) return problem(404, { code: 'not-found' })
      return undefined
    })
    expect(wrapper.get('h1').text()).toBe('Chiara Brambilla')
    expect(wrapper.text()).toContain('Comune di Valmadrera')
    expect(wrapper.text()).toContain('Marco Rusconi')
    expect(tabNames(wrapper)).toEqual(['Profilo', 'Dati sensibili', 'Valutazioni', 'Progetto', 'Incontri', 'Diario', 'Invii', 'Candidature', 'Gruppi', 'Percorsi', 'Contributi', 'PUC', 'Cronologia'])
    expect(wrapper.findAll('button').map((b) => b.text())).toContain('Cambia stato')

    // WAI-ARIA tabs: one selected tab in the tab order, its panel labelled by it; arrows move along.
    const tablist = wrapper.get('[role=tablist]')
    expect(tablist.attributes('aria-label')).toBe('Sezioni del caso')
    const profile = wrapper.get('[role=tab][aria-selected=true]')
    expect(profile.text()).toBe('Profilo')
    const panel = wrapper.get(`#${profile.attributes('aria-controls')}`)
    expect(panel.attributes('role')).toBe('tabpanel')
    expect(panel.attributes('aria-labelledby')).toBe(profile.attributes('id'))
    expect(panel.text()).toContain('BRMCHR86D55E507Z')
    await profile.trigger('keydown', { key: 'ArrowRight' })
    await settle()
    expect(wrapper.get('[role=tab][aria-selected=true]').text()).toBe('Dati sensibili')
    expect(document.activeElement?.textContent?.trim()).toBe('Dati sensibili')
    await wrapper.get('[role=tab][aria-selected=true]').trigger('keydown', { key: 'End' })
    expect(wrapper.get('[role=tab][aria-selected=true]').text()).toBe('Cronologia')
  })

  it('asks for the person together with the case, not once the case has answered', async () => {
    let answerCase: () => void = () => undefined
    const caseAnswered = new Promise<void>((resolve) => (answerCase = resolve))
    const { wrapper, calls } = await openCase(['case_manager'], (call) => {
      if (call.url.endsWith(`/cases/${CASE_ID}`)) return caseAnswered.then(() => json(200, caseOf()))
      if (call.url.endsWith(`/persons/${PERSON_ID}`)) return json(200, personOf())
      return undefined
    })
    expect(calls.map((c) => new URL(c.url, 'http://x').pathname)).toEqual(expect.arrayContaining([`/api/v1/cases/${CASE_ID}`, `/api/v1/cases/${CASE_ID}/person`]))
    answerCase()
    await eventually(() => expect(wrapper.text()).toContain('BRMCHR86D55E507Z'))
    expect(tabNames(wrapper)[0]).toBe('Profilo')
  })

  it('hides the sensitive tab from colleagues who may not read it', async () => {
    const { wrapper } = await openCase(['case_manager'], (call) => {
      if (call.url.endsWith(`/cases/${CASE_ID}`)) return json(200, caseOf({ access: 'member', allowedTransitions: [] }))
      if (call.url.endsWith(`/persons/${PERSON_ID}`)) return json(200, personOf({ permissions: { canUpdate: true, canReadSensitive: false } }))
      return undefined
    })
    expect(tabNames(wrapper)).toEqual(['Profilo', 'Valutazioni', 'Progetto', 'Incontri', 'Diario', 'Invii', 'Candidature', 'Gruppi', 'Percorsi', 'Contributi', 'PUC', 'Cronologia'])
    expect(wrapper.findAll('button').map((b) => b.text())).not.toContain('Cambia stato')
  })

  it("shows a partner operator only the header, the working profile, the commitments assigned to their service, their referral and the timeline", async () => {
    const { wrapper, calls } = await openCase(['operator'], (call) => {
      if (call.url.endsWith(`/cases/${CASE_ID}`)) return json(200, caseOf({ access: 'partner', allowedTransitions: [], sourceNotes: null }))
      if (call.url.endsWith(`/persons/${PERSON_ID}`)) {
        return json(200, personOf({ view: 'working_profile', residence: null, createdBy: null, permissions: { canUpdate: false, canReadSensitive: false } }))
      }
      return undefined
    })
    expect(wrapper.get('h1').text()).toBe('Chiara Brambilla')
    expect(tabNames(wrapper)).toEqual(['Profilo', 'Impegni partner', 'Invii', 'Candidature', 'Percorsi', 'Cronologia'])
    expect(wrapper.text()).not.toContain('Dati sensibili')
    expect(wrapper.text()).toContain('Vedi il profilo lavorativo condiviso con il tuo ente')
    expect(wrapper.text()).not.toContain('Comune di residenza')
    const buttons = wrapper.findAll('button').map((b) => b.text())
    expect(buttons).not.toContain('Cambia stato')
    expect(buttons).not.toContain('Modifica il profilo')
    // Nothing of the staff's records was even asked for.
    expect(calls.some((c) => /sensitive|assessments|plans|meetings|diary-notes|economic-supports/.test(c.url))).toBe(false)
  })

  it('changes the status with If-Match and the reason, and shows the new status', async () => {
    let current: Case = caseOf()
    const { wrapper, calls } = await openCase(['case_manager'], (call) => {
      if (call.url.endsWith('/transitions')) {
        current = caseOf({ status: 'assessment', allowedTransitions: ['active', 'suspended', 'closed'], version: 4 })
        return json(200, current)
      }
      if (call.url.endsWith(`/cases/${CASE_ID}`)) return json(200, current)
      if (call.url.endsWith(`/persons/${PERSON_ID}`)) return json(200, personOf())
      return undefined
    })
    await buttonNamed(wrapper, 'Cambia stato').trigger('click')
    await settle()
    expect(document.activeElement?.textContent?.trim()).toBe('Cambia lo stato del caso')
    // The form's code downloads when it opens.
    await eventually(() => byLabel(wrapper, 'Nuovo stato'))
    await byLabel(wrapper, 'Nuovo stato').setValue('assessment')
    await byLabel(wrapper, 'Motivo').setValue('Primo colloquio svolto')
    await wrapper.get('.ponte-panel form').trigger('submit')
    await settle(10)
    const post = calls.find((c) => c.url.endsWith('/transitions'))!
    expect(post.url).toBe(`/api/v1/cases/${CASE_ID}/transitions`)
    expect(post.headers['if-match']).toBe('"3"')
    expect(post.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/)
    expect(post.body).toEqual({ to: 'assessment', reason: 'Primo colloquio svolto' })
    await eventually(() => expect(wrapper.get('[role=status].alert').text()).toBe('Stato del caso: Valutazione.'))
    expect(wrapper.find('.ponte-panel').exists()).toBe(false)
    expect(wrapper.get('.ponte-case-header').text()).toContain('Valutazione')
  })

  it('keeps a status change typed and not sent: leaving asks, and back on the case the panel opens with it; sent, it is gone', async () => {
    let current: Case = caseOf()
    const api = (call: FetchCall) => {
      if (call.url.endsWith('/transitions')) {
        current = caseOf({ status: 'assessment', allowedTransitions: ['active', 'suspended', 'closed'], version: 4 })
        return json(200, current)
      }
      if (call.url.endsWith(`/cases/${CASE_ID}`)) return json(200, current)
      if (call.url.endsWith(`/persons/${PERSON_ID}`)) return json(200, personOf())
      return undefined
    }
    const drafts = () => Object.keys(sessionStorage).filter((k) => k.startsWith('ponte.draft.'))
    const { wrapper, context } = await openCase(['case_manager'], api)
    await buttonNamed(wrapper, 'Cambia stato').trigger('click')
    await settle()
    // The form's code downloads when it opens.
    await eventually(() => byLabel(wrapper, 'Nuovo stato'))
    await byLabel(wrapper, 'Nuovo stato').setValue('assessment')
    await byLabel(wrapper, 'Motivo').setValue('Primo colloquio svolto')
    await settle()
    expect(drafts()).toHaveLength(1)

    const confirm = vi.fn(() => true)
    vi.stubGlobal('confirm', confirm)
    await context.router.push('/cases')
    expect(confirm).toHaveBeenCalledWith(expect.stringContaining('modifiche non salvate'))
    wrapper.unmount()

    await context.router.push(`/cases/${CASE_ID}`)
    const again = mountWithApp(CasePage, context, { props: { caseId: CASE_ID } })
    await settle(10)
    expect((byLabel(again, 'Motivo').element as HTMLTextAreaElement).value).toBe('Primo colloquio svolto')
    expect(again.get('.ponte-panel .ponte-draft-notice').text()).toContain('Bozza non salvata ripristinata')
    await again.get('.ponte-panel form').trigger('submit')
    await settle(10)
    await eventually(() => expect(again.get('[role=status].alert').text()).toBe('Stato del caso: Valutazione.'))
    expect(drafts()).toEqual([])
  })

  it('says a case that does not exist or is not visible cannot be shown', async () => {
    const { wrapper } = await openCase(['case_manager'], (call) => (call.url.endsWith(`/cases/${CASE_ID}`) ? problem(404, { code: 'not-found' }) : undefined))
    expect(wrapper.get('h1').text()).toBe('Caso')
    expect(wrapper.get('[role=alert]').text()).toBe('Il caso non esiste o non è visibile con i ruoli che hai.')
  })

  describe('never loses what someone typed', () => {
    const caseApi = (call: FetchCall) => {
      if (call.url.endsWith(`/cases/${CASE_ID}`)) return json(200, caseOf())
      if (call.url.endsWith(`/persons/${PERSON_ID}`)) return json(200, personOf())
      if (call.url.endsWith(`/persons/${PERSON_ID}/sensitive`)) return problem(404, { code: 'not-found' })
      if (call.method === 'POST' && call.url.endsWith('/diary-notes')) {
        return json(201, { id: '0190a000-0000-7000-8000-00000000f009', caseId: CASE_ID, notedOn: '2026-03-04', text: 'Telefonata con la persona.', visibility: 'normal', authorId: 'user-1', authorName: 'Mario Rossi', permissions: ['update'], version: 1, createdAt: '2026-03-04T09:00:00.000Z', updatedAt: '2026-03-04T09:00:00.000Z' })
      }
      return undefined
    }
    const tab = (wrapper: VueWrapper, name: string) => wrapper.findAll('[role=tab]').find((t) => t.text() === name)!

    it('keeps the tab in the address and an unsaved diary note across tabs, until it is saved', async () => {
      const { wrapper, context, calls } = await openCase(['case_manager'], caseApi, `/cases/${CASE_ID}?tab=diary`)
      expect(wrapper.get('[role=tab][aria-selected=true]').text()).toBe('Diario')
      // The diary tab's code downloads when the tab opens.
      await eventually(() => byLabel(wrapper, 'Testo della nota'))
      await byLabel(wrapper, 'Testo della nota').setValue('Telefonata con la persona.')
      await settle()

      await tab(wrapper, 'Valutazioni').trigger('click')
      await settle()
      expect(context.router.currentRoute.value.query.tab).toBe('assessments')
      expect(wrapper.findAll('label').some((l) => l.text() === 'Testo della nota')).toBe(false)

      await tab(wrapper, 'Diario').trigger('click')
      await settle()
      expect(context.router.currentRoute.value.query.tab).toBe('diary')
      expect((byLabel(wrapper, 'Testo della nota').element as HTMLTextAreaElement).value).toBe('Telefonata con la persona.')
      expect(wrapper.get('.ponte-draft-notice').text()).toContain('Bozza non salvata ripristinata')

      await buttonNamed(wrapper, 'Aggiungi la nota').trigger('click')
      await settle(10)
      expect(calls.find((c) => c.method === 'POST' && c.url.endsWith('/diary-notes'))!.body).toMatchObject({ text: 'Telefonata con la persona.' })
      // Saved: the form starts empty and no draft is left behind.
      expect((byLabel(wrapper, 'Testo della nota').element as HTMLTextAreaElement).value).toBe('')
      expect(wrapper.find('.ponte-draft-notice').exists()).toBe(false)
      expect(Object.keys(sessionStorage).filter((k) => k.startsWith('ponte.draft.'))).toEqual([])
    })

    it('asks before leaving the page with unsaved changes, keeps the draft when the user leaves, and forgets it when discarded', async () => {
      const { wrapper, context } = await openCase(['case_manager'], caseApi, `/cases/${CASE_ID}?tab=diary`)
      await eventually(() => byLabel(wrapper, 'Testo della nota'))
      await byLabel(wrapper, 'Testo della nota').setValue('Da non perdere.')
      await settle()

      const confirm = vi.fn(() => false)
      vi.stubGlobal('confirm', confirm)
      await context.router.push('/cases')
      expect(confirm).toHaveBeenCalledWith(expect.stringContaining('modifiche non salvate'))
      expect(context.router.currentRoute.value.path).toBe(`/cases/${CASE_ID}`)

      // A tab of the same page is not leaving it.
      confirm.mockClear()
      await tab(wrapper, 'Profilo').trigger('click')
      await settle()
      expect(confirm).not.toHaveBeenCalled()
      await context.router.push(`/cases/${CASE_ID}?tab=diary`)
      await settle()

      // Closing or reloading the browser tab asks too.
      const unload = new Event('beforeunload', { cancelable: true })
      window.dispatchEvent(unload)
      expect(unload.defaultPrevented).toBe(true)

      confirm.mockReturnValueOnce(true)
      await context.router.push('/cases')
      expect(context.router.currentRoute.value.path).toBe('/cases')
      wrapper.unmount()

      // Coming back, the draft is there; discarding it empties the form and nothing asks any more.
      await context.router.push(`/cases/${CASE_ID}?tab=diary`)
      const again = mountWithApp(CasePage, context, { props: { caseId: CASE_ID } })
      await settle(10)
      expect((byLabel(again, 'Testo della nota').element as HTMLTextAreaElement).value).toBe('Da non perdere.')
      await buttonNamed(again, 'Scarta la bozza').trigger('click')
      await settle()
      expect((byLabel(again, 'Testo della nota').element as HTMLTextAreaElement).value).toBe('')
      confirm.mockClear()
      await context.router.push('/cases')
      expect(confirm).not.toHaveBeenCalled()
    })
  })
})
