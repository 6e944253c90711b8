import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { arrivalAt, createAppContext, eventually, json, me, membership, session, stubFetch } from '../../test/helpers'

describe('loading a page', () => {
  it("fetches the page's code while the session renewal is still running, not after it", async () => {
    let answerRenewal: () => void = () => undefined
    const renewal = new Promise<void>((resolve) => (answerRenewal = resolve))
    stubFetch(async () => {
      await renewal
      return json(200, session(me([membership('Comune di Valmadrera', ['case_manager'])])))
    })
    const context = createAppContext()
    const page = defineComponent({ name: 'ProbePage', render: () => h('h1', 'probe') })
    const loadPage = vi.fn(async () => page)
    context.router.addRoute({ path: '/probe', name: 'probe', component: loadPage, meta: { title: 'home.title' } })

    const arrived = arrivalAt(context.router, 'probe')
    void context.router.push('/probe')
    await eventually(() => expect(loadPage).toHaveBeenCalled())
    expect(context.router.currentRoute.value.name).not.toBe('probe')

    answerRenewal()
    await arrived
    expect(context.router.currentRoute.value.name).toBe('probe')
  })
})
