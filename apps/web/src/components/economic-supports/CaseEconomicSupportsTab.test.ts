import { describe, expect, it } from 'vitest'
import { json, problem, settle } from '../../../test/helpers'
import { button, byLabel, CASE_ID, errorOf, hasButton, mountTab, page, pathOf, plain } from '../../../test/case-records'
import { COORDINATOR_SUPPORT_PERMISSIONS, supportBuilder } from '../../../test/case-record-builders'
import CaseEconomicSupportsTab from './CaseEconomicSupportsTab.vue'

const support = supportBuilder(COORDINATOR_SUPPORT_PERMISSIONS)

describe('CaseEconomicSupportsTab', () => {
  it('shows amounts in euro from integer cents, with period, status, decision and payment', async () => {
    const { wrapper } = await mountTab(CaseEconomicSupportsTab, {}, () =>
      json(200, page([support(), support({ id: '0190a000-0000-7000-8000-0000000ab003', amountCents: 1234567 }), support({ id: '0190a000-0000-7000-8000-0000000ab002', type: 'work_grant', amountCents: 30000, approvedAmountCents: 25000, status: 'paid', decidedByName: 'Giulia Neri', decidedAt: '2026-02-01T10:00:00.000Z', paidOn: '2026-02-10' })])),
    )
    expect(wrapper.get('h2').text()).toBe('Contributi economici')
    const rows = wrapper.findAll('tbody tr').map((r) => r.findAll('th, td').map((c) => plain(c.text())))
    expect(rows[0]!.slice(0, 6)).toEqual(['Affitto Arretrati di affitto', '1234,56 €', 'dal 01/01/2026 al 31/03/2026', 'Richiesto', 'Da decidere', '—'])
    // Italian groups thousands from five digits on (CLDR): 1234,56 € but 12.345,67 €.
    expect(rows[1]![1]).toBe('12.345,67 €')
    expect(rows[2]![1]).toBe('300,00 € approvato 250,00 €')
    expect(rows[2]![3]).toBe('Pagato')
    expect(rows[2]![4]).toContain('Giulia Neri')
    expect(rows[2]![5]).toBe('10/02/2026')
    // A case manager neither decides nor pays.
    expect(hasButton(wrapper, /^Decidi/)).toBe(false)
    expect(wrapper.text()).toContain('La decisione e il pagamento sono registrati da un coordinatore del Comune.')
  })

  it('requests a support, turning the euro typed into exact integer cents', async () => {
    const { wrapper, calls } = await mountTab(CaseEconomicSupportsTab, {}, (call) => (call.method === 'POST' ? json(201, support({ type: 'utilities', amountCents: 29 })) : json(200, page([]))))
    expect(wrapper.text()).toContain('Nessun contributo economico per questo caso.')
    await byLabel(wrapper, 'Tipo di contributo').setValue('utilities')
    // 0.29 * 100 is 28.999999999999996 in floating point: the conversion must not go through it.
    await byLabel(wrapper, 'Importo richiesto (euro)').setValue('0,29')
    await byLabel(wrapper, 'Inizio del periodo').setValue('2026-04-01')
    await byLabel(wrapper, 'Fine del periodo').setValue('2026-04-30')
    await button(wrapper, 'Registra la richiesta').trigger('click')
    await settle(10)
    const post = calls.find((c) => c.method === 'POST')!
    expect(pathOf(post)).toBe(`/cases/${CASE_ID}/economic-supports`)
    expect(post.headers['idempotency-key']).toBeDefined()
    expect(post.body).toEqual({ type: 'utilities', amountCents: 29, periodFrom: '2026-04-01', periodTo: '2026-04-30', purpose: null })
    expect(plain(wrapper.get('[role=status].alert').text())).toBe('Richiesta registrata: Utenze di 0,29 €.')
  })

  it('checks the amount and the period before sending, then shows the API errors /amountCents and /periodTo next to them', async () => {
    const { wrapper, calls } = await mountTab(CaseEconomicSupportsTab, {}, (call) =>
      call.method === 'POST'
        ? problem(422, {
            code: 'invalid-field',
            detail: 'La richiesta di contributo non rispetta le regole.',
            errors: [
              { pointer: '/amountCents', code: 'amount_not_positive', detail: "L'importo deve essere maggiore di zero." },
              { pointer: '/periodTo', code: 'period_end_before_start', detail: "La fine del periodo non può precedere l'inizio." },
            ],
          })
        : json(200, page([])),
    )
    await byLabel(wrapper, 'Tipo di contributo').setValue('rent')
    await byLabel(wrapper, 'Importo richiesto (euro)').setValue('12,345')
    await byLabel(wrapper, 'Inizio del periodo').setValue('2026-04-30')
    await byLabel(wrapper, 'Fine del periodo').setValue('2026-04-01')
    await button(wrapper, 'Registra la richiesta').trigger('click')
    await settle()
    expect(errorOf(wrapper, 'Importo richiesto (euro)')).toBe('Scrivi un importo in euro, per esempio 250 oppure 1.234,56.')
    expect(errorOf(wrapper, 'Fine del periodo')).toBe("La fine del periodo non può precedere l'inizio.")
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0)

    await byLabel(wrapper, 'Importo richiesto (euro)').setValue('1.500')
    await byLabel(wrapper, 'Fine del periodo').setValue('2026-05-31')
    await button(wrapper, 'Registra la richiesta').trigger('click')
    await settle(10)
    expect((calls.find((c) => c.method === 'POST')!.body as { amountCents: number }).amountCents).toBe(150000)
    expect(errorOf(wrapper, 'Importo richiesto (euro)')).toBe("L'importo deve essere maggiore di zero.")
    expect(errorOf(wrapper, 'Fine del periodo')).toBe("La fine del periodo non può precedere l'inizio.")
    expect(wrapper.get('.ponte-form-alert').findAll('a').map((a) => a.attributes('href'))).toEqual(['#support-create-amountCents', '#support-create-periodTo'])
  })

  it('lets a coordinator approve an amount (in cents, at most the requested one) or reject with the reason', async () => {
    const { wrapper, calls } = await mountTab(
      CaseEconomicSupportsTab,
      { access: 'coordinator' },
      (call) => {
        if (call.method === 'POST') {
          const body = call.body as { to: string; approvedAmountCents?: number }
          return json(200, support({ status: body.to as 'approved', approvedAmountCents: body.approvedAmountCents ?? null, version: 2 }))
        }
        return json(200, page([support()]))
      },
      ['coordinator'],
    )
    await button(wrapper, /^Decidi/).trigger('click')
    await settle()
    expect(document.activeElement?.id).toBe('support-panel-heading')
    expect((byLabel(wrapper, 'Importo approvato (euro)').element as HTMLInputElement).value).toBe('1234,56')
    await byLabel(wrapper, 'Importo approvato (euro)').setValue('2.000')
    await button(wrapper, 'Registra la decisione').trigger('click')
    await settle()
    expect(errorOf(wrapper, 'Importo approvato (euro)')).toBe("L'importo approvato non può superare quello richiesto.")

    await byLabel(wrapper, 'Respingi').setValue(true)
    await button(wrapper, 'Registra la decisione').trigger('click')
    await settle()
    expect(errorOf(wrapper, 'Motivo del rifiuto')).toBe('Indica il motivo.')

    await byLabel(wrapper, 'Approva').setValue(true)
    await byLabel(wrapper, 'Importo approvato (euro)').setValue('1.000,10')
    await button(wrapper, 'Registra la decisione').trigger('click')
    await settle(10)
    const post = calls.find((c) => c.method === 'POST')!
    expect(pathOf(post)).toBe(`/cases/${CASE_ID}/economic-supports/${support().id}/transitions`)
    expect(post.body).toEqual({ to: 'approved', approvedAmountCents: 100010 })
    expect(post.headers['if-match']).toBe('"1"')
    expect(plain(wrapper.get('[role=status].alert').text())).toBe('Contributo approvato: Affitto di 1234,56 €, per 1000,10 €.')
  })

  it('lets a coordinator record the payment, and reports a 412 with a reload', async () => {
    const approved = support({ status: 'approved', approvedAmountCents: 100000, decidedAt: '2026-02-01T10:00:00.000Z', decidedByName: 'Giulia Neri', version: 2 })
    const { wrapper, calls } = await mountTab(
      CaseEconomicSupportsTab,
      { access: 'coordinator', caseStatus: 'closed' },
      (call) => {
        if (call.method === 'POST') return problem(412, { code: 'version-mismatch' })
        if (pathOf(call).endsWith(approved.id)) return json(200, { ...approved, version: 3 })
        return json(200, page([approved]))
      },
      ['coordinator'],
    )
    // Closed: no new requests, but the payment of what was approved can still be recorded.
    expect(wrapper.text()).toContain('Il caso è chiuso: non si possono fare nuove richieste')
    expect(wrapper.find('#support-create-heading').exists()).toBe(false)
    await button(wrapper, /^Registra il pagamento/).trigger('click')
    await settle()
    await byLabel(wrapper, 'Data del pagamento').setValue('2026-02-15')
    await button(wrapper, 'Registra il pagamento').trigger('click')
    await settle(10)
    const post = calls.find((c) => c.method === 'POST')!
    expect(pathOf(post)).toBe(`/cases/${CASE_ID}/economic-supports/${approved.id}/payment`)
    expect(post.body).toEqual({ paidOn: '2026-02-15' })
    expect(post.headers['if-match']).toBe('"2"')
    expect(wrapper.get('.ponte-panel [role=alert]').text()).toContain('Qualcun altro ha modificato questi dati')
    await button(wrapper, 'Ricarica i dati aggiornati').trigger('click')
    await settle(10)
    expect(wrapper.find('.ponte-panel [role=alert]').exists()).toBe(false)
  })

  it('offers the decision and the payment from each support\'s permissions, not from its status', async () => {
    const payable = support({ permissions: ['recordPayment'] })
    const frozen = support({ id: '0190a000-0000-7000-8000-0000000ab004', permissions: [] })
    const { wrapper } = await mountTab(CaseEconomicSupportsTab, { access: 'coordinator' }, () => json(200, page([payable, frozen])), ['coordinator'])
    expect(wrapper.find(`#support-decide-${payable.id}`).exists()).toBe(false)
    expect(wrapper.find(`#support-pay-${payable.id}`).exists()).toBe(true)
    expect(wrapper.find(`#support-decide-${frozen.id}`).exists()).toBe(false)
    expect(wrapper.find(`#support-pay-${frozen.id}`).exists()).toBe(false)
  })
})
