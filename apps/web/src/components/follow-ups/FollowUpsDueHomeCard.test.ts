import { describe, expect, it } from 'vitest'
import { createAppContext, eventually, json, membership, mountWithApp, settle, stubFetch } from '../../../test/helpers'
import { MEASURE_ID } from '../../../test/measures-fixtures'
import { followUpDueOf } from '../../../test/measure-list-fixtures'
import FollowUpsDueHomeCard from './FollowUpsDueHomeCard.vue'

describe('the follow-ups home card', () => {
  it('lists the follow-ups overdue and due, each linked to its measure, and links the list', async () => {
    const { calls } = stubFetch(() =>
      json(200, { items: [followUpDueOf(), followUpDueOf({ followUp: { ...followUpDueOf().followUp, id: 'fu-2', monthsAfter: 1, dueOn: '2026-12-09' }, overdue: false })], nextCursor: 'more' }),
    )
    const wrapper = mountWithApp(FollowUpsDueHomeCard, createAppContext(), { props: { role: 'operator', membership: membership('Cooperativa Lavoro', ['operator']) } })
    await settle(10)
    expect(calls[0]!.url).toBe('/api/v1/follow-ups/due?withinDays=14&limit=50')
    expect(wrapper.get('h2').text()).toBe('Verifiche dei percorsi')
    const items = wrapper.findAll('li')
    expect(items[0]!.get('a').text()).toBe('Davide Anghileri: verifica a 3 mesi')
    expect(items[0]!.get('a').attributes('href')).toBe(`/measures/${MEASURE_ID}`)
    expect(items[0]!.text()).toContain('Inserimento lavorativo · Verde Lario · Entro il 22/11/2026')
    expect(items[0]!.text()).toContain('Scaduta')
    expect(items[1]!.get('a').text()).toBe('Davide Anghileri: verifica a 1 mese')
    expect(items[1]!.text()).not.toContain('Scaduta')
    expect(wrapper.text()).toContain('Ce ne sono altre.')
    expect(wrapper.findAll('a').at(-1)!.attributes('href')).toBe('/measures?view=followUps')
  })

  it('shows its link with the answer, not under the loading line, which the list would push down (no layout shift)', async () => {
    const answers: ((response: Response) => void)[] = []
    const { calls } = stubFetch(() => new Promise<Response>((resolve) => answers.push(resolve)))
    const wrapper = mountWithApp(FollowUpsDueHomeCard, createAppContext(), { props: { role: 'operator', membership: membership('Cooperativa Lavoro', ['operator']) } })
    await eventually(() => expect(calls).toHaveLength(1))
    expect(wrapper.text()).toContain('Verifiche dei percorsi')
    expect(wrapper.find('a[href="/measures?view=followUps"]').exists()).toBe(false)
    answers[0]!(json(200, { items: [followUpDueOf()], nextCursor: null }))
    await eventually(() => expect(wrapper.findAll('li')).toHaveLength(1))
    expect(wrapper.find('a[href="/measures?view=followUps"]').exists()).toBe(true)
  })

  it('says when nothing is due', async () => {
    stubFetch(() => json(200, { items: [], nextCursor: null }))
    const wrapper = mountWithApp(FollowUpsDueHomeCard, createAppContext(), { props: { role: 'coordinator', membership: membership('Comune di Valmadrera', ['coordinator']) } })
    await settle(10)
    expect(wrapper.text()).toContain('Nessuna verifica scaduta o in scadenza nelle prossime due settimane.')
  })
})
