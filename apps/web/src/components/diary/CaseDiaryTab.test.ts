import type { DiaryNote } from '@ponte/shared'
import { describe, expect, it } from 'vitest'
import { json, problem, settle } from '../../../test/helpers'
import { button, byLabel, CASE_ID, errorOf, hasButton, ME, mountTab, page, pathOf, SOMEONE_ELSE, stamp } from '../../../test/case-records'
import CaseDiaryTab from './CaseDiaryTab.vue'

const note = (overrides: Partial<DiaryNote> = {}): DiaryNote => ({
  id: '0190a000-0000-7000-8000-00000000f001',
  caseId: CASE_ID,
  notedOn: '2026-03-02',
  text: 'Colloquio telefonico con la persona.',
  visibility: 'normal',
  authorId: ME,
  authorName: 'Mario Rossi',
  // What the API sends the author on an open case.
  permissions: ['update'],
  ...stamp,
  ...overrides,
})

const theirs = note({ id: '0190a000-0000-7000-8000-00000000f002', notedOn: '2026-02-20', authorId: SOMEONE_ELSE, authorName: 'Laura Bianchi', visibility: 'restricted', text: 'Situazione familiare delicata.', permissions: [] })

describe('CaseDiaryTab', () => {
  it('shows the notes newest first with author, date and the "riservata" marker, and adds a restricted note', async () => {
    const { wrapper, calls } = await mountTab(CaseDiaryTab, {}, (call) =>
      call.method === 'POST' ? json(201, note({ id: '0190a000-0000-7000-8000-00000000f009', visibility: 'restricted', notedOn: '2026-03-04' })) : json(200, page([note(), theirs])),
    )
    expect(wrapper.get('h2').text()).toBe('Diario sociale')
    const articles = wrapper.findAll('article')
    expect(articles.map((a) => a.get('h3').text())).toEqual(['Nota del 02/03/2026', 'Nota del 20/02/2026 Riservata'])
    expect(articles[1]!.text()).toContain('Scritta da Laura Bianchi')
    // Who reads a restricted note is explained where it is chosen.
    expect(wrapper.text()).toContain("La leggono solo l'autore e i coordinatori del Comune")

    await byLabel(wrapper, 'Data della nota').setValue('2026-03-04')
    await byLabel(wrapper, 'Testo della nota').setValue('Nota riservata sulla salute.')
    await byLabel(wrapper, 'Riservata').setValue(true)
    await button(wrapper, 'Aggiungi la nota').trigger('click')
    await settle(10)
    const post = calls.find((c) => c.method === 'POST')!
    expect(pathOf(post)).toBe(`/cases/${CASE_ID}/diary-notes`)
    expect(post.body).toEqual({ notedOn: '2026-03-04', text: 'Nota riservata sulla salute.', visibility: 'restricted' })
    expect(post.headers['idempotency-key']).toBeDefined()
    expect(wrapper.get('[role=status].alert').text()).toContain('La vedete solo tu e i coordinatori.')
  })

  it('lets the author edit only their own notes, with If-Match, and explains a 412', async () => {
    const { wrapper, calls } = await mountTab(CaseDiaryTab, {}, (call) => (call.method === 'PATCH' ? problem(412, { code: 'version-mismatch' }) : json(200, page([note({ version: 2 }), theirs]))))
    const editButtons = wrapper.findAll('button').filter((b) => b.text().startsWith('Modifica'))
    expect(editButtons.map((b) => b.text())).toEqual(['Modifica Nota del 02/03/2026'])
    await editButtons[0]!.trigger('click')
    await settle()
    expect(document.activeElement?.id).toBe('diary-edit-heading')
    await byLabel(wrapper, 'Testo della nota').setValue('Colloquio telefonico: confermato l\'appuntamento.')
    await button(wrapper, 'Salva').trigger('click')
    await settle(10)
    const patch = calls.find((c) => c.method === 'PATCH')!
    expect(patch.headers['if-match']).toBe('"2"')
    expect(patch.body).toEqual({ text: "Colloquio telefonico: confermato l'appuntamento." })
    expect(wrapper.get('[role=alert]').text()).toContain('Qualcun altro ha modificato questi dati')
    expect(hasButton(wrapper, 'Ricarica i dati aggiornati')).toBe(true)
  })

  it('shows the previous texts of an edited note ("Versioni precedenti")', async () => {
    const { wrapper, calls } = await mountTab(CaseDiaryTab, {}, (call) =>
      pathOf(call).endsWith('/revisions')
        ? json(200, page([{ noteId: note().id, version: 1, notedOn: '2026-03-01', text: 'Testo originale.', visibility: 'normal', editedBy: ME, editedByName: 'Mario Rossi', editedAt: '2026-03-02T10:00:00.000Z' }]))
        : json(200, page([note({ version: 2, updatedAt: '2026-03-02T10:00:00.000Z' })])),
    )
    expect(calls.some((c) => pathOf(c).endsWith('/revisions'))).toBe(false)
    const toggle = button(wrapper, /^Versioni precedenti/)
    expect(toggle.attributes('aria-expanded')).toBe('false')
    await toggle.trigger('click')
    await settle(10)
    expect(toggle.attributes('aria-expanded')).toBe('true')
    expect(pathOf(calls.find((c) => pathOf(c).endsWith('/revisions'))!)).toBe(`/cases/${CASE_ID}/diary-notes/${note().id}/revisions`)
    expect(wrapper.text()).toContain('Testo originale.')
    expect(wrapper.text()).toContain('Testo della versione 1, sostituito il')
  })

  it('checks the text before sending and shows the API errors next to the fields', async () => {
    const { wrapper, calls } = await mountTab(CaseDiaryTab, {}, (call) =>
      call.method === 'POST' ? problem(400, { code: 'validation-failed', errors: [{ pointer: '/notedOn', code: 'format', detail: 'must match format "date"' }] }) : json(200, page([])),
    )
    expect(wrapper.text()).toContain('Nessuna nota nel diario.')
    await button(wrapper, 'Aggiungi la nota').trigger('click')
    await settle()
    expect(errorOf(wrapper, 'Testo della nota')).toBe('Questo campo è obbligatorio.')
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0)
    await byLabel(wrapper, 'Testo della nota').setValue('Testo')
    await button(wrapper, 'Aggiungi la nota').trigger('click')
    await settle(10)
    expect(errorOf(wrapper, 'Data della nota')).toBe('Il formato non è valido.')
  })

  it('is read-only on a closed case', async () => {
    const { wrapper } = await mountTab(CaseDiaryTab, { caseStatus: 'closed' }, () => json(200, page([note({ permissions: [] })])))
    expect(wrapper.text()).toContain('Il caso è chiuso: il diario si può consultare')
    expect(wrapper.find('form').exists()).toBe(false)
    expect(hasButton(wrapper, /^Modifica/)).toBe(false)
  })

  it('offers the edit from each note\'s permissions, not from its author', async () => {
    const mineButFrozen = note({ permissions: [] })
    const editable = note({ id: '0190a000-0000-7000-8000-00000000f003', notedOn: '2026-02-21', authorId: SOMEONE_ELSE, authorName: 'Laura Bianchi', permissions: ['update'] })
    const { wrapper } = await mountTab(CaseDiaryTab, {}, () => json(200, page([mineButFrozen, editable])))
    expect(wrapper.find(`#diary-edit-${mineButFrozen.id}`).exists()).toBe(false)
    expect(wrapper.find(`#diary-edit-${editable.id}`).exists()).toBe(true)
  })
})
