import type { Schemas } from '@ponte/client'
import { CASE_EVENT_TYPES, type CaseEvent, type CaseEventType } from '@ponte/shared'
import { describe, expect, it } from 'vitest'
import en from '../../i18n/cases.en.json'
import it_ from '../../i18n/cases.it.json'
import { createAppContext, eventually, json, me, membership, mountWithApp, session, stubFetch } from '../../../test/helpers'
import CaseTimelineTab from './CaseTimelineTab.vue'

const CASE_ID = '019a7b1e-6c2e-7a4b-9a51-1f2e3d4c5b6a'
const USER = { id: '019a7b1e-6c2e-7a4b-9a51-000000000001', name: 'Marco Rusconi' }
const PARTNER = { id: '019a7b1e-6c2e-7a4b-9a51-000000000002', name: 'Cooperativa Lavoro' }
const common = (n: number) => ({
  id: `019a7b1e-6c2e-7a4b-9a51-00000000010${n}`,
  occurredAt: `2026-11-0${n}T09:30:00.000Z`,
  audience: 'municipality' as const,
  actor: USER,
  resourceType: 'case',
  resourceId: CASE_ID,
})

const EVENTS: CaseEvent[] = [
  { ...common(1), type: 'case.opened', data: { episode: 1, caseManager: USER } },
  { ...common(2), type: 'case.status_changed', data: { from: 'monitoring', to: 'closed', reason: 'Obiettivi raggiunti', outcome: 'employed', note: 'Assunta a tempo indeterminato.' } },
  { ...common(3), type: 'referral.rejected', audience: 'case', data: { partnerOrganisation: PARTNER, from: 'requested', to: 'rejected', reason: 'Nessun posto disponibile' } },
  { ...common(4), type: 'economic_support.approved', data: { from: 'requested', to: 'approved', supportType: 'rent', amountCents: 90_000, approvedAmountCents: 60_000 } },
  { ...common(5), type: 'meeting.planned', data: { date: '2026-11-20', startTime: '09:30' } },
  { ...common(6), type: 'commitment.progress_noted', data: { commitmentId: USER.id, planId: USER.id, partnerOrganisation: { id: PARTNER.id } } },
]

/** The message of a dotted key in a locale file, if it has one. */
const messageAt = (messages: unknown, key: string): unknown =>
  key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), messages)

/** True when A and B are the same type (checked by the compiler). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
// The generated client's union is the contract's: the same types, and each event of one is an event of the other.
const clientTypesAreTheContracts: Same<Schemas['CaseEvent']['type'], CaseEventType> = true
const clientEventsAreTheContracts: Same<Schemas['CaseEvent'], CaseEvent> = true

describe('CaseTimelineTab', () => {
  it('tells each event by its type, with the data that type carries', async () => {
    stubFetch((call) => {
      if (call.url.endsWith('/auth/refresh')) return json(200, session(me([membership('Comune di Valmadrera', ['case_manager'])])))
      if (call.url.includes(`/cases/${CASE_ID}/timeline`)) return json(200, { items: EVENTS, nextCursor: null })
      return json(404, {})
    })
    const wrapper = mountWithApp(CaseTimelineTab, createAppContext(), { props: { caseId: CASE_ID } })
    await eventually(() => expect(wrapper.findAll('.ponte-timeline li')).toHaveLength(EVENTS.length))
    const items = wrapper.findAll('.ponte-timeline li').map((li) => ({
      title: li.get('.ponte-timeline-title').text(),
      details: li.findAll('.ponte-timeline-detail').map((d) => d.text()),
    }))
    expect(items[0]).toEqual({ title: 'Caso aperto (episodio 1), case manager Marco Rusconi', details: [] })
    expect(items[1]!.title).toBe('Stato cambiato da «Monitoraggio» a «Chiuso»')
    expect(items[1]!.details).toEqual(['Esito: Occupato', 'Motivo: Obiettivi raggiunti', 'Nota: Assunta a tempo indeterminato.'])
    expect(items[2]).toEqual({ title: 'Invio rifiutato da Cooperativa Lavoro', details: ['Motivo: Nessun posto disponibile'] })
    expect(items[3]!.title).toMatch(/^Contributo economico approvato: 600,00\s€$/)
    expect(items[4]!.title).toMatch(/^Incontro fissato il .+ alle 09:30$/)
    expect(items[5]!.title).toBe('Avanzamento di un impegno annotato dal partner')
    expect(wrapper.text()).not.toContain('Evento:')
    expect(wrapper.text()).toContain('di Marco Rusconi')
  })

  it('reads an event of the generated client by narrowing on its type', () => {
    expect([clientTypesAreTheContracts, clientEventsAreTheContracts]).toEqual([true, true])
    const partnerOf = (event: Schemas['CaseEvent']) => (event.type === 'referral.rejected' ? event.data.partnerOrganisation.name : null)
    expect(EVENTS.map(partnerOf)).toEqual([null, null, 'Cooperativa Lavoro', null, null, null])
  })

  it('has words in Italian and English for every event type of the contract', () => {
    for (const type of CASE_EVENT_TYPES) {
      expect(typeof messageAt(it_, `cases.timeline.events.${type}`), `it: ${type}`).toBe('string')
      expect(typeof messageAt(en, `cases.timeline.events.${type}`), `en: ${type}`).toBe('string')
    }
  })
})
