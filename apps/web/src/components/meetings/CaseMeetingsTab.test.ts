import { describe, expect, it } from 'vitest'
import { json, problem, settle } from '../../../test/helpers'
import { button, byLabel, CASE_ID, errorOf, hasButton, mountTab, page, pathOf } from '../../../test/case-records'
import { meetingBuilder, STAFF_MEETING_PERMISSIONS } from '../../../test/case-record-builders'
import CaseMeetingsTab from './CaseMeetingsTab.vue'

const meeting = meetingBuilder(STAFF_MEETING_PERMISSIONS)

describe('CaseMeetingsTab', () => {
  it('lists the meetings with the missed count and plans a new one', async () => {
    const held = meeting({ id: '0190a000-0000-7000-8000-00000000e002', status: 'held', isOverdue: false, outcome: 'Concordato il tirocinio', evaluation: 4, date: '2026-01-20' })
    const { wrapper, calls } = await mountTab(CaseMeetingsTab, {}, (call) =>
      call.method === 'POST' ? json(201, meeting({ id: '0190a000-0000-7000-8000-00000000e003', date: '2026-05-04', startTime: '10:00' })) : json(200, page([meeting(), held], { missedCount: 2 })),
    )
    expect(wrapper.get('h2').text()).toBe('Incontri')
    expect(wrapper.text()).toContain('2 incontri mancati.')
    const cards = wrapper.findAll('article')
    expect(cards[0]!.get('h3').text()).toBe('Incontro del 10/02/2026 alle 09:30')
    expect(cards[0]!.text()).toContain('In programma')
    expect(cards[0]!.text()).toContain('Esito da registrare')
    expect(cards[0]!.text()).toContain('45 minuti')
    expect(cards[0]!.text()).toContain('Marco Rusconi (assistente sociale)')
    expect(cards[0]!.text()).toContain('Bilancio delle competenze')
    expect(cards[1]!.text()).toContain('Svolto')
    expect(cards[1]!.text()).toContain('Concordato il tirocinio')
    expect(cards[1]!.text()).toContain('4 – bene')

    await byLabel(wrapper, 'Data').setValue('2026-05-04')
    await byLabel(wrapper, 'Ora di inizio').setValue('10:00')
    await byLabel(wrapper, 'Durata (minuti)').setValue('30')
    await byLabel(wrapper, 'Luogo').setValue('Telefonata')
    await button(wrapper, 'Aggiungi un partecipante').trigger('click')
    await settle()
    await byLabel(wrapper, 'Nome del partecipante 1').setValue('Anna Verdi')
    await byLabel(wrapper, 'Ruolo del partecipante 1').setValue('persona seguita')
    await byLabel(wrapper, 'Ordine del giorno').setValue('Verifica del progetto')
    await button(wrapper, "Pianifica l'incontro").trigger('click')
    await settle(10)
    const post = calls.find((c) => c.method === 'POST')!
    expect(pathOf(post)).toBe(`/cases/${CASE_ID}/meetings`)
    expect(post.headers['idempotency-key']).toBeDefined()
    expect(post.body).toEqual({
      date: '2026-05-04',
      startTime: '10:00',
      durationMinutes: 30,
      location: 'Telefonata',
      participants: [{ name: 'Anna Verdi', role: 'persona seguita' }],
      agenda: 'Verifica del progetto',
    })
    expect(wrapper.get('[role=status].alert').text()).toBe('Incontro pianificato: Incontro del 04/05/2026 alle 10:00.')
  })

  it('records a meeting as held: the outcome is required, the evaluation goes with it, If-Match is sent', async () => {
    const { wrapper, calls } = await mountTab(CaseMeetingsTab, {}, (call) =>
      call.method === 'POST' ? json(200, meeting({ status: 'held', outcome: 'Bene', evaluation: 5, version: 3 })) : json(200, page([meeting()], { missedCount: 0 })),
    )
    expect(wrapper.text()).toContain('Nessun incontro mancato.')
    await button(wrapper, /^Registra l'esito/).trigger('click')
    await settle()
    expect(document.activeElement?.id).toBe('meeting-panel-heading')
    await button(wrapper, 'Registra').trigger('click')
    await settle()
    expect(errorOf(wrapper, 'Esito')).toBe("Per registrare un incontro svolto scrivi com'è andato.")
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0)
    await byLabel(wrapper, 'Esito').setValue('Bene')
    await byLabel(wrapper, '5 – molto bene').setValue(true)
    await button(wrapper, 'Registra').trigger('click')
    await settle(10)
    const post = calls.find((c) => c.method === 'POST')!
    expect(pathOf(post)).toBe(`/cases/${CASE_ID}/meetings/${meeting().id}/transitions`)
    expect(post.body).toEqual({ to: 'held', outcome: 'Bene', evaluation: 5 })
    expect(post.headers['if-match']).toBe('"2"')
    expect(wrapper.get('[role=status].alert').text()).toBe('Incontro del 10/02/2026 alle 09:30: registrato come «Svolto».')
  })

  it('cancels with a reason and shows the API field errors next to the fields', async () => {
    const { wrapper, calls } = await mountTab(CaseMeetingsTab, {}, (call) =>
      call.method === 'POST'
        ? problem(422, { code: 'invalid-field', detail: "Il passaggio di stato dell'incontro non è completo.", errors: [{ pointer: '/reason', code: 'reason_required', detail: 'Per annullare un incontro serve il motivo.' }] })
        : json(200, page([meeting()], { missedCount: 0 })),
    )
    await button(wrapper, /^Registra l'esito/).trigger('click')
    await settle()
    await byLabel(wrapper, 'Annullato').setValue(true)
    await byLabel(wrapper, "Motivo dell'annullamento").setValue('   x')
    await button(wrapper, 'Registra').trigger('click')
    await settle(10)
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ to: 'cancelled', reason: 'x' })
    expect(errorOf(wrapper, "Motivo dell'annullamento")).toBe('Indica il motivo.')
  })

  it('edits a planned meeting with If-Match and reports a 412 with a reload', async () => {
    const { wrapper, calls } = await mountTab(CaseMeetingsTab, {}, (call) => {
      if (call.method === 'PATCH') return problem(412, { code: 'version-mismatch' })
      if (pathOf(call).endsWith(meeting().id)) return json(200, meeting({ location: 'Municipio', version: 3 }))
      return json(200, page([meeting()], { missedCount: 0 }))
    })
    await button(wrapper, /^Modifica/).trigger('click')
    await settle()
    expect(wrapper.find('#meeting-create-heading').exists()).toBe(false)
    await byLabel(wrapper, 'Ora di inizio').setValue('11:15')
    await button(wrapper, 'Salva').trigger('click')
    await settle(10)
    const patch = calls.find((c) => c.method === 'PATCH')!
    expect(patch.body).toEqual({ startTime: '11:15' })
    expect(patch.headers['if-match']).toBe('"2"')
    expect(wrapper.get('.ponte-panel [role=alert]').text()).toContain('Qualcun altro ha modificato questi dati')
    await button(wrapper, 'Ricarica i dati aggiornati').trigger('click')
    await settle(10)
    expect((byLabel(wrapper, 'Luogo').element as HTMLInputElement).value).toBe('Municipio')
  })

  it('takes no new meetings on a closed case, but still records the outcome of a planned one', async () => {
    const { wrapper } = await mountTab(CaseMeetingsTab, { caseStatus: 'closed' }, () => json(200, page([meeting({ permissions: ['transition'] })], { missedCount: 1 })))
    expect(wrapper.text()).toContain('Il caso è chiuso: non si possono pianificare nuovi incontri')
    expect(wrapper.find('#meeting-create-heading').exists()).toBe(false)
    expect(hasButton(wrapper, /^Registra l'esito/)).toBe(true)
    expect(hasButton(wrapper, /^Modifica/)).toBe(false)
  })

  it('offers each meeting\'s actions from the permissions the API sent, not from its status', async () => {
    const editOnly = meeting({ permissions: ['update'] })
    const none = meeting({ id: '0190a000-0000-7000-8000-00000000e004', date: '2026-02-12', permissions: [] })
    const { wrapper } = await mountTab(CaseMeetingsTab, {}, () => json(200, page([editOnly, none], { missedCount: 0 })))
    expect(wrapper.find(`#meeting-edit-${editOnly.id}`).exists()).toBe(true)
    expect(wrapper.find(`#meeting-outcome-${editOnly.id}`).exists()).toBe(false)
    expect(wrapper.find(`#meeting-edit-${none.id}`).exists()).toBe(false)
    expect(wrapper.find(`#meeting-outcome-${none.id}`).exists()).toBe(false)
  })
})
