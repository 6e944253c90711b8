import { PiniaColada } from '@pinia/colada'
import { describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { RouterView } from 'vue-router'
import { CASE_ID, caseOf, MUNICIPALITY, personOf } from '../../test/case-fixtures'
import { createAppContext, eventually, json, me, membership, mountWithApp, session, settle, stubFetch } from '../../test/helpers'

/** An app holding the router, with main.ts's query options; `page` shows the route's page (RouterView) or nothing. */
async function appAt(path: string, page: boolean) {
  const { calls } = stubFetch((call) => {
    if (call.url.endsWith('/auth/refresh')) return json(200, session(me([membership(MUNICIPALITY.name, ['case_manager'], MUNICIPALITY.id)])))
    if (call.url.endsWith(`/cases/${CASE_ID}`)) return json(200, caseOf())
    if (call.url.endsWith(`/cases/${CASE_ID}/person`)) return json(200, personOf())
    return json(200, { items: [], nextCursor: null })
  })
  const context = createAppContext()
  const wrapper = mountWithApp(defineComponent({ render: () => (page ? h(RouterView) : null) }), context, {
    global: { plugins: [context.pinia, [PiniaColada, { queryOptions: { staleTime: 30_000, gcTime: 5 * 60_000 } }], context.i18n, context.router] },
  })
  await context.router.push(path)
  await settle(10)
  const reads = (suffix: string) => calls.filter((call) => call.method === 'GET' && call.url.endsWith(suffix)).length
  return { wrapper, reads }
}

describe('the case route', () => {
  it('starts reading the case and its person once the session is known, before the page is drawn', async () => {
    // The page is never drawn here: the reads come from the route.
    const { reads } = await appAt(`/cases/${CASE_ID}`, false)
    expect(reads(`/cases/${CASE_ID}`)).toBe(1)
    expect(reads(`/cases/${CASE_ID}/person`)).toBe(1)
  })

  it('hands those reads to the page, which asks for neither again', async () => {
    const { wrapper, reads } = await appAt(`/cases/${CASE_ID}`, true)
    await eventually(() => expect(wrapper.get('h1').text()).toBe('Chiara Brambilla'))
    expect(reads(`/cases/${CASE_ID}`)).toBe(1)
    expect(reads(`/cases/${CASE_ID}/person`)).toBe(1)
    wrapper.unmount()
  })

  it('reads nothing for another page', async () => {
    const { reads } = await appAt('/cases', false)
    expect(reads(`/cases/${CASE_ID}`)).toBe(0)
    expect(reads(`/cases/${CASE_ID}/person`)).toBe(0)
  })
})
