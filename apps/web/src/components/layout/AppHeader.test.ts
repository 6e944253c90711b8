import { describe, expect, it } from 'vitest'
import { createAppContext, eventually, json, me, membership, mountWithApp, session, settle, stubFetch } from '../../../test/helpers'
import { useSessionStore } from '../../stores/session'
import AppHeader from './AppHeader.vue'

const DEADLINE_KEY = 'ponte.sessionEndsAt'

async function openHeader() {
  let answerRefresh: (response: Response) => void = () => undefined
  stubFetch((call) => (call.url.endsWith('/auth/refresh') ? new Promise<Response>((resolve) => (answerRefresh = resolve)) : json(404, {})))
  const context = createAppContext()
  const wrapper = mountWithApp(AppHeader, context)
  const restoring = useSessionStore().restore()
  await settle()
  return { wrapper, answer: async (response: Response) => (answerRefresh(response), await restoring) }
}

describe('the header while the session is restored', () => {
  it('keeps the places of the signed-in header when this browser held a session, then shows it', async () => {
    localStorage.setItem(DEADLINE_KEY, String(Date.now() + 10 * 60_000))
    const { wrapper, answer } = await openHeader()
    // Empty places, hidden from assistive technologies: no search, no navigation landmark yet.
    for (const selector of ['.ponte-user-placeholder', '.ponte-header-search-placeholder', '.ponte-organisation-placeholder', '.ponte-main-nav']) {
      expect(wrapper.get(selector).attributes('aria-hidden')).toBe('true')
    }
    expect(wrapper.find('nav').exists()).toBe(false)
    expect(wrapper.find('[role=search]').exists()).toBe(false)

    await answer(json(200, session(me([membership('Comune di Valmadrera', ['case_manager'])]))))
    await eventually(() => expect(wrapper.find('nav.ponte-main-nav').exists()).toBe(true))
    expect(wrapper.find('[role=search]').exists()).toBe(true)
    expect(wrapper.find('[aria-hidden=true].ponte-main-nav, .ponte-header-search-placeholder, .ponte-user-placeholder').exists()).toBe(false)
    wrapper.unmount()
  })

  it('shows the signed-out header at once when no session was held, and forgets a held one when it ends', async () => {
    const { wrapper, answer } = await openHeader()
    expect(wrapper.find('.ponte-main-nav').exists()).toBe(false)
    expect(wrapper.find('.ponte-header-search-placeholder').exists()).toBe(false)
    await answer(json(200, session(me([membership('Comune di Valmadrera', ['case_manager'])]))))
    await eventually(() => expect(localStorage.getItem(DEADLINE_KEY)).not.toBeNull())
    useSessionStore().expire()
    expect(localStorage.getItem(DEADLINE_KEY)).toBeNull()
    wrapper.unmount()
  })
})
