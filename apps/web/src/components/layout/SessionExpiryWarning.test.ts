import { describe, expect, it, vi } from 'vitest'
import { startSession } from '../../api/http'
import { useSessionStore } from '../../stores/session'
import { createAppContext, json, me, membership, mountWithApp, session, stubFetch } from '../../../test/helpers'
import SessionExpiryWarning from './SessionExpiryWarning.vue'

const user = me([membership('Comune di Valmadrera', ['case_manager'])])

/** Signed in with a session that ends in `endsIn` seconds unless renewed; the warning mounted; the clock fake. */
function signedIn(endsIn: number) {
  vi.useFakeTimers()
  const { calls } = stubFetch((call) => (call.url.endsWith('/auth/refresh') ? json(200, session(user, 'renewed', 900, 1800)) : json(200, {})))
  const context = createAppContext()
  const store = useSessionStore()
  startSession(session(user, 'first', 900, endsIn))
  const outside = document.createElement('button')
  document.body.append(outside)
  outside.focus()
  const wrapper = mountWithApp(SessionExpiryWarning, context)
  const refreshes = () => calls.filter((c) => c.url.endsWith('/auth/refresh')).length
  return { wrapper, store, outside, refreshes }
}

const dialogOf = (wrapper: ReturnType<typeof signedIn>['wrapper']) => wrapper.find('[role=alertdialog]')

describe('SessionExpiryWarning', () => {
  it('warns two minutes before the session ends, takes focus, and "Resta connesso" renews it', async () => {
    const { wrapper, store, outside, refreshes } = signedIn(600)
    await vi.advanceTimersByTimeAsync(479_000)
    expect(dialogOf(wrapper).exists()).toBe(false)
    await vi.advanceTimersByTimeAsync(1_000)
    const dialog = dialogOf(wrapper)
    expect(dialog.exists()).toBe(true)
    expect(dialog.attributes('aria-labelledby')).toBe('session-warning-title')
    expect(dialog.get('#session-warning-title').text()).toBe('La sessione sta per scadere')
    const time = new Intl.DateTimeFormat('it-IT', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Rome' }).format(new Date(store.expiresAt!))
    expect(dialog.get('#session-warning-text').text()).toContain(`alle ${time} la sessione scadrà e dovrai accedere di nuovo`)
    const stay = dialog.get('button')
    expect(stay.text()).toBe('Resta connesso')
    expect(document.activeElement).toBe(stay.element)

    await stay.trigger('click')
    await vi.advanceTimersByTimeAsync(0)
    expect(refreshes()).toBe(1)
    expect(dialogOf(wrapper).exists()).toBe(false)
    expect(document.activeElement).toBe(outside)
    expect(store.status).toBe('signed-in')

    // The renewed session (30 minutes) is warned about again two minutes before its new end.
    await vi.advanceTimersByTimeAsync(1_679_000)
    expect(dialogOf(wrapper).exists()).toBe(false)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(dialogOf(wrapper).exists()).toBe(true)
    wrapper.unmount()
  })

  it('ends the session when nobody answers, as expired (the app then asks to sign in and comes back)', async () => {
    const { wrapper, store, refreshes } = signedIn(600)
    await vi.advanceTimersByTimeAsync(480_000)
    expect(dialogOf(wrapper).exists()).toBe(true)
    await vi.advanceTimersByTimeAsync(120_000)
    expect(store.status).toBe('signed-out')
    expect(store.endReason).toBe('expired')
    expect(dialogOf(wrapper).exists()).toBe(false)
    // Idle all along: the access token was not renewed behind the user's back.
    expect(refreshes()).toBe(0)
    wrapper.unmount()
  })

  it('follows the language switch', async () => {
    const { wrapper } = signedIn(600)
    const context = wrapper.vm.$i18n
    await vi.advanceTimersByTimeAsync(480_000)
    context.locale = 'en'
    await vi.advanceTimersByTimeAsync(0)
    expect(dialogOf(wrapper).get('button').text()).toBe('Stay signed in')
    wrapper.unmount()
  })
})
