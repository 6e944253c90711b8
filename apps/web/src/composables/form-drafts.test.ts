/**
 * The case-record forms (plan, return reason, commitments, assessment edit, meeting outcome,
 * referral, support decision and payment) and the new-person form keep what the user typed and did
 * not save: across a change of tab or page (the form mounted again), until saved, cancelled or discarded.
 */
import type { VueWrapper } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { button, byLabel, mountTab, page, pathOf } from '../../test/case-records'
import { assessmentBuilder, AUTHOR_ASSESSMENT_PERMISSIONS, CASE_MANAGER_PLAN_PERMISSIONS, commitmentOf, meetingBuilder, planBuilder, STAFF_MEETING_PERMISSIONS, supportBuilder } from '../../test/case-record-builders'
import { drafts, leavingAsks, typeLeaveAndReturn } from '../../test/drafts'
import { MUNICIPALITY, PARTNER, referralOf } from '../../test/case-fixtures'
import { createAppContext, json, me, membership, mountWithApp, session, settle, stubFetch, type FetchCall } from '../../test/helpers'
import CaseAssessmentsTab from '../components/assessments/CaseAssessmentsTab.vue'
import CaseEconomicSupportsTab from '../components/economic-supports/CaseEconomicSupportsTab.vue'
import CaseMeetingsTab from '../components/meetings/CaseMeetingsTab.vue'
import CaseReferralsTab from '../components/referrals/CaseReferralsTab.vue'
import CasePlanTab from '../components/plans/CasePlanTab.vue'
import PersonNewPage from '../pages/PersonNewPage.vue'

const valueOf = (wrapper: VueWrapper, label: string) => (byLabel(wrapper, label).element as HTMLInputElement).value
const plan = planBuilder(CASE_MANAGER_PLAN_PERMISSIONS)

const assessment = assessmentBuilder(AUTHOR_ASSESSMENT_PERMISSIONS)

describe('the plan form keeps its draft', () => {
  it('of the first version across a change of tab, until cancelled', async () => {
    const api = (call: FetchCall) => (pathOf(call).endsWith('/commitments') ? json(200, page([])) : json(200, page([])))
    const first = await mountTab(CasePlanTab, {}, api)
    await button(first.wrapper, 'Crea il progetto').trigger('click')
    await settle()
    await byLabel(first.wrapper, 'Obiettivo').setValue('Ottenere la patente B')
    await settle()
    first.wrapper.unmount()

    // Back on the tab: the form is open again with what was typed, and says so.
    const again = await mountTab(CasePlanTab, {}, api)
    expect(valueOf(again.wrapper, 'Obiettivo')).toBe('Ottenere la patente B')
    expect(again.wrapper.get('.ponte-draft-notice').text()).toContain('Bozza non salvata ripristinata')
    // Rows added after a restored draft get keys of their own.
    await button(again.wrapper, 'Aggiungi un obiettivo').trigger('click')
    await settle()
    const rows = again.wrapper.findAll('.ponte-record-row')
    expect(rows).toHaveLength(2)
    expect((rows[0]!.get('input').element as HTMLInputElement).value).toBe('Ottenere la patente B')
    expect((rows[1]!.get('input').element as HTMLInputElement).value).toBe('')

    await button(again.wrapper, 'Annulla').trigger('click')
    await settle()
    expect(drafts()).toEqual([])
  })

  it('of the edit of a draft version across a change of tab, until saved', async () => {
    let current = plan()
    const api = (call: FetchCall) => {
      const path = pathOf(call)
      if (path.endsWith('/commitments')) return json(200, page([]))
      if (call.method === 'PATCH') {
        current = plan({ objectives: [{ id: '0190a000-0000-7000-8000-00000000c001', title: 'Trovare un tirocinio in Brianza', expectedResult: 'Tirocinio avviato entro giugno' }], version: 3 })
        return json(200, current)
      }
      return json(200, page([current]))
    }
    const first = await mountTab(CasePlanTab, {}, api)
    await button(first.wrapper, 'Modifica la bozza').trigger('click')
    await settle()
    await byLabel(first.wrapper, 'Obiettivo').setValue('Trovare un tirocinio in Brianza')
    await settle()
    first.wrapper.unmount()

    const again = await mountTab(CasePlanTab, {}, api)
    expect(again.wrapper.get('#plan-panel-heading').text()).toBe('Modifica la bozza (versione 1)')
    expect(valueOf(again.wrapper, 'Obiettivo')).toBe('Trovare un tirocinio in Brianza')
    await button(again.wrapper, 'Salva bozza').trigger('click')
    await settle(10)
    const patch = again.calls.find((c) => c.method === 'PATCH')!
    expect(patch.headers['if-match']).toBe('"2"')
    expect(patch.body).toMatchObject({ objectives: [{ id: '0190a000-0000-7000-8000-00000000c001', title: 'Trovare un tirocinio in Brianza' }] })
    expect(drafts()).toEqual([])
  })
})

describe("the coordinator's reason for returning a plan keeps its draft", () => {
  it('across a change of tab, until sent; a cancel forgets it', async () => {
    // What the API sends a coordinator on a submitted version.
    const submitted = plan({ status: 'submitted', submittedAt: '2026-03-03T10:00:00.000Z', version: 4, permissions: ['approve', 'return', 'revise'] })
    const api = (call: FetchCall) => {
      const path = pathOf(call)
      if (call.method === 'POST') return json(200, { ...submitted, status: 'draft', version: 5 })
      return path.endsWith('/commitments') ? json(200, page([])) : json(200, page([submitted]))
    }
    const mountPlan = () => mountTab(CasePlanTab, { access: 'coordinator' }, api, ['coordinator'])
    const again = await typeLeaveAndReturn(mountPlan, async (wrapper) => {
      await button(wrapper, 'Restituisci').trigger('click')
      await settle()
      await byLabel(wrapper, 'Motivo della restituzione').setValue('Manca il risultato atteso del secondo obiettivo.')
    }, { leaving: false })
    expect(valueOf(again.wrapper, 'Motivo della restituzione')).toBe('Manca il risultato atteso del secondo obiettivo.')
    await button(again.wrapper, 'Restituisci in bozza').trigger('click')
    await settle(10)
    expect(again.calls.find((c) => c.method === 'POST')!.body).toEqual({ action: 'return', reason: 'Manca il risultato atteso del secondo obiettivo.' })
    expect(drafts()).toEqual([])
    again.wrapper.unmount()

    const third = await mountPlan()
    await button(third.wrapper, 'Restituisci').trigger('click')
    await settle()
    await byLabel(third.wrapper, 'Motivo della restituzione').setValue('Da riscrivere')
    await settle()
    expect(drafts()).toHaveLength(1)
    await button(third.wrapper, 'Annulla').trigger('click')
    await settle()
    expect(drafts()).toEqual([])
  })
})

describe("the plan's commitments keep their drafts", () => {
  const commitment = commitmentOf

  it('a new commitment and a status change, across a change of tab, until saved or cancelled', async () => {
    const api = (call: FetchCall) => {
      const path = pathOf(call)
      if (call.method === 'POST' && path.endsWith('/commitments')) return json(201, commitment({ id: '0190a000-0000-7000-8000-00000000d009', what: 'Proporre un tirocinio' }))
      if (path.endsWith('/commitments')) return json(200, page([commitment()]))
      return json(200, page([plan()]))
    }
    // Back on the tab: the new commitment's form is open again with what was typed.
    const again = await typeLeaveAndReturn(() => mountTab(CasePlanTab, {}, api), async (wrapper) => {
      await button(wrapper, 'Aggiungi un impegno').trigger('click')
      await settle()
      await byLabel(wrapper, 'Impegno').setValue('Proporre un tirocinio')
      await byLabel(wrapper, 'Scadenza').setValue('2026-04-30')
    }, { leaving: false })
    expect(valueOf(again.wrapper, 'Impegno')).toBe('Proporre un tirocinio')
    expect(valueOf(again.wrapper, 'Scadenza')).toBe('2026-04-30')
    await button(again.wrapper, "Aggiungi l'impegno").trigger('click')
    await settle(10)
    expect(again.calls.find((c) => c.method === 'POST')!.body).toEqual({ who: 'person', responsibleName: null, what: 'Proporre un tirocinio', dueDate: '2026-04-30' })
    expect(drafts()).toEqual([])

    // A status change left unsaved comes back too; cancelled, it is gone.
    await button(again.wrapper, /^Aggiorna lo stato: Iscriversi/).trigger('click')
    await settle()
    await byLabel(again.wrapper, 'Rinviato').setValue(true)
    await byLabel(again.wrapper, 'Nuova scadenza').setValue('2026-02-15')
    await settle()
    expect(drafts()).toHaveLength(1)
    again.wrapper.unmount()
    const third = await mountTab(CasePlanTab, {}, api)
    expect(valueOf(third.wrapper, 'Nuova scadenza')).toBe('2026-02-15')
    expect(third.wrapper.get('.ponte-draft-notice').text()).toContain('Bozza non salvata ripristinata')
    await button(third.wrapper, 'Annulla').trigger('click')
    await settle()
    expect(drafts()).toEqual([])
  })
})

describe('the assessment edit keeps its draft', () => {
  it('across a change of tab, until saved; a cancel forgets it', async () => {
    let current = assessment()
    const api = (call: FetchCall) => {
      if (call.method === 'PATCH') {
        current = assessment({ strengths: 'Motivato e puntuale', version: 4 })
        return json(200, current)
      }
      return json(200, page([current]))
    }
    const first = await mountTab(CaseAssessmentsTab, {}, api)
    await button(first.wrapper, /^Apri/).trigger('click')
    await settle()
    await button(first.wrapper, 'Modifica la valutazione').trigger('click')
    await settle()
    await first.wrapper.get('#assessment-edit-strengths').setValue('Motivato e puntuale')
    await settle()
    first.wrapper.unmount()

    const again = await mountTab(CaseAssessmentsTab, {}, api)
    expect((again.wrapper.get('#assessment-edit-strengths').element as HTMLTextAreaElement).value).toBe('Motivato e puntuale')
    expect(again.wrapper.find('.ponte-draft-notice').exists()).toBe(true)
    await again.wrapper.get('.ponte-panel form').trigger('submit')
    await settle(10)
    const patch = again.calls.find((c) => c.method === 'PATCH')!
    expect(patch.headers['if-match']).toBe('"3"')
    expect(patch.body).toEqual({ strengths: 'Motivato e puntuale' })
    expect(drafts()).toEqual([])

    // A draft cancelled is gone: the tab opens on the list again.
    await button(again.wrapper, 'Modifica la valutazione').trigger('click')
    await settle()
    await again.wrapper.get('#assessment-edit-needs').setValue('Patente B')
    await settle()
    expect(drafts()).toHaveLength(1)
    await button(again.wrapper, 'Annulla').trigger('click')
    await settle()
    expect(drafts()).toEqual([])
  })
})

describe("the meeting's outcome keeps its draft", () => {
  const meeting = meetingBuilder(STAFF_MEETING_PERMISSIONS)

  it('across a change of tab, until saved; a cancel forgets it', async () => {
    const api = (call: FetchCall) =>
      call.method === 'POST' ? json(200, meeting({ status: 'held', outcome: 'Colloquio utile: prossimo passo il tirocinio.', version: 3 })) : json(200, page([meeting()], { missedCount: 0 }))
    // Back on the tab: the outcome form is open again with what was typed, and says so.
    const again = await typeLeaveAndReturn(() => mountTab(CaseMeetingsTab, {}, api), async (wrapper) => {
      await button(wrapper, /^Registra l'esito/).trigger('click')
      await settle()
      await byLabel(wrapper, 'Esito').setValue('Colloquio utile: prossimo passo il tirocinio.')
    }, { leaving: false })
    expect(valueOf(again.wrapper, 'Esito')).toBe('Colloquio utile: prossimo passo il tirocinio.')
    await button(again.wrapper, 'Registra').trigger('click')
    await settle(10)
    expect(again.calls.find((c) => c.method === 'POST')!.body).toEqual({ to: 'held', outcome: 'Colloquio utile: prossimo passo il tirocinio.' })
    expect(drafts()).toEqual([])
    again.wrapper.unmount()

    // A draft cancelled is gone: the tab opens on the list again.
    const third = await mountTab(CaseMeetingsTab, {}, api)
    await button(third.wrapper, /^Registra l'esito/).trigger('click')
    await settle()
    await byLabel(third.wrapper, 'Esito').setValue('Da riscrivere')
    await settle()
    expect(drafts()).toHaveLength(1)
    await button(third.wrapper, 'Annulla').trigger('click')
    await settle()
    expect(drafts()).toEqual([])
    third.wrapper.unmount()
    const fourth = await mountTab(CaseMeetingsTab, {}, api)
    expect(fourth.wrapper.find('#meeting-panel-heading').exists()).toBe(false)
  })
})

describe('the referral form keeps its draft', () => {
  it('across a change of tab, without the consent (ticked again, deliberately); sent or cancelled, it is gone', async () => {
    const api = (call: FetchCall) => {
      if (call.method === 'POST') return json(201, referralOf({ purpose: 'Tirocinio in falegnameria' }))
      if (pathOf(call) === '/referral-partners') return json(200, page([{ id: PARTNER.id, name: PARTNER.name }]))
      return json(200, page([]))
    }
    const first = await mountTab(CaseReferralsTab, {}, api)
    await button(first.wrapper, 'Invia a un ente partner').trigger('click')
    await settle(10)
    await byLabel(first.wrapper, 'Ente partner').setValue(PARTNER.id)
    await byLabel(first.wrapper, "Finalità dell'invio").setValue('Tirocinio in falegnameria')
    await byLabel(first.wrapper, "La persona ha dato il consenso all'invio").setValue(true)
    await byLabel(first.wrapper, 'Ambito del consenso').setValue('Profilo lavorativo')
    await settle()
    expect(drafts()).toHaveLength(1)
    // The consent is never in the draft.
    expect(Object.keys(JSON.parse(sessionStorage.getItem(drafts()[0]!)!) as object).sort()).toEqual(['consentScope', 'partnerOrganisationId', 'purpose'])
    first.wrapper.unmount()

    // Back on the tab: the form is open with what was typed; the consent is not ticked.
    const again = await mountTab(CaseReferralsTab, {}, api)
    expect(valueOf(again.wrapper, "Finalità dell'invio")).toBe('Tirocinio in falegnameria')
    expect(valueOf(again.wrapper, 'Ambito del consenso')).toBe('Profilo lavorativo')
    expect((byLabel(again.wrapper, "La persona ha dato il consenso all'invio").element as HTMLInputElement).checked).toBe(false)
    expect(again.wrapper.get('.ponte-draft-notice').text()).toContain('Bozza non salvata ripristinata')
    await byLabel(again.wrapper, "La persona ha dato il consenso all'invio").setValue(true)
    await again.wrapper.get('form').trigger('submit')
    await settle(10)
    expect(again.calls.find((c) => c.method === 'POST')!.body).toMatchObject({ partnerOrganisationId: PARTNER.id, purpose: 'Tirocinio in falegnameria', consent: { scope: 'Profilo lavorativo' } })
    expect(drafts()).toEqual([])

    // A cancel forgets it.
    await button(again.wrapper, 'Invia a un ente partner').trigger('click')
    await settle(10)
    await byLabel(again.wrapper, "Finalità dell'invio").setValue('Da non tenere')
    await settle()
    expect(drafts()).toHaveLength(1)
    await button(again.wrapper, 'Annulla').trigger('click')
    await settle()
    expect(drafts()).toEqual([])
  })
})

describe("the coordinator's decision on an economic support keeps its draft", () => {
  // What the API sends a coordinator on a support: the decision while requested.
  const support = supportBuilder({ requested: ['update', 'decide'] })

  it('across a change of tab, until recorded; a cancel forgets it', async () => {
    const api = (call: FetchCall) => (call.method === 'POST' ? json(200, support({ status: 'rejected', decisionNote: 'Reddito sopra la soglia', version: 2 })) : json(200, page([support()])))
    const mountSupports = () => mountTab(CaseEconomicSupportsTab, { access: 'coordinator' }, api, ['coordinator'])
    const again = await typeLeaveAndReturn(mountSupports, async (wrapper) => {
      await button(wrapper, /^Decidi/).trigger('click')
      await settle()
      await byLabel(wrapper, 'Respingi').setValue(true)
      await settle()
      await byLabel(wrapper, 'Motivo del rifiuto').setValue('Reddito sopra la soglia')
    }, { leaving: false })
    expect(valueOf(again.wrapper, 'Motivo del rifiuto')).toBe('Reddito sopra la soglia')
    await button(again.wrapper, 'Registra la decisione').trigger('click')
    await settle(10)
    expect(again.calls.find((c) => c.method === 'POST')!.body).toEqual({ to: 'rejected', note: 'Reddito sopra la soglia' })
    expect(drafts()).toEqual([])
    again.wrapper.unmount()

    const third = await mountSupports()
    await button(third.wrapper, /^Decidi/).trigger('click')
    await settle()
    await byLabel(third.wrapper, 'Importo approvato (euro)').setValue('900')
    await settle()
    expect(drafts()).toHaveLength(1)
    await button(third.wrapper, 'Annulla').trigger('click')
    await settle()
    expect(drafts()).toEqual([])
  })
})

describe("the payment of an approved economic support keeps its draft", () => {
  const approved = supportBuilder({ approved: ['recordPayment'] })({ status: 'approved', approvedAmountCents: 100000, version: 2 })

  it('across a change of tab, asking before leaving, until recorded', async () => {
    const api = (call: FetchCall) => (call.method === 'POST' ? json(200, { ...approved, status: 'paid', paidOn: '2026-02-15', permissions: [], version: 3 }) : json(200, page([approved])))
    const mountSupports = () => mountTab(CaseEconomicSupportsTab, { access: 'coordinator' }, api, ['coordinator'])
    const again = await typeLeaveAndReturn(mountSupports, async (wrapper) => {
      await button(wrapper, /^Registra il pagamento/).trigger('click')
      await settle()
      await byLabel(wrapper, 'Data del pagamento').setValue('2026-02-15')
    })
    expect(valueOf(again.wrapper, 'Data del pagamento')).toBe('2026-02-15')
    await button(again.wrapper, 'Registra il pagamento').trigger('click')
    await settle(10)
    expect(again.calls.find((c) => c.method === 'POST')!.body).toEqual({ paidOn: '2026-02-15' })
    expect(drafts()).toEqual([])
    expect(await leavingAsks(again.router)).toBe(false)
  })
})

describe('the new-person form keeps its draft', () => {
  const caseManager = membership('Comune di Valmadrera', ['case_manager'], MUNICIPALITY.id)
  async function openPage() {
    stubFetch((call) => (call.url.endsWith('/auth/refresh') ? json(200, session(me([caseManager]))) : json(200, { items: [], nextCursor: null })))
    const context = createAppContext()
    await context.router.push('/persons/new')
    await context.router.isReady()
    const wrapper = mountWithApp(PersonNewPage, context)
    await settle()
    return { wrapper, context }
  }

  it('asks before leaving the page with it, brings it back on return, and forgets it when discarded', async () => {
    const { wrapper, context } = await openPage()
    await byLabel(wrapper, 'Nome').setValue('Chiara')
    await byLabel(wrapper, 'Cognome').setValue('Brambilla')
    await settle()

    const confirm = vi.fn(() => false)
    vi.stubGlobal('confirm', confirm)
    await context.router.push('/cases')
    expect(confirm).toHaveBeenCalledWith(expect.stringContaining('modifiche non salvate'))
    expect(context.router.currentRoute.value.path).toBe('/persons/new')
    confirm.mockReturnValueOnce(true)
    await context.router.push('/cases')
    expect(context.router.currentRoute.value.path).toBe('/cases')
    wrapper.unmount()

    await context.router.push('/persons/new')
    const again = mountWithApp(PersonNewPage, context)
    await settle()
    expect(valueOf(again, 'Nome')).toBe('Chiara')
    expect(valueOf(again, 'Cognome')).toBe('Brambilla')
    await button(again, 'Scarta la bozza').trigger('click')
    await settle()
    expect(valueOf(again, 'Nome')).toBe('')
    expect(drafts()).toEqual([])
    confirm.mockClear()
    await context.router.push('/cases')
    expect(confirm).not.toHaveBeenCalled()
  })
})
