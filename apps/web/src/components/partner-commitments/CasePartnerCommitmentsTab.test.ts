import type { CommitmentProgressNote, PartnerCommitment } from '@ponte/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { json, problem, settle } from '../../../test/helpers'
import { button, byLabel, CASE_ID, hasButton, mountTab, page, pathOf, stamp } from '../../../test/case-records'
import { todayInItaly } from '../cases/record-format'
import CasePartnerCommitmentsTab from './CasePartnerCommitmentsTab.vue'

const COMMITMENT_ID = '0190a000-0000-7000-8000-00000000e001'
const COOPERATIVE = { id: '0190a000-0000-7000-8000-00000000f001', name: 'Cooperativa Lavoro e Comunità' }

const commitment = (overrides: Partial<PartnerCommitment> = {}): PartnerCommitment => ({
  id: COMMITMENT_ID,
  planId: '0190a000-0000-7000-8000-00000000b001',
  caseId: CASE_ID,
  who: 'partner',
  responsibleName: null,
  what: 'Proporre due aziende ospitanti',
  dueDate: '2026-01-15',
  status: 'open',
  rescheduledTo: null,
  doneOn: null,
  partnerOrganisationId: COOPERATIVE.id,
  progressNoteCount: 1,
  copiedFromId: null,
  createdBy: null,
  partnerOrganisation: COOPERATIVE,
  person: { id: '0190a000-0000-7000-8000-0000000000c1', givenName: 'Giuseppe', familyName: 'Fumagalli' },
  planVersionNumber: 1,
  permissions: ['updateStatus', 'addProgressNote'],
  ...stamp,
  ...overrides,
})

const note = (text: string): CommitmentProgressNote => ({
  id: '0190a000-0000-7000-8000-00000000e101',
  commitmentId: COMMITMENT_ID,
  caseId: CASE_ID,
  text,
  author: { id: '0190a000-0000-7000-8000-0000000000aa', name: 'Sara Corti' },
  authorOrganisation: COOPERATIVE,
  version: 1,
  createdAt: '2026-03-03T10:00:00.000Z',
})

const isNotes = (path: string) => path.endsWith('/progress-notes')

afterEach(() => sessionStorage.clear())

describe('CasePartnerCommitmentsTab', () => {
  it('lists the commitments entrusted to the partner, the overdue one marked in words, with its progress notes', async () => {
    const { wrapper } = await mountTab(CasePartnerCommitmentsTab, { access: 'partner' }, (call) =>
      isNotes(pathOf(call)) ? json(200, page([note('Contattate tre aziende.')])) : json(200, page([commitment()])),
    ['operator'])
    expect(wrapper.get('h2').text()).toBe('Impegni del servizio partner')
    expect(wrapper.get('h3').text()).toBe('Proporre due aziende ospitanti')
    expect(wrapper.text()).toContain('In ritardo')
    expect(wrapper.text()).toContain('Contattate tre aziende.')
    expect(wrapper.text()).toContain('Sara Corti (Cooperativa Lavoro e Comunità)')
  })

  it('records the commitment as met on the day done, with If-Match, and announces it', async () => {
    let current = commitment()
    const { wrapper, calls } = await mountTab(
      CasePartnerCommitmentsTab,
      { access: 'partner' },
      (call) => {
        if (call.method === 'PATCH') {
          current = commitment({ status: 'met', doneOn: (call.body as { doneOn: string }).doneOn, version: 2 })
          return json(200, current)
        }
        return isNotes(pathOf(call)) ? json(200, page([])) : json(200, page([current]))
      },
      ['operator'],
    )
    await button(wrapper, /^Aggiorna lo stato/).trigger('click')
    await settle()
    expect(document.activeElement?.textContent).toContain('Aggiorna lo stato: Proporre due aziende ospitanti')
    await wrapper.get('input[type=radio][value=met]').setValue(true)
    await settle()
    // Ticking "met" proposes today, which the user may correct.
    expect((byLabel(wrapper, 'Svolto il').element as HTMLInputElement).value).toBe(todayInItaly())
    await byLabel(wrapper, 'Svolto il').setValue('2026-01-14')
    await button(wrapper, 'Salva lo stato').trigger('click')
    await settle(10)
    const patch = calls.find((c) => c.method === 'PATCH')!
    expect(pathOf(patch)).toBe(`/cases/${CASE_ID}/plan-commitments/${COMMITMENT_ID}`)
    expect(patch.headers['if-match']).toBe('"1"')
    expect(patch.body).toEqual({ status: 'met', doneOn: '2026-01-14' })
    expect(wrapper.get('[role=status].alert').text()).toBe('Stato aggiornato: «Proporre due aziende ospitanti» ora è Rispettato.')
    expect(wrapper.text()).not.toContain('In ritardo')
  })

  it('after a 412 reads the commitment again and keeps the form open on the new version', async () => {
    let version = 1
    const { wrapper, calls } = await mountTab(
      CasePartnerCommitmentsTab,
      { access: 'partner' },
      (call) => {
        if (call.method === 'PATCH') return problem(412, { code: 'version-mismatch' })
        if (isNotes(pathOf(call))) return json(200, page([]))
        return json(200, page([commitment({ version })]))
      },
      ['operator'],
    )
    await button(wrapper, /^Aggiorna lo stato/).trigger('click')
    await settle()
    await wrapper.get('input[type=radio][value=missed]').setValue(true)
    await button(wrapper, 'Salva lo stato').trigger('click')
    await settle(10)
    expect(wrapper.text()).toContain('modificato')
    version = 3
    await button(wrapper, /Ricarica/).trigger('click')
    await settle(10)
    await wrapper.get('input[type=radio][value=missed]').setValue(true)
    await button(wrapper, 'Salva lo stato').trigger('click')
    await settle(10)
    expect(calls.filter((c) => c.method === 'PATCH').map((c) => c.headers['if-match'])).toEqual(['"1"', '"3"'])
  })

  it('writes a progress note, keeping the draft across a remount until it is saved', async () => {
    const notes: CommitmentProgressNote[] = []
    const api = (call: Parameters<Parameters<typeof mountTab>[2]>[0]) => {
      if (call.method === 'POST') {
        notes.push(note((call.body as { text: string }).text))
        return json(201, notes[0])
      }
      return isNotes(pathOf(call)) ? json(200, page(notes)) : json(200, page([commitment({ progressNoteCount: notes.length })]))
    }
    const first = await mountTab(CasePartnerCommitmentsTab, { access: 'partner' }, api, ['operator'])
    await button(first.wrapper, /^Scrivi una nota di avanzamento/).trigger('click')
    await settle()
    await byLabel(first.wrapper, 'Nota di avanzamento').setValue('Colloquio fissato per lunedì.')
    await settle()
    first.wrapper.unmount()

    const { wrapper, calls } = await mountTab(CasePartnerCommitmentsTab, { access: 'partner' }, api, ['operator'])
    await button(wrapper, /^Scrivi una nota di avanzamento/).trigger('click')
    await settle()
    expect((byLabel(wrapper, 'Nota di avanzamento').element as HTMLTextAreaElement).value).toBe('Colloquio fissato per lunedì.')
    await button(wrapper, 'Salva la nota').trigger('click')
    await settle(10)
    const post = calls.find((c) => c.method === 'POST')!
    expect(pathOf(post)).toBe(`/cases/${CASE_ID}/plan-commitments/${COMMITMENT_ID}/progress-notes`)
    expect(post.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/)
    expect(post.body).toEqual({ text: 'Colloquio fissato per lunedì.' })
    expect(wrapper.get('[role=status].alert').text()).toBe('Nota di avanzamento salvata su «Proporre due aziende ospitanti».')
    expect([...Array(sessionStorage.length).keys()].map((i) => sessionStorage.key(i)).filter((k) => k?.includes('progress-note'))).toEqual([])
  })

  it('offers no change on a closed case: the API sends each commitment without permissions', async () => {
    const { wrapper } = await mountTab(CasePartnerCommitmentsTab, { access: 'partner', caseStatus: 'closed' }, (call) =>
      isNotes(pathOf(call)) ? json(200, page([])) : json(200, page([commitment({ permissions: [] })])),
    ['operator'])
    expect(wrapper.text()).toContain('Proporre due aziende ospitanti')
    expect(hasButton(wrapper, /^Aggiorna lo stato/)).toBe(false)
    expect(hasButton(wrapper, /^Scrivi una nota/)).toBe(false)
  })

  it('offers on each commitment only the actions its permissions name, whatever the case\'s status', async () => {
    const second = '0190a000-0000-7000-8000-00000000e002'
    const { wrapper } = await mountTab(CasePartnerCommitmentsTab, { access: 'partner' }, (call) =>
      isNotes(pathOf(call))
        ? json(200, page([]))
        : json(200, page([commitment({ permissions: ['addProgressNote'] }), commitment({ id: second, what: 'Accompagnare al colloquio', permissions: ['updateStatus', 'addProgressNote'] })])),
    ['operator'])
    const [first, other] = wrapper.findAll('article')
    expect(first!.find(`#partner-status-${COMMITMENT_ID}`).exists()).toBe(false)
    expect(first!.find(`#partner-note-${COMMITMENT_ID}`).exists()).toBe(true)
    expect(other!.find(`#partner-status-${second}`).exists()).toBe(true)
    expect(other!.find(`#partner-note-${second}`).exists()).toBe(true)
  })
})
