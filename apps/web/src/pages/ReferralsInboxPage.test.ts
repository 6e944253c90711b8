import type { Referral } from '@ponte/shared'
import type { VueWrapper } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { CASE_ID, referralOf } from '../../test/case-fixtures'
import { drafts, draftNotice, leavingAsks } from '../../test/drafts'
import { createAppContext, json, me, membership, mountWithApp, problem, session, settle, stubFetch, type FetchCall } from '../../test/helpers'
import ReferralsInboxPage from './ReferralsInboxPage.vue'

const operator = membership('Cooperativa Sociale Lavoro e Comunità', ['operator'], 'org-coop')

async function openInbox(api: (call: FetchCall) => Response) {
  const { calls } = stubFetch((call) => (call.url.endsWith('/auth/refresh') ? json(200, session(me([operator]))) : api(call)))
  const context = createAppContext()
  await context.router.push('/referrals')
  await context.router.isReady()
  const wrapper = mountWithApp(ReferralsInboxPage, context)
  await settle(10)
  return { wrapper, calls, context }
}

const buttonNamed = (scope: VueWrapper | ReturnType<VueWrapper['get']>, name: string) => {
  const button = scope.findAll('button').find((b) => b.text() === name)
  if (!button) throw new Error(`No button ${name}`)
  return button
}

describe('ReferralsInboxPage', () => {
  it('lists the referrals with municipality, person, purpose and consent, and accepts one with If-Match; then links to the case', async () => {
    let current: Referral = referralOf()
    const { wrapper, calls, context } = await openInbox((call) => {
      if (call.url.endsWith('/transitions')) {
        current = referralOf({ status: 'accepted', allowedActions: ['complete'], version: 2 })
        return json(200, current)
      }
      return json(200, { items: [current], nextCursor: null })
    })
    expect(calls.find((c) => c.url.includes('/referrals'))!.url).toBe('/api/v1/referrals?limit=25')
    const item = wrapper.get('article')
    expect(item.get('h3').text()).toBe('Chiara Brambilla – da Comune di Valmadrera')
    expect(item.text()).toContain('In attesa di risposta')
    expect(item.text()).toContain('Orientamento e ricerca di un tirocinio')
    expect(item.text()).toContain('dato il 20/11/2026: Profilo lavorativo alla cooperativa')
    expect(item.find('a').exists()).toBe(false)

    await buttonNamed(item, "Accetta l'invio").trigger('click')
    await settle(10)
    const post = calls.find((c) => c.url.endsWith('/transitions'))!
    expect(post.url).toBe(`/api/v1/referrals/${referralOf().id}/transitions`)
    expect(post.headers['if-match']).toBe('"1"')
    expect(post.body).toEqual({ action: 'accept' })
    expect(wrapper.get('[role=status].alert').text()).toBe('Invio accettato.')
    // The notice follows the language switch: it is translated when shown, not when made.
    context.i18n.global.locale.value = 'en'
    await settle()
    expect(wrapper.get('[role=status].alert').text()).toBe('Referral accepted.')
    context.i18n.global.locale.value = 'it'
    await settle()
    const link = wrapper.get('article a')
    expect(link.text()).toBe('Apri il caso di Chiara Brambilla')
    expect(link.attributes('href')).toBe(`/cases/${CASE_ID}`)
  })

  it('rejects a referral only with a reason, and shows the API errors next to it', async () => {
    let attempts = 0
    const { wrapper, calls } = await openInbox((call) => {
      if (call.url.endsWith('/transitions')) {
        attempts += 1
        if (attempts === 1) return problem(422, { code: 'validation-failed', errors: [{ pointer: '/reason', code: 'maxLength', detail: 'Troppo lungo.' }] })
        return json(200, referralOf({ status: 'rejected', statusReason: 'Nessun posto disponibile', allowedActions: [], person: null, version: 2 }))
      }
      return json(200, { items: [attempts >= 2 ? referralOf({ status: 'rejected', statusReason: 'Nessun posto disponibile', allowedActions: [], person: null, version: 2 }) : referralOf()], nextCursor: null })
    })
    await buttonNamed(wrapper.get('article'), "Rifiuta l'invio").trigger('click')
    await settle()
    const reason = wrapper.get('textarea')
    expect(wrapper.get(`label[for=${reason.attributes('id')}]`).text()).toBe('Motivo del rifiuto')
    expect(document.activeElement).toBe(reason.element)

    // Without a reason nothing is sent.
    await wrapper.get('article form').trigger('submit')
    expect(wrapper.get('article').text()).toContain('Questo campo è obbligatorio.')
    expect(calls.some((c) => c.url.endsWith('/transitions'))).toBe(false)

    await reason.setValue('Nessun posto disponibile')
    await wrapper.get('article form').trigger('submit')
    await settle(10)
    expect(wrapper.get('textarea').attributes('aria-invalid')).toBe('true')
    expect(wrapper.get('article').text()).toContain('Il testo è troppo lungo.')

    await wrapper.get('textarea').setValue('Nessun posto disponibile')
    await wrapper.get('article form').trigger('submit')
    await settle(10)
    const posts = calls.filter((c) => c.url.endsWith('/transitions'))
    expect(posts.at(-1)!.body).toEqual({ action: 'reject', reason: 'Nessun posto disponibile' })
    expect(wrapper.get('[role=status].alert').text()).toBe('Invio rifiutato.')
    const item = wrapper.get('article')
    expect(item.get('h3').text()).toBe('Persona non più visibile – da Comune di Valmadrera')
    expect(item.text()).toContain('Rifiutato')
    expect(item.text()).toContain('Nessun posto disponibile')
    expect(item.findAll('button')).toHaveLength(0)
  })
})

describe("the reason for rejecting a referral keeps its draft", () => {
  it('asks before leaving, comes back with the notice after a change of page, and is forgotten once sent', async () => {
    let rejected = false
    const api = (call: FetchCall) => {
      const done = referralOf({ status: 'rejected', statusReason: 'Nessun posto disponibile', allowedActions: [], person: null, version: 2 })
      if (call.url.endsWith('/transitions')) {
        rejected = true
        return json(200, done)
      }
      return json(200, { items: [rejected ? done : referralOf()], nextCursor: null })
    }
    const first = await openInbox(api)
    await buttonNamed(first.wrapper.get('article'), "Rifiuta l'invio").trigger('click')
    await settle()
    await first.wrapper.get('textarea').setValue('Nessun posto disponibile')
    await settle()
    expect(drafts()).toHaveLength(1)
    expect(await leavingAsks(first.context.router)).toBe(true)
    first.wrapper.unmount()

    const again = await openInbox(api)
    expect((again.wrapper.get('textarea').element as HTMLTextAreaElement).value).toBe('Nessun posto disponibile')
    expect(draftNotice(again.wrapper)).toContain('Bozza non salvata ripristinata')
    await again.wrapper.get('article form').trigger('submit')
    await settle(10)
    expect(again.calls.filter((c) => c.url.endsWith('/transitions')).at(-1)!.body).toEqual({ action: 'reject', reason: 'Nessun posto disponibile' })
    expect(drafts()).toEqual([])
    expect(await leavingAsks(again.context.router)).toBe(false)
  })
})
