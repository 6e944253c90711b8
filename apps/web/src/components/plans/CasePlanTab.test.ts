import type { Plan } from '@ponte/shared'
import { describe, expect, it } from 'vitest'
import { json, problem, settle } from '../../../test/helpers'
import { button, byLabel, CASE_ID, errorOf, hasButton, mountTab, page, pathOf } from '../../../test/case-records'
import { CASE_MANAGER_PLAN_PERMISSIONS, commitmentOf, PLAN_ID, planBuilder } from '../../../test/case-record-builders'
import CasePlanTab from './CasePlanTab.vue'

const plan = planBuilder(CASE_MANAGER_PLAN_PERMISSIONS)
const commitment = commitmentOf
const isCommitments = (path: string) => path.endsWith('/commitments')

describe('CasePlanTab', () => {
  it('creates the first plan with an objective, saves the draft and submits it for approval', async () => {
    let current: Plan | null = null
    const { wrapper, calls } = await mountTab(CasePlanTab, {}, (call) => {
      const path = pathOf(call)
      if (call.method === 'POST' && path === `/cases/${CASE_ID}/plans`) {
        current = plan({ objectives: [{ id: '0190a000-0000-7000-8000-00000000c009', title: 'Obiettivo A', expectedResult: 'Risultato A' }], version: 1 })
        return json(201, current)
      }
      if (call.method === 'POST' && path.endsWith('/transitions')) {
        current = { ...current!, status: 'submitted', version: 2 }
        return json(200, current)
      }
      if (isCommitments(path)) return json(200, page([]))
      return json(200, page(current ? [current] : []))
    })
    expect(wrapper.get('h2').text()).toBe('Progetto personalizzato')
    expect(wrapper.text()).toContain('Il caso non ha ancora un progetto personalizzato.')
    await button(wrapper, 'Crea il progetto').trigger('click')
    await settle()
    expect(document.activeElement?.textContent?.trim()).toBe('Nuovo progetto personalizzato')
    await byLabel(wrapper, 'Obiettivo').setValue(' Obiettivo A ')
    await byLabel(wrapper, 'Risultato atteso').setValue('Risultato A')
    await byLabel(wrapper, 'Data di revisione').setValue('2026-06-30')
    await button(wrapper, 'Salva bozza').trigger('click')
    await settle(10)

    const create = calls.find((c) => c.method === 'POST')!
    expect(create.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/)
    expect(create.body).toEqual({ objectives: [{ title: 'Obiettivo A', expectedResult: 'Risultato A' }], supports: [], reviewDate: '2026-06-30', notes: null })
    expect(wrapper.get('[role=status].alert').text()).toBe('Bozza del progetto salvata (versione 1).')
    expect(wrapper.get('h3').text()).toBe('Versione 1')
    expect(wrapper.text()).toContain('Bozza')

    await button(wrapper, 'Invia per approvazione').trigger('click')
    await settle(10)
    const submit = calls.find((c) => pathOf(c).endsWith('/transitions'))!
    expect(pathOf(submit)).toBe(`/cases/${CASE_ID}/plans/${PLAN_ID}/transitions`)
    expect(submit.body).toEqual({ action: 'submit' })
    expect(submit.headers['if-match']).toBe('"1"')
    expect(wrapper.get('[role=status].alert').text()).toBe("Versione 1 inviata per l'approvazione.")
    expect(wrapper.text()).toContain("Il progetto è in attesa dell'approvazione di un coordinatore.")
    // Only a coordinator approves.
    expect(hasButton(wrapper, 'Approva')).toBe(false)
    expect(hasButton(wrapper, 'Restituisci')).toBe(false)
  })

  it('adds and removes objectives, keeping the ids of the existing ones, and saves the draft with If-Match', async () => {
    const { wrapper, calls } = await mountTab(CasePlanTab, {}, (call) => {
      if (call.method === 'PATCH') return json(200, plan({ version: 3 }))
      return isCommitments(pathOf(call)) ? json(200, page([])) : json(200, page([plan()]))
    })
    await button(wrapper, 'Modifica la bozza').trigger('click')
    await settle()
    await button(wrapper, 'Aggiungi un obiettivo').trigger('click')
    await settle()
    expect(document.activeElement?.id).toBe('plan-edit-objectives-1-title')
    await byLabel(wrapper, 'Obiettivo 2').setValue('Corso di italiano')
    await byLabel(wrapper, 'Risultato atteso 2').setValue('Livello A2')
    await button(wrapper, 'Aggiungi un sostegno').trigger('click')
    await settle()
    await byLabel(wrapper, 'Descrizione del sostegno 1').setValue('Borsa lavoro comunale')
    await button(wrapper, 'Salva bozza').trigger('click')
    await settle(10)
    const patch = calls.find((c) => c.method === 'PATCH')!
    expect(patch.headers['if-match']).toBe('"2"')
    expect(patch.body).toEqual({
      objectives: [
        { id: '0190a000-0000-7000-8000-00000000c001', title: 'Trovare un tirocinio', expectedResult: 'Tirocinio avviato entro giugno' },
        { title: 'Corso di italiano', expectedResult: 'Livello A2' },
      ],
      supports: [{ kind: 'service', description: 'Borsa lavoro comunale', reference: null }],
    })
  })

  it('shows the API field errors of the objectives next to them, and a 412 with a reload', async () => {
    let answer = 0
    const { wrapper } = await mountTab(CasePlanTab, {}, (call) => {
      if (call.method === 'PATCH') {
        answer += 1
        return answer === 1
          ? problem(400, { code: 'validation-failed', errors: [{ pointer: '/objectives/0/title', code: 'minLength', detail: 'must NOT have fewer than 1 characters' }] })
          : problem(412, { code: 'version-mismatch' })
      }
      return isCommitments(pathOf(call)) ? json(200, page([])) : json(200, page([plan()]))
    })
    await button(wrapper, 'Modifica la bozza').trigger('click')
    await settle()
    await byLabel(wrapper, 'Data di revisione').setValue('2026-09-01')
    await button(wrapper, 'Salva bozza').trigger('click')
    await settle(10)
    expect(errorOf(wrapper, 'Obiettivo')).toBe('Il testo è troppo corto.')
    await button(wrapper, 'Salva bozza').trigger('click')
    await settle(10)
    expect(wrapper.get('.ponte-panel [role=alert]').text()).toContain('Qualcun altro ha modificato questi dati')
    expect(hasButton(wrapper, 'Ricarica i dati aggiornati')).toBe(true)
  })

  it('offers Approva and Restituisci only to a coordinator; returning needs the reason', async () => {
    const submitted = plan({ status: 'submitted', submittedAt: '2026-03-03T10:00:00.000Z', version: 4 })
    const asCaseManager = await mountTab(CasePlanTab, { access: 'case_manager' }, (call) => (isCommitments(pathOf(call)) ? json(200, page([])) : json(200, page([submitted]))))
    expect(hasButton(asCaseManager.wrapper, 'Approva')).toBe(false)
    expect(hasButton(asCaseManager.wrapper, 'Nuova versione')).toBe(true)
    asCaseManager.wrapper.unmount()

    const forCoordinator = { ...submitted, permissions: ['approve', 'return', 'revise'] as Plan['permissions'] }
    const { wrapper, calls } = await mountTab(
      CasePlanTab,
      { access: 'coordinator' },
      (call) => {
        const path = pathOf(call)
        if (call.method === 'POST') {
          const body = call.body as { action: string }
          const status = body.action === 'approve' ? 'approved' : 'draft'
          return json(200, { ...submitted, status, permissions: CASE_MANAGER_PLAN_PERMISSIONS[status]!, version: 5 })
        }
        return isCommitments(path) ? json(200, page([])) : json(200, page([forCoordinator]))
      },
      ['coordinator'],
    )
    await button(wrapper, 'Restituisci').trigger('click')
    await settle()
    await button(wrapper, 'Restituisci in bozza').trigger('click')
    await settle()
    expect(errorOf(wrapper, 'Motivo della restituzione')).toBe('Indica il motivo.')
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0)
    await byLabel(wrapper, 'Motivo della restituzione').setValue('Manca il risultato atteso del secondo obiettivo.')
    await button(wrapper, 'Restituisci in bozza').trigger('click')
    await settle(10)
    expect(calls.filter((c) => c.method === 'POST')[0]!.body).toEqual({ action: 'return', reason: 'Manca il risultato atteso del secondo obiettivo.' })

    await button(wrapper, 'Approva').trigger('click')
    await settle(10)
    const approve = calls.filter((c) => c.method === 'POST')[1]!
    expect(approve.body).toEqual({ action: 'approve' })
    expect(approve.headers['if-match']).toBe('"4"')
    expect(wrapper.get('[role=status].alert').text()).toBe('Versione 1 approvata.')
  })

  it('records the signature with its date, and explains a conflict by its code', async () => {
    const approved = plan({ status: 'approved', approvedAt: '2026-03-04T10:00:00.000Z', version: 5 })
    const { wrapper, calls } = await mountTab(CasePlanTab, {}, (call) => {
      if (call.method === 'POST') return problem(409, { code: 'transition-not-allowed', detail: 'Non è possibile passare da "signed" a "signed".' })
      return isCommitments(pathOf(call)) ? json(200, page([])) : json(200, page([approved]))
    })
    await button(wrapper, 'Registra firma').trigger('click')
    await settle()
    await byLabel(wrapper, 'Data della firma').setValue('2026-03-05')
    await button(wrapper, 'Conferma la firma').trigger('click')
    await settle(10)
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ action: 'sign', signedOn: '2026-03-05' })
    expect(wrapper.get('[role=alert]').text()).toContain("L'operazione non è più possibile nello stato attuale")
  })

  it('marks overdue commitments in words, adds commitments to a draft and reschedules one with its new date', async () => {
    const { wrapper, calls } = await mountTab(CasePlanTab, {}, (call) => {
      const path = pathOf(call)
      if (call.method === 'POST' && isCommitments(path)) return json(201, commitment({ id: '0190a000-0000-7000-8000-00000000d009' }))
      if (call.method === 'PATCH') return json(200, commitment({ status: 'rescheduled', rescheduledTo: '2026-02-15', version: 2 }))
      if (isCommitments(path)) return json(200, page([commitment(), commitment({ id: '0190a000-0000-7000-8000-00000000d002', what: 'Colloquio', dueDate: '2099-01-01', who: 'case_manager', responsibleName: 'Mario Rossi' })]))
      return json(200, page([plan()]))
    })
    const rows = wrapper.findAll('tbody tr')
    expect(rows[0]!.text()).toContain('In ritardo')
    expect(rows[1]!.text()).not.toContain('In ritardo')
    expect(rows[1]!.text()).toContain('Il case manager')
    expect(wrapper.text()).toContain('Un impegno è in ritardo.')

    await button(wrapper, 'Aggiungi un impegno').trigger('click')
    await settle()
    await byLabel(wrapper, 'Chi si impegna').setValue('partner')
    await byLabel(wrapper, 'Impegno').setValue('Proporre un tirocinio')
    await byLabel(wrapper, 'Scadenza').setValue('2026-04-30')
    await button(wrapper, "Aggiungi l'impegno").trigger('click')
    await settle(10)
    const create = calls.find((c) => c.method === 'POST')!
    expect(pathOf(create)).toBe(`/cases/${CASE_ID}/plans/${PLAN_ID}/commitments`)
    expect(create.body).toEqual({ who: 'partner', responsibleName: null, what: 'Proporre un tirocinio', dueDate: '2026-04-30' })

    await button(wrapper, /^Aggiorna lo stato: Iscriversi/).trigger('click')
    await settle()
    await byLabel(wrapper, 'Rinviato').setValue(true)
    await button(wrapper, 'Salva lo stato').trigger('click')
    await settle()
    expect(errorOf(wrapper, 'Nuova scadenza')).toBe("Indica la nuova scadenza dell'impegno rinviato.")
    await byLabel(wrapper, 'Nuova scadenza').setValue('2026-02-15')
    await button(wrapper, 'Salva lo stato').trigger('click')
    await settle(10)
    const patch = calls.find((c) => c.method === 'PATCH')!
    expect(patch.body).toEqual({ status: 'rescheduled', rescheduledTo: '2026-02-15' })
    expect(patch.headers['if-match']).toBe('"1"')
  })

  it('keeps a signed version frozen: status updates only, no edits, and a new version from it', async () => {
    const signed = plan({ status: 'signed', signedOn: '2026-03-05', version: 6 })
    const { wrapper, calls } = await mountTab(CasePlanTab, {}, (call) => {
      if (call.method === 'POST') return json(201, plan({ id: '0190a000-0000-7000-8000-00000000b002', versionNumber: 2, status: 'draft', revisedFromId: PLAN_ID }))
      return isCommitments(pathOf(call)) ? json(200, page([commitment()])) : json(200, page([signed]))
    })
    expect(hasButton(wrapper, 'Modifica la bozza')).toBe(false)
    expect(hasButton(wrapper, 'Aggiungi un impegno')).toBe(false)
    expect(hasButton(wrapper, /^Aggiorna lo stato/)).toBe(true)
    await button(wrapper, 'Nuova versione').trigger('click')
    await settle(10)
    const revise = calls.find((c) => c.method === 'POST')!
    expect(pathOf(revise)).toBe(`/cases/${CASE_ID}/plans/${PLAN_ID}/revisions`)
    expect(revise.headers['idempotency-key']).toBeDefined()
    expect(wrapper.get('[role=status].alert').text()).toBe('Creata la versione 2 in bozza, a partire dalla versione 1.')
  })

  it('shows the version someone else started meanwhile when creating answers 409 plan-in-progress', async () => {
    let created = false
    const { wrapper } = await mountTab(CasePlanTab, {}, (call) => {
      const path = pathOf(call)
      if (call.method === 'POST') {
        created = true
        return problem(409, { code: 'plan-in-progress', detail: 'Il caso ha già una versione del progetto in lavorazione (versione 1).', existingId: PLAN_ID })
      }
      if (isCommitments(path)) return json(200, page([]))
      return json(200, page(created ? [plan()] : []))
    })
    await button(wrapper, 'Crea il progetto').trigger('click')
    await settle()
    await byLabel(wrapper, 'Obiettivo').setValue('Obiettivo B')
    await button(wrapper, 'Salva bozza').trigger('click')
    await settle(10)
    expect(wrapper.get('h3').text()).toBe('Versione 1')
    expect(wrapper.get('[role=alert]').text()).toContain('Esiste già una versione del progetto in lavorazione')
  })

  it('is read-only on a closed case', async () => {
    const { wrapper } = await mountTab(CasePlanTab, { caseStatus: 'closed', access: 'coordinator' }, (call) =>
      isCommitments(pathOf(call)) ? json(200, page([commitment()])) : json(200, page([plan({ status: 'submitted', permissions: [] })])),
    )
    expect(wrapper.text()).toContain('Il caso è chiuso: il progetto si può consultare ma non modificare.')
    for (const name of ['Approva', 'Restituisci', 'Nuova versione', 'Crea il progetto']) expect(hasButton(wrapper, name)).toBe(false)
    expect(hasButton(wrapper, /^Aggiorna lo stato/)).toBe(false)

    const empty = await mountTab(CasePlanTab, { caseStatus: 'closed' }, () => json(200, page([])))
    expect(hasButton(empty.wrapper, 'Crea il progetto')).toBe(false)
  })

  it('offers each action of a version from the permissions the API sent, not from its status or the role', async () => {
    // A signed version while another is in progress: the API allows no revision, only the commitments' status.
    const signed = plan({ status: 'signed', signedOn: '2026-03-05', permissions: ['updateCommitments'] })
    const { wrapper } = await mountTab(CasePlanTab, { access: 'coordinator' }, (call) => (isCommitments(pathOf(call)) ? json(200, page([commitment()])) : json(200, page([signed]))), ['coordinator'])
    for (const name of ['Modifica la bozza', 'Invia per approvazione', 'Approva', 'Restituisci', 'Registra firma', 'Nuova versione', 'Aggiungi un impegno']) expect(hasButton(wrapper, name), name).toBe(false)
    expect(hasButton(wrapper, /^Aggiorna lo stato/)).toBe(true)
    wrapper.unmount()

    // A draft the caller may submit but not edit: the one button shows, the other does not.
    const submittable = plan({ permissions: ['submit'] })
    const second = await mountTab(CasePlanTab, {}, (call) => (isCommitments(pathOf(call)) ? json(200, page([commitment()])) : json(200, page([submittable]))))
    expect(hasButton(second.wrapper, 'Invia per approvazione')).toBe(true)
    expect(hasButton(second.wrapper, 'Modifica la bozza')).toBe(false)
    expect(hasButton(second.wrapper, 'Aggiungi un impegno')).toBe(false)
    expect(hasButton(second.wrapper, /^Aggiorna lo stato/)).toBe(false)
  })
})
