import { describe, expect, it } from 'vitest'
import { json, problem, settle } from '../../../test/helpers'
import { button, byLabel, CASE_ID, errorOf, hasButton, mountTab, page, pathOf, SOMEONE_ELSE } from '../../../test/case-records'
import { assessmentBuilder, AUTHOR_ASSESSMENT_PERMISSIONS } from '../../../test/case-record-builders'
import CaseAssessmentsTab from './CaseAssessmentsTab.vue'
import { todayInItaly } from '../cases/record-format'

const assessment = assessmentBuilder(AUTHOR_ASSESSMENT_PERMISSIONS)

describe('CaseAssessmentsTab', () => {
  it('lists the assessments and records a preliminary assessment with an Idempotency-Key', async () => {
    let created = false
    const { wrapper, calls } = await mountTab(CaseAssessmentsTab, {}, (call) => {
      if (call.method === 'POST') {
        created = true
        return json(201, assessment({ id: '0190a000-0000-7000-8000-00000000a002', assessedOn: (call.body as { assessedOn: string }).assessedOn }))
      }
      return json(200, page(created ? [assessment({ id: '0190a000-0000-7000-8000-00000000a002' }), assessment({ signedAt: '2026-03-03T10:00:00.000Z', kind: 'in_depth' })] : [assessment({ signedAt: '2026-03-03T10:00:00.000Z', kind: 'in_depth' })]))
    })
    expect(wrapper.get('h2').text()).toBe('Valutazioni')
    expect(calls[0]!.url).toBe(`/api/v1/cases/${CASE_ID}/assessments?limit=50`)
    const cells = wrapper.findAll('tbody tr')[0]!.findAll('th, td').map((c) => c.text())
    expect(cells.slice(0, 5)).toEqual(['Quadro di analisi approfondito', '02/03/2026', 'Mario Rossi', 'Firmata', 'Media'])

    // The form starts with today's date and a preliminary analysis.
    expect((byLabel(wrapper, 'Data della valutazione').element as HTMLInputElement).value).toBe(todayInItaly())
    expect((byLabel(wrapper, 'Analisi preliminare').element as HTMLInputElement).checked).toBe(true)
    await byLabel(wrapper, 'Data della valutazione').setValue('2026-03-01')
    await byLabel(wrapper, 'Lavoro').setValue('2')
    await byLabel(wrapper, 'Rete sociale').setValue('4')
    await byLabel(wrapper, 'Livello di occupabilità').setValue('low')
    await byLabel(wrapper, 'Punti di forza').setValue('  Puntuale  ')
    await button(wrapper, 'Salva valutazione').trigger('click')
    await settle(10)

    const post = calls.find((c) => c.method === 'POST')!
    expect(pathOf(post)).toBe(`/cases/${CASE_ID}/assessments`)
    expect(post.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/)
    expect(post.body).toEqual({
      kind: 'preliminary',
      assessedOn: '2026-03-01',
      scores: { work: 2, education: null, health: null, housing: null, family: null, economic: null, socialNetwork: 4 },
      strengths: 'Puntuale',
      needs: null,
      employabilityLevel: 'low',
      notes: null,
    })
    expect(wrapper.get('[role=status].alert').text()).toBe('Valutazione registrata: Analisi preliminare del 01/03/2026.')
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1)
  })

  it('puts the API field errors next to the date and the area scores they point at', async () => {
    const { wrapper } = await mountTab(CaseAssessmentsTab, {}, (call) =>
      call.method === 'POST'
        ? problem(422, {
            code: 'invalid-field',
            detail: 'Alcuni campi non rispettano le regole.',
            errors: [
              { pointer: '/assessedOn', code: 'date_in_future', detail: 'La data della valutazione non può essere nel futuro.' },
              { pointer: '/scores/work', code: 'maximum', detail: 'must be <= 4' },
            ],
          })
        : json(200, page([])),
    )
    expect(wrapper.text()).toContain('Nessuna valutazione registrata per questo caso.')
    await byLabel(wrapper, 'Lavoro').setValue('2')
    await wrapper.get('form').trigger('submit')
    await settle(10)
    expect(errorOf(wrapper, 'Data della valutazione')).toBe('La data non può essere nel futuro.')
    expect(byLabel(wrapper, 'Data della valutazione').attributes('aria-invalid')).toBe('true')
    expect(errorOf(wrapper, 'Lavoro')).toBe('Il valore è troppo alto.')
    expect(errorOf(wrapper, 'Salute')).toBeNull()
    const summary = wrapper.get('.ponte-form-alert')
    expect(summary.findAll('a').map((a) => a.attributes('href'))).toEqual(['#assessment-create-assessedOn', '#assessment-create-scores-work'])
  })

  it('edits an unsigned assessment as a merge patch with If-Match, and says so on a 412 with a reload', async () => {
    let version = 3
    const { wrapper, calls } = await mountTab(CaseAssessmentsTab, {}, (call) => {
      if (call.method === 'PATCH') return problem(412, { code: 'version-mismatch' })
      if (pathOf(call).endsWith('/assessments/0190a000-0000-7000-8000-00000000a001')) return json(200, assessment({ version: ++version, strengths: 'Aggiornato da altri' }))
      return json(200, page([assessment({ version })]))
    })
    await button(wrapper, /^Apri/).trigger('click')
    await settle()
    await button(wrapper, 'Modifica la valutazione').trigger('click')
    await settle()
    expect(wrapper.find('#assessment-create-heading').exists()).toBe(false)
    await byLabel(wrapper, 'Salute').setValue('3')
    await byLabel(wrapper, 'Bisogni').setValue('')
    await wrapper.get('.ponte-panel form').trigger('submit')
    await settle(10)
    const patch = calls.find((c) => c.method === 'PATCH')!
    expect(patch.headers['if-match']).toBe('"3"')
    expect(patch.headers['content-type']).toBe('application/merge-patch+json')
    expect(patch.body).toEqual({ scores: { health: 3 }, needs: null })
    expect(wrapper.get('.ponte-panel [role=alert]').text()).toContain('Qualcun altro ha modificato questi dati')

    await button(wrapper, 'Ricarica i dati aggiornati').trigger('click')
    await settle(10)
    expect((byLabel(wrapper, 'Punti di forza').element as HTMLTextAreaElement).value).toBe('Aggiornato da altri')
    expect(wrapper.find('.ponte-panel [role=alert]').exists()).toBe(false)
  })

  it('lets only the author sign, after a confirmation, with If-Match', async () => {
    const mine = assessment()
    const theirs = assessment({ id: '0190a000-0000-7000-8000-00000000a003', authorId: SOMEONE_ELSE, authorName: 'Laura Bianchi', assessedOn: '2026-02-01', permissions: ['update'] })
    const { wrapper, calls } = await mountTab(CaseAssessmentsTab, {}, (call) =>
      call.method === 'POST' ? json(200, { ...mine, signedAt: '2026-03-05T10:00:00.000Z', version: 4, permissions: [] }) : json(200, page([mine, theirs])),
    )
    await button(wrapper, /^Apri Analisi preliminare del 01\/02\/2026/).trigger('click')
    await settle()
    expect(hasButton(wrapper, 'Firma la valutazione')).toBe(false)
    expect(wrapper.text()).toContain("Solo l'autore può firmare questa valutazione.")
    expect(hasButton(wrapper, 'Modifica la valutazione')).toBe(true)

    await button(wrapper, /^Apri Analisi preliminare del 02\/03\/2026/).trigger('click')
    await settle()
    await button(wrapper, 'Firma la valutazione').trigger('click')
    await settle()
    expect(wrapper.text()).toContain('Una volta firmata, la valutazione non si potrà più modificare.')
    await button(wrapper, 'Conferma la firma').trigger('click')
    await settle(10)
    const sign = calls.find((c) => c.method === 'POST')!
    expect(pathOf(sign)).toBe(`/cases/${CASE_ID}/assessments/${mine.id}/sign`)
    expect(sign.headers['if-match']).toBe('"3"')
    expect(wrapper.get('[role=status].alert').text()).toContain('Valutazione firmata')
  })

  it('is read-only on a closed case: no form, and it says why', async () => {
    const { wrapper } = await mountTab(CaseAssessmentsTab, { caseStatus: 'closed' }, () => json(200, page([assessment({ permissions: [] })])))
    expect(wrapper.text()).toContain('Il caso è chiuso: le sue valutazioni si possono consultare ma non aggiungere né modificare.')
    expect(wrapper.find('form').exists()).toBe(false)
    await button(wrapper, /^Apri/).trigger('click')
    await settle()
    expect(hasButton(wrapper, 'Modifica la valutazione')).toBe(false)
    expect(hasButton(wrapper, 'Firma la valutazione')).toBe(false)
  })

  it('edits and signs from the permissions the API sent on each assessment, not from its author or status', async () => {
    const signable = assessment({ authorId: SOMEONE_ELSE, authorName: 'Laura Bianchi', permissions: ['update', 'sign'] })
    const frozen = assessment({ id: '0190a000-0000-7000-8000-00000000a003', assessedOn: '2026-02-01', permissions: [] })
    const { wrapper } = await mountTab(CaseAssessmentsTab, {}, () => json(200, page([signable, frozen])))
    await button(wrapper, /^Apri Analisi preliminare del 02\/03\/2026/).trigger('click')
    await settle()
    expect(hasButton(wrapper, 'Modifica la valutazione')).toBe(true)
    expect(hasButton(wrapper, 'Firma la valutazione')).toBe(true)
    expect(wrapper.text()).not.toContain("Solo l'autore può firmare questa valutazione.")
    await button(wrapper, /^Apri Analisi preliminare del 01\/02\/2026/).trigger('click')
    await settle()
    expect(hasButton(wrapper, 'Modifica la valutazione')).toBe(false)
    expect(hasButton(wrapper, 'Firma la valutazione')).toBe(false)
  })

  it('shows its actions from the permissions the API sent, not from the role: without addRecords an open case is read-only', async () => {
    const { wrapper } = await mountTab(CaseAssessmentsTab, { caseStatus: 'active', access: 'coordinator', permissions: ['readRecords'] }, () => json(200, page([assessment({ permissions: [] })])))
    expect(wrapper.find('form').exists()).toBe(false)
    await button(wrapper, /^Apri/).trigger('click')
    await settle()
    expect(hasButton(wrapper, 'Modifica la valutazione')).toBe(false)
    expect(hasButton(wrapper, 'Firma la valutazione')).toBe(false)
  })

  it('explains a 409 case-closed answered to a new assessment', async () => {
    const { wrapper } = await mountTab(CaseAssessmentsTab, {}, (call) =>
      call.method === 'POST' ? problem(409, { code: 'case-closed', detail: 'Il caso è chiuso: le sue valutazioni non si possono più modificare.' }) : json(200, page([])),
    )
    await byLabel(wrapper, 'Bisogni').setValue('Patente')
    await wrapper.get('form').trigger('submit')
    await settle(10)
    expect(wrapper.get('[role=alert]').text()).toContain('Il caso è chiuso: non si possono aggiungere né modificare i suoi dati.')
  })

  it('refuses an assessment with nothing filled in before sending it, and the API\'s 422 assessment-empty reads the same', async () => {
    const { wrapper, calls } = await mountTab(CaseAssessmentsTab, {}, (call) =>
      call.method === 'POST' ? problem(422, { code: 'assessment-empty', detail: 'La valutazione non contiene nulla.' }) : json(200, page([])),
    )
    await byLabel(wrapper, 'Punti di forza').setValue('   ')
    await button(wrapper, 'Salva valutazione').trigger('click')
    await settle(10)
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0)
    const empty = 'La valutazione non contiene nulla: indica almeno un punteggio di area, i punti di forza, i bisogni, il livello di occupabilità o una nota.'
    expect(wrapper.get('#assessment-create-scores-error').text()).toBe(empty)
    expect(wrapper.get('.ponte-form-alert').findAll('a').map((a) => a.attributes('href'))).toEqual(['#assessment-create-scores'])

    // Filling something in answers the error; the API still has the last word.
    await byLabel(wrapper, 'Livello di occupabilità').setValue('low')
    expect(wrapper.find('#assessment-create-scores-error').exists()).toBe(false)
    await button(wrapper, 'Salva valutazione').trigger('click')
    await settle(10)
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1)
    expect(wrapper.get('[role=alert]').text()).toContain(empty)
  })

  it('reads "Non indicato" for every field left empty', async () => {
    const { wrapper } = await mountTab(CaseAssessmentsTab, {}, () =>
      json(200, page([assessment({ scores: { work: 2, education: null, health: null, housing: null, family: null, economic: null, socialNetwork: null }, strengths: null, needs: '', employabilityLevel: null, notes: null })])),
    )
    expect(wrapper.findAll('tbody tr')[0]!.findAll('td')[3]!.text()).toBe('Non indicato')
    await button(wrapper, /^Apri/).trigger('click')
    await settle()
    const panel = wrapper.get('.ponte-panel')
    const scores = panel.findAll('.ponte-record-scores tbody tr').map((row) => row.get('td').text())
    expect(scores).toEqual(['2 – difficoltà', 'Non indicato', 'Non indicato', 'Non indicato', 'Non indicato', 'Non indicato', 'Non indicato'])
    expect(panel.findAll('.ponte-record-texts dd').map((dd) => dd.text())).toEqual(['Non indicato', 'Non indicato', 'Non indicato'])
    expect(panel.get('.ponte-record-facts').text()).toContain('Livello di occupabilitàNon indicato')
  })
})
