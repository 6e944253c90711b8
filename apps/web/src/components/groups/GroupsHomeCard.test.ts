import { describe, expect, it } from 'vitest'
import { groupOf } from '../../../test/groups-fixtures'
import { createAppContext, json, me, membership, mountWithApp, session, settle, stubFetch } from '../../../test/helpers'
import GroupsHomeCard from './GroupsHomeCard.vue'

describe("the facilitator's home card", () => {
  it('shows each current group with its next session, the absence alerts and the follow-ups due', async () => {
    const running = { ...groupOf(), alertsCount: 1, nextSession: { id: 's1', kind: 'talk', number: 9, date: '2026-12-01', startTime: '17:30', place: 'Sala civica' } }
    const finished = { ...groupOf({ id: 'g2', name: 'Gruppo 2025', status: 'completed' }), alertsCount: 0 }
    stubFetch((call) => {
      if (call.url.endsWith('/auth/refresh')) return json(200, session(me([membership('Cooperativa Lavoro', ['facilitator'], 'org-coop')])))
      if (call.url.startsWith('/api/v1/groups')) return json(200, { items: [running, finished], nextCursor: null })
      if (call.url.startsWith('/api/v1/group-alerts')) return json(200, { items: [{ groupId: running.id, groupName: running.name, memberId: 'm1', givenName: 'Fabio', familyName: 'Gerosa', streak: 3, lastSessionDate: '2026-11-17' }] })
      return json(200, { items: [{ groupId: 'g2', groupName: 'Gruppo 2025', memberId: 'm9', givenName: 'Rosa', familyName: 'Butti', phone: null, months: 6, dueOn: '2026-10-01' }] })
    })
    const wrapper = mountWithApp(GroupsHomeCard, createAppContext(), { props: { role: 'facilitator', membership: membership('Cooperativa Lavoro', ['facilitator']) } })
    await settle(10)
    expect(wrapper.findAll('.ponte-card-links li').map((li) => li.text())).toEqual(['Gruppo del martedìProssimo incontro: martedì 01/12/2026, ore 17:30'])
    expect(wrapper.get('.ponte-group-alerts').text()).toBe('Fabio Gerosa (Gruppo del martedì): 3 assenze ingiustificate di fila')
    expect(wrapper.text()).toContain('1 follow-up da fare')
    expect(wrapper.text()).not.toContain('compariranno qui')
  })
})
