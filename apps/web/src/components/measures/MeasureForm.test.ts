import type { VueWrapper } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { button, byLabel, CASE_ID, errorOf, mountTab, page, pathOf, plain } from '../../../test/case-records'
import { drafts, draftNotice, leavingAsks } from '../../../test/drafts'
import { json, problem, settle, type FetchCall } from '../../../test/helpers'
import { internshipOf } from '../../../test/measures-fixtures'
import { COMPANY_ID, companyOf, companySummaryOf } from '../../../test/mediation-fixtures'
import CaseMeasuresTab from './CaseMeasuresTab.vue'

const VIOLATIONS_422 = {
  code: 'rule-violated',
  detail: 'Il tirocinio non rispetta le regole regionali: correggi i valori indicati (o un coordinatore registri una deroga motivata).',
  violations: [
    { rule: 'internship_interns_per_host', value: 7, limit: 6, detail: "Con 62 dipendenti l'azienda può ospitare 6 tirocinanti alla volta; nel periodo ne ha già 6." },
    { rule: 'internship_interns_per_tutor', value: 4, limit: 3, detail: 'Un tutor aziendale segue al massimo 3 tirocinanti alla volta; nel periodo ne segue già 3.' },
  ],
}

/** The API of the tab: the case's measures, the book of companies, and what `onPost` answers to the creation. */
function api(onPost: (call: FetchCall) => Response) {
  return (call: FetchCall) => {
    const path = pathOf(call)
    if (path === `/cases/${CASE_ID}/measures` && call.method === 'POST') return onPost(call)
    if (path === `/cases/${CASE_ID}/measures`) return json(200, page([]))
    if (path === '/companies') return json(200, page([companySummaryOf()]))
    if (path === `/companies/${COMPANY_ID}`) return json(200, companyOf())
    return json(200, page([]))
  }
}

/** Opens the form of an orientation internship and fills it in, with the allowance given. */
async function fillInternship(wrapper: VueWrapper, allowance: string) {
  await button(wrapper, 'Avvia un percorso').trigger('click')
  await settle()
  expect(document.activeElement?.id).toBe('case-measure-create-heading')
  await byLabel(wrapper, 'Tipo di percorso').setValue('internship_orientation')
  await settle()
  await byLabel(wrapper, 'Data di inizio').setValue('2026-10-01')
  await byLabel(wrapper, 'Fine prevista').setValue('2027-01-31')
  await byLabel(wrapper, "Cerca l'azienda per nome").setValue('lario')
  await button(wrapper, 'Cerca').trigger('click')
  await settle(10)
  expect(wrapper.text()).toContain('Una azienda trovata.')
  await byLabel(wrapper, 'Azienda ospitante').setValue(COMPANY_ID)
  await settle(10)
  // The only site is chosen; its region (Lombardy) selects the rule set.
  expect((byLabel(wrapper, 'Sede').element as HTMLSelectElement).value).toBe('site-1')
  expect(wrapper.text()).toContain('Regole applicate: Regione Lombardia')
  await byLabel(wrapper, 'Tutor aziendale').setValue('contact-1')
  await byLabel(wrapper, 'Profilo professionale').setValue('Addetto al magazzino')
  await byLabel(wrapper, 'Livello EQF').setValue('3')
  await byLabel(wrapper, 'Destinatario').setValue('unemployed')
  await byLabel(wrapper, 'Ore al giorno').setValue('6')
  await byLabel(wrapper, 'Ore a settimana').setValue('30')
  await byLabel(wrapper, 'Indennità mensile lorda (euro)').setValue(allowance)
  await settle()
}

const submit = async (wrapper: VueWrapper) => {
  await wrapper.get('.ponte-panel form').trigger('submit')
  await settle(10)
}

describe('the measure form of the "Percorsi" tab', () => {
  it('checks the regional rules before saving: the allowance below the minimum is shown next to its field and nothing is sent until it is fixed', async () => {
    const { wrapper, calls } = await mountTab(CaseMeasuresTab, {}, api(() => json(201, internshipOf({ status: 'draft' }))))
    await fillInternship(wrapper, '300')
    expect(wrapper.text()).toContain('Minimo per questo tirocinio: 500,00 €.'.replace(' €', '\u00a0€'))
    await submit(wrapper)
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0)
    expect(plain(errorOf(wrapper, 'Indennità mensile lorda (euro)') ?? '')).toBe('Indennità sotto il minimo: 300,00 € al mese, minimo 500,00 €')
    const alert = wrapper.get('.ponte-form-alert')
    expect(alert.text()).toContain('Il tirocinio non rispetta le regole regionali:')
    expect(alert.findAll('a').map((a) => a.attributes('href'))).toEqual(['#case-measure-internship-monthlyAllowanceCents'])
    expect(document.activeElement).toBe(alert.element)

    // Fixing it clears the violation as the operator types; the body then goes out in integer cents.
    await byLabel(wrapper, 'Indennità mensile lorda (euro)').setValue('500,00')
    await settle()
    expect(errorOf(wrapper, 'Indennità mensile lorda (euro)')).toBeNull()
    await submit(wrapper)
    const post = calls.find((c) => c.method === 'POST')!
    expect(post.headers['idempotency-key']).toBeDefined()
    expect(post.body).toEqual({
      kind: 'internship_orientation',
      startDate: '2026-10-01',
      plannedEndDate: '2027-01-31',
      internship: {
        hostCompanyId: COMPANY_ID,
        hostSiteId: 'site-1',
        hostTutorId: 'contact-1',
        atecoCode: null,
        profileCode: null,
        profileTitle: 'Addetto al magazzino',
        eqfLevel: 3,
        dailyHours: 6,
        weeklyHours: 30,
        monthlyAllowanceCents: 50000,
        mealVouchers: false,
        targetGroup: 'unemployed',
        trainingObjectives: null,
        inailPolicy: null,
        liabilityPolicy: null,
        mandatoryCommunicationRef: null,
      },
    })
    expect(wrapper.text()).toContain('Percorso creato: Tirocinio di formazione e orientamento.')
  })

  it("shows every violation of the API's 422 next to the fields it concerns, and keeps the draft's Idempotency-Key for the retry", async () => {
    const { wrapper, calls } = await mountTab(CaseMeasuresTab, {}, api(() => problem(422, VIOLATIONS_422)))
    await fillInternship(wrapper, '500')
    await submit(wrapper)
    expect(errorOf(wrapper, 'Azienda ospitante')).toBe("Troppi tirocinanti per l'azienda: sarebbero 7, il limite è 6")
    expect(errorOf(wrapper, 'Tutor aziendale')).toBe('Troppi tirocinanti per il tutor aziendale: sarebbero 4, il limite è 3')
    const links = wrapper.get('.ponte-form-alert').findAll('a')
    expect(links.map((a) => a.attributes('href'))).toEqual(['#case-measure-internship-hostCompanyId', '#case-measure-internship-hostTutorId'])
    // A case manager cannot override the rules.
    expect(wrapper.text()).not.toContain('Deroga del coordinatore')

    // Choosing another tutor takes that violation off its field.
    await byLabel(wrapper, 'Tutor aziendale').setValue('')
    await settle()
    expect(errorOf(wrapper, 'Tutor aziendale')).toBeNull()
    await submit(wrapper)
    const posts = calls.filter((c) => c.method === 'POST')
    expect(posts).toHaveLength(2)
    expect(posts[0]!.headers['idempotency-key']).toBe(posts[1]!.headers['idempotency-key'])
  })

  it("lets a coordinator save despite the rules with a justification, sent as the override", async () => {
    let answered = 0
    const { wrapper, calls } = await mountTab(
      CaseMeasuresTab,
      { access: 'coordinator' },
      api((call) => {
        answered += 1
        return (call.body as { ruleOverride?: unknown }).ruleOverride ? json(201, internshipOf({ status: 'draft' })) : problem(422, VIOLATIONS_422)
      }),
      ['coordinator'],
    )
    await fillInternship(wrapper, '500')
    await submit(wrapper)
    expect(answered).toBe(1)
    expect(wrapper.text()).toContain('Deroga del coordinatore')
    await byLabel(wrapper, 'Motivazione della deroga').setValue('Azienda con tutor dedicato, accordo con il Centro per l\'impiego')
    await settle()
    await button(wrapper, 'Salva con deroga motivata').trigger('click')
    await settle(10)
    const last = calls.filter((c) => c.method === 'POST').at(-1)!
    expect((last.body as { ruleOverride: unknown }).ruleOverride).toEqual({ justification: "Azienda con tutor dedicato, accordo con il Centro per l'impiego" })
    expect(wrapper.text()).toContain('Percorso creato')
  })

  it('creates a job placement with its contract, the fixed-term months checked before sending', async () => {
    const { wrapper, calls } = await mountTab(CaseMeasuresTab, {}, api(() => json(201, internshipOf())))
    await button(wrapper, 'Avvia un percorso').trigger('click')
    await settle()
    await byLabel(wrapper, 'Tipo di percorso').setValue('job_placement')
    await settle()
    await byLabel(wrapper, 'Data di inizio').setValue('2026-11-02')
    await byLabel(wrapper, "Cerca l'azienda per nome").setValue('lario')
    await button(wrapper, 'Cerca').trigger('click')
    await settle(10)
    await byLabel(wrapper, 'Azienda').setValue(COMPANY_ID)
    await byLabel(wrapper, 'Tipo di contratto').setValue('fixed_term')
    await settle()
    await submit(wrapper)
    expect(errorOf(wrapper, 'Durata in mesi')).toBe('Scrivi un numero di mesi intero.')
    await byLabel(wrapper, 'Durata in mesi').setValue('12')
    await byLabel(wrapper, 'Assunzione nella quota L. 68/1999').setValue(true)
    await submit(wrapper)
    const post = calls.find((c) => c.method === 'POST')!
    expect(post.body).toEqual({
      kind: 'job_placement',
      startDate: '2026-11-02',
      jobPlacement: { employerId: COMPANY_ID, employerSiteId: null, jobTitle: null, profileCode: null, contractType: 'fixed_term', fixedTermMonths: 12, partTimeWeeklyHours: null, l68Quota: true, article14Convention: false },
    })
  })
})

describe('the new measure keeps its draft', () => {
  const valueOf = (wrapper: VueWrapper, label: string) => (byLabel(wrapper, label).element as HTMLInputElement).value

  it('across a change of tab or page, asking before leaving; back with the notice, host company and site as typed; saved or cancelled, it is gone', async () => {
    const tabApi = api(() => json(201, internshipOf({ status: 'draft' })))
    const first = await mountTab(CaseMeasuresTab, {}, tabApi)
    await fillInternship(first.wrapper, '600')
    expect(drafts()).toHaveLength(1)
    expect(await leavingAsks(first.router)).toBe(true)
    first.wrapper.unmount()

    // Back on the tab: the form of the same kind is open again with what was typed, and says so.
    const again = await mountTab(CaseMeasuresTab, {}, tabApi)
    await settle(10)
    expect(valueOf(again.wrapper, 'Tipo di percorso')).toBe('internship_orientation')
    expect(valueOf(again.wrapper, 'Data di inizio')).toBe('2026-10-01')
    expect(valueOf(again.wrapper, 'Indennità mensile lorda (euro)')).toBe('600')
    expect(valueOf(again.wrapper, 'Azienda ospitante')).toBe(COMPANY_ID)
    expect(byLabel(again.wrapper, 'Azienda ospitante').text()).toContain('Officine Lario')
    expect(valueOf(again.wrapper, 'Sede')).toBe('site-1')
    expect(valueOf(again.wrapper, 'Tutor aziendale')).toBe('contact-1')
    expect(draftNotice(again.wrapper)).toContain('Bozza non salvata ripristinata')
    await submit(again.wrapper)
    expect(again.calls.find((c) => c.method === 'POST')!.body).toMatchObject({ kind: 'internship_orientation', internship: { hostCompanyId: COMPANY_ID, hostSiteId: 'site-1', monthlyAllowanceCents: 60000 } })
    expect(drafts()).toEqual([])
    expect(await leavingAsks(again.router)).toBe(false)

    // A cancel forgets it.
    await fillInternship(again.wrapper, '700')
    expect(drafts()).toHaveLength(1)
    await button(again.wrapper, 'Annulla').trigger('click')
    await settle()
    expect(drafts()).toEqual([])
    again.wrapper.unmount()
    const third = await mountTab(CaseMeasuresTab, {}, tabApi)
    expect(third.wrapper.find('.ponte-panel').exists()).toBe(false)
  })
})
