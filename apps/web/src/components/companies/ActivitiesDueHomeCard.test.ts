import { describe, expect, it } from 'vitest'
import { activityOf, COMPANY_ID } from '../../../test/mediation-fixtures'
import { createAppContext, json, membership, mountWithApp, settle, stubFetch } from '../../../test/helpers'
import ActivitiesDueHomeCard from './ActivitiesDueHomeCard.vue'

describe('the next actions home card', () => {
  it("lists the job developer's next actions due and overdue, each with its company", async () => {
    const { calls } = stubFetch(() => json(200, { items: [activityOf(), activityOf({ id: 'a2', isOverdue: false, nextAction: { description: 'Richiamare il titolare', dueOn: '2026-12-03', doneAt: null, doneBy: null } })], nextCursor: 'more' }))
    const wrapper = mountWithApp(ActivitiesDueHomeCard, createAppContext(), { props: { role: 'operator', membership: membership('Cooperativa Lavoro', ['operator']) } })
    await settle(10)
    expect(calls[0]!.url).toBe('/api/v1/activities/due?limit=5&withinDays=7')
    expect(wrapper.get('h2').text()).toBe('Prossime azioni con le aziende')
    const items = wrapper.findAll('li')
    expect(items[0]!.text()).toContain('Officine Lario S.p.A.: Inviare due profili')
    expect(items[0]!.text()).toContain('Scaduta')
    expect(items[0]!.get('a').attributes('href')).toBe(`/companies/${COMPANY_ID}`)
    expect(items[1]!.text()).toContain('Entro il 03/12/2026')
    expect(items[1]!.text()).not.toContain('Scaduta')
    expect(wrapper.text()).toContain('Ce ne sono altre')
  })

  it('says when nothing is due', async () => {
    stubFetch(() => json(200, { items: [], nextCursor: null }))
    const wrapper = mountWithApp(ActivitiesDueHomeCard, createAppContext(), { props: { role: 'coordinator', membership: membership('Cooperativa Lavoro', ['coordinator']) } })
    await settle(10)
    expect(wrapper.text()).toContain('Nessuna azione scaduta o in scadenza questa settimana.')
  })
})
