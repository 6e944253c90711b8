/**
 * The records of a measure typed on its page keep their drafts: a tutoring session and a work-grant
 * payment not recorded yet come back (with the notice) when the page is opened again, leaving asks
 * first, and recording one forgets it (the form starts again empty, which is no draft).
 */
import type { VueWrapper } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { byLabel, mountTab, page, pathOf } from '../../../test/case-records'
import { drafts, leavingAsks, typeLeaveAndReturn } from '../../../test/drafts'
import { json, settle, type FetchCall } from '../../../test/helpers'
import { MEASURE_ID } from '../../../test/measures-fixtures'
import MeasurePayments from './MeasurePayments.vue'
import MeasureSessions from './MeasureSessions.vue'

const valueOf = (wrapper: VueWrapper, label: string) => (byLabel(wrapper, label).element as HTMLInputElement).value
const stamp = { version: 1, createdAt: '2026-11-02T09:00:00.000Z', updatedAt: '2026-11-02T09:00:00.000Z' }

describe('a tutoring session not recorded yet', () => {
  it('comes back after a change of page with the notice, leaving asks first, and is forgotten once recorded', async () => {
    const api = (call: FetchCall) =>
      call.method === 'POST' && pathOf(call) === `/measures/${MEASURE_ID}/tutoring-sessions`
        ? json(201, { id: 's1', measureId: MEASURE_ID, heldOn: '2026-11-30', durationMinutes: 90, topic: 'Curriculum', note: null, operator: { id: 'u1', name: 'Mario Rossi' }, ...stamp })
        : json(200, page([]))
    const mountSessions = () => mountTab(MeasureSessions, { measureId: MEASURE_ID, canRecord: true } as never, api)
    const again = await typeLeaveAndReturn(mountSessions, async (wrapper) => {
      await byLabel(wrapper, 'Argomento').setValue('Curriculum')
      await byLabel(wrapper, 'Durata in minuti').setValue('90')
    })
    expect(valueOf(again.wrapper, 'Argomento')).toBe('Curriculum')
    expect(valueOf(again.wrapper, 'Durata in minuti')).toBe('90')
    await again.wrapper.get('form').trigger('submit')
    await settle(10)
    expect(again.calls.find((c) => c.method === 'POST')!.body).toMatchObject({ durationMinutes: 90, topic: 'Curriculum' })
    expect(valueOf(again.wrapper, 'Argomento')).toBe('')
    expect(drafts()).toEqual([])
    expect(await leavingAsks(again.router)).toBe(false)
  })
})

describe('a work-grant payment not recorded yet', () => {
  it('comes back after a change of page with the notice, and is forgotten once recorded', async () => {
    const api = (call: FetchCall) =>
      call.method === 'POST'
        ? json(201, { id: 'p1', measureId: MEASURE_ID, month: '2026-10', amountCents: 40000, paidOn: '2026-11-10', reference: 'BON-7', recordedBy: null, ...stamp })
        : json(200, page([]))
    const mountPayments = () => mountTab(MeasurePayments, { measureId: MEASURE_ID, canRecord: true, startDate: '2026-09-01', endDate: '2027-02-28', monthlyAmountCents: 40000 } as never, api)
    const again = await typeLeaveAndReturn(
      mountPayments,
      async (wrapper) => {
        await byLabel(wrapper, 'Mese di competenza').setValue('2026-10')
        await byLabel(wrapper, 'Riferimento del pagamento (facoltativo)').setValue('BON-7')
      },
      { leaving: false },
    )
    expect(valueOf(again.wrapper, 'Mese di competenza')).toBe('2026-10')
    expect(valueOf(again.wrapper, 'Riferimento del pagamento (facoltativo)')).toBe('BON-7')
    await again.wrapper.get('form').trigger('submit')
    await settle(10)
    expect(again.calls.find((c) => c.method === 'POST')!.body).toMatchObject({ month: '2026-10', amountCents: 40000, reference: 'BON-7' })
    expect(drafts()).toEqual([])
    expect(await leavingAsks(again.router)).toBe(false)
  })
})
