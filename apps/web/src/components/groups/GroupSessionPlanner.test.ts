import { describe, expect, it } from 'vitest'
import { GROUP_ID } from '../../../test/groups-fixtures'
import { createAppContext, json, me, membership, mountWithApp, problem, session, settle, stubFetch, type FetchCall } from '../../../test/helpers'

const signedIn = (handler: (call: FetchCall) => Response) => {
  const stub = stubFetch((call) => (call.url.endsWith('/auth/refresh') ? json(200, session(me([membership('Cooperativa Lavoro', ['facilitator'], 'org-coop')]))) : handler(call)))
  return { all: stub.calls }
}
const planCalls = (all: FetchCall[]) => all.filter((c) => c.url.includes('/sessions/plan'))
import GroupSessionPlanner from './GroupSessionPlanner.vue'

const plan = (saved: boolean) => ({
  saved,
  sessions: Array.from({ length: 16 }, (_, i) => ({ id: saved ? `id-${i}` : null, number: i + 1, date: `2027-0${1 + Math.floor(i / 4)}-1${i % 4}`, startTime: '17:30', durationMinutes: 120, place: 'Sala civica' })),
  skipped: [{ date: '2027-03-29', reason: "Lunedì dell'Angelo (Pasquetta)" }],
})

describe('GroupSessionPlanner', () => {
  it('shows the plan the API computes before saving it, with the dates skipped, then saves it', async () => {
    const { all } = signedIn((call) => ((call.body as { dryRun?: boolean }).dryRun ? json(200, plan(false)) : json(201, plan(true))))
    const wrapper = mountWithApp(GroupSessionPlanner, createAppContext(), { props: { groupId: GROUP_ID } })
    await wrapper.get('#plan-start').setValue('2027-01-10')
    await wrapper.get('#plan-weekday').setValue('1')
    await wrapper.get('#plan-place').setValue('Sala civica')
    await wrapper.get('form').trigger('submit')
    await settle(10)
    const calls = planCalls(all)
    expect(calls[0]!.url).toBe(`/api/v1/groups/${GROUP_ID}/sessions/plan`)
    expect(calls[0]!.body).toEqual({ startDate: '2027-01-10', weekday: 1, startTime: '17:30', durationMinutes: 120, place: 'Sala civica', dryRun: true })
    expect(wrapper.findAll('ol.ponte-plan-preview li')).toHaveLength(16)
    expect(wrapper.text()).toContain("29/03/2027: Lunedì dell'Angelo (Pasquetta)")
    expect(wrapper.emitted('saved')).toBeUndefined()
    await wrapper.findAll('button').find((b) => b.text() === 'Salva il calendario')!.trigger('click')
    await settle(10)
    calls.push(...planCalls(all).slice(1))
    expect(calls[1]!.body).toEqual({ startDate: '2027-01-10', weekday: 1, startTime: '17:30', durationMinutes: 120, place: 'Sala civica' })
    expect(calls[1]!.headers['idempotency-key']).toBeTruthy()
    expect(wrapper.emitted('saved')![0]).toEqual([16])
  })

  it('asks for the missing fields before calling the API, and shows the API\'s refusal', async () => {
    const { all } = signedIn(() => problem(409, { code: 'sessions-already-planned', detail: 'Gli incontri del gruppo sono già pianificati.' }))
    const wrapper = mountWithApp(GroupSessionPlanner, createAppContext(), { props: { groupId: GROUP_ID } })
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(planCalls(all)).toHaveLength(0)
    expect(wrapper.get('[role=alert]').text()).toContain('Questo campo è obbligatorio.')
    await wrapper.get('#plan-start').setValue('2027-01-10')
    await wrapper.get('#plan-place').setValue('Sala civica')
    await wrapper.get('form').trigger('submit')
    await settle(10)
    expect(wrapper.get('[role=alert]').text()).toContain('già pianificati')
  })
})
