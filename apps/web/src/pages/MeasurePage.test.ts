import type { Measure, Role } from '@ponte/shared'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { MUNICIPALITY } from '../../test/case-fixtures'
import { button, byLabel, plain } from '../../test/case-records'
import { drafts, draftNotice, leavingAsks } from '../../test/drafts'
import { createAppContext, json, me, membership, mountWithApp, problem, session, settle, stubFetch, type FetchCall } from '../../test/helpers'
import { attendanceMonthOf, attendanceOf, internshipOf, MEASURE_ID } from '../../test/measures-fixtures'
import { COMPANY_ID, companyOf } from '../../test/mediation-fixtures'
import MeasurePage from './MeasurePage.vue'

const path = (call: FetchCall) => new URL(call.url, 'http://x').pathname.replace(/^\/api\/v1/, '')

async function open(api: (call: FetchCall) => Response | undefined, roles: Role[] = ['case_manager']) {
  const { calls } = stubFetch((call) => {
    if (call.url.endsWith('/auth/refresh')) return json(200, session(me([membership('Comune di Valmadrera', roles, MUNICIPALITY.id)])))
    return api(call) ?? json(404, {})
  })
  const context = createAppContext()
  await context.router.push(`/measures/${MEASURE_ID}`)
  await context.router.isReady()
  const wrapper = mountWithApp(MeasurePage, context, { props: { measureId: MEASURE_ID } })
  await settle(10)
  return { wrapper, calls, router: context.router }
}

/** The API of an active internship with September recorded (version 3) and October expected. */
const internshipApi = (extra: (call: FetchCall) => Response | undefined = () => undefined, measure: Measure = internshipOf()) => (call: FetchCall) => {
  const answered = extra(call)
  if (answered) return answered
  if (path(call) === `/measures/${MEASURE_ID}` && call.method === 'GET') return json(200, measure)
  if (path(call) === `/measures/${MEASURE_ID}/attendance` && call.method === 'GET') return json(200, attendanceOf([attendanceMonthOf({ version: 3 })], ['2026-09', '2026-10']))
  return undefined
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('the page of a measure', () => {
  it('shows the internship, its rule override with the justification and the rules broken, and its status history', async () => {
    const measure = internshipOf({
      ruleOverride: {
        justification: 'Tutor dedicato e affiancamento del Centro per l\'impiego.',
        by: { id: 'u-2', name: 'Giulia Neri' },
        at: '2026-08-25T10:00:00.000Z',
        violations: [{ rule: 'internship_interns_per_host', value: 7, limit: 6, detail: "Con 62 dipendenti l'azienda può ospitare 6 tirocinanti alla volta; nel periodo ne ha già 6." }],
      },
    })
    const { wrapper } = await open(internshipApi(undefined, measure))
    expect(wrapper.get('h1').text()).toBe('Tirocinio di formazione e orientamento: Luca Bianchi')
    const text = plain(wrapper.text())
    expect(text).toContain('Officine Lario S.p.A.')
    expect(text).toContain('500,00 €')
    expect(text).toContain('Regione Lombardia')
    expect(wrapper.get('#measure-override-heading').text()).toBe('Deroga alle regole regionali')
    expect(text).toContain("Tutor dedicato e affiancamento del Centro per l'impiego.")
    expect(text).toContain('Registrata da Giulia Neri')
    expect(text).toContain("Con 62 dipendenti l'azienda può ospitare 6 tirocinanti alla volta")
    expect(wrapper.get('#measure-history-heading').text()).toBe('Cronologia dello stato')
  })

  it('saves a recorded month with If-Match and a new one without, then announces it; a 412 offers to reload', async () => {
    let stale = true
    const { wrapper, calls } = await open(
      internshipApi((call) => {
        if (call.method === 'PUT' && path(call) === `/measures/${MEASURE_ID}/attendance/2026-09`) {
          if (stale) return problem(412, { code: 'stale', detail: 'Versione superata.' })
          return json(200, { month: attendanceMonthOf({ attendedHours: 110, version: 4 }), totals: attendanceOf([], []).totals })
        }
        if (call.method === 'PUT' && path(call) === `/measures/${MEASURE_ID}/attendance/2026-10`) return json(200, { month: attendanceMonthOf({ month: '2026-10', version: 1 }), totals: attendanceOf([], []).totals })
        return undefined
      }),
      ['operator'],
    )
    await wrapper.get('#attendance-2026-09-attended').setValue('110')
    await wrapper.get('#attendance-2026-10-planned').setValue('100')
    await wrapper.get('#attendance-2026-10-attended').setValue('90')
    await button(wrapper, 'Salva le presenze').trigger('click')
    await settle(10)
    const first = calls.filter((c) => c.method === 'PUT')
    expect(first).toHaveLength(1)
    expect(first[0]!.headers['if-match']).toBe('"3"')
    expect(wrapper.get('.ponte-form-alert').text()).toContain('Qualcun altro ha modificato questi dati')
    const reads = calls.filter((c) => path(c) === `/measures/${MEASURE_ID}/attendance`).length
    await button(wrapper, 'Ricarica i dati aggiornati').trigger('click')
    await settle(10)
    expect(calls.filter((c) => path(c) === `/measures/${MEASURE_ID}/attendance`).length).toBe(reads + 1)

    stale = false
    await wrapper.get('#attendance-2026-09-attended').setValue('110')
    await wrapper.get('#attendance-2026-10-planned').setValue('100')
    await wrapper.get('#attendance-2026-10-attended').setValue('90')
    await button(wrapper, 'Salva le presenze').trigger('click')
    await settle(10)
    const puts = calls.filter((c) => c.method === 'PUT').slice(1)
    expect(puts.map((c) => [path(c), c.headers['if-match'], c.body])).toEqual([
      [`/measures/${MEASURE_ID}/attendance/2026-09`, '"3"', { plannedHours: 120, attendedHours: 110 }],
      [`/measures/${MEASURE_ID}/attendance/2026-10`, undefined, { plannedHours: 100, attendedHours: 90 }],
    ])
    expect(wrapper.text()).toContain('Presenze salvate: settembre 2026, ottobre 2026.')
  })

  it('downloads the PFI and the attendance sheet of a month, under the names the API gives', async () => {
    const created = vi.fn(() => 'blob:x')
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() }))
    const clicks: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this.download)
    })
    const file = (name: string, type: string) => new Response(new Blob(['%PDF-1.7'], { type }), { status: 200, headers: { 'content-type': type, 'content-disposition': `attachment; filename="${name}"` } })
    const { wrapper, calls } = await open(
      internshipApi((call) => {
        if (path(call) === `/measures/${MEASURE_ID}/training-project.pdf`) return file('progetto-formativo-bianchi.pdf', 'application/pdf')
        if (path(call) === `/measures/${MEASURE_ID}/attendance-sheet`) return file('presenze-2026-09.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        return undefined
      }),
      ['operator'],
    )
    await button(wrapper, 'Scarica il Progetto Formativo Individuale (PDF)').trigger('click')
    await settle(10)
    expect(clicks).toEqual(['progetto-formativo-bianchi.pdf'])
    expect(wrapper.get('[role=status]:not(.ponte-check-hint)').text()).toBe('Scaricato: progetto-formativo-bianchi.pdf.')

    await byLabel(wrapper, 'Mese del foglio presenze').setValue('2026-09')
    await button(wrapper, 'Foglio presenze (Excel)').trigger('click')
    await settle(10)
    const sheet = calls.find((c) => path(c) === `/measures/${MEASURE_ID}/attendance-sheet`)!
    expect(new URL(sheet.url, 'http://x').search).toBe('?month=2026-09&format=xlsx')
    expect(clicks).toEqual(['progetto-formativo-bianchi.pdf', 'presenze-2026-09.xlsx'])
  })

  it('edits the data sending only what changed with If-Match; a 412 offers the fresh copy', async () => {
    let stale = true
    const { wrapper, calls } = await open(
      internshipApi((call) => {
        if (path(call) === `/companies/${COMPANY_ID}`) return json(200, companyOf())
        if (call.method === 'PATCH' && path(call) === `/measures/${MEASURE_ID}`) {
          if (stale) return problem(412, { code: 'stale', detail: 'Versione superata.' })
          return json(200, internshipOf({ version: 3 }, { monthlyAllowanceCents: 55000 }))
        }
        return undefined
      }),
      ['operator'],
    )
    await button(wrapper, 'Modifica i dati').trigger('click')
    await settle(10)
    expect(document.activeElement?.id).toBe('measure-panel-heading')
    await byLabel(wrapper, 'Indennità mensile lorda (euro)').setValue('550')
    await button(wrapper, 'Salva le modifiche').trigger('click')
    await settle(10)
    const patch = calls.find((c) => c.method === 'PATCH')!
    expect(patch.headers['if-match']).toBe('"1"')
    expect(patch.headers['content-type']).toBe('application/merge-patch+json')
    expect(patch.body).toEqual({ internship: { monthlyAllowanceCents: 55000 } })
    expect(wrapper.get('.ponte-form-alert').text()).toContain('Qualcun altro ha modificato questi dati')
    const reads = calls.filter((c) => c.method === 'GET' && path(c) === `/measures/${MEASURE_ID}`).length
    await button(wrapper, 'Ricarica i dati aggiornati').trigger('click')
    await settle(10)
    expect(calls.filter((c) => c.method === 'GET' && path(c) === `/measures/${MEASURE_ID}`).length).toBe(reads + 1)

    stale = false
    await byLabel(wrapper, 'Indennità mensile lorda (euro)').setValue('550')
    await button(wrapper, 'Salva le modifiche').trigger('click')
    await settle(10)
    expect(wrapper.text()).toContain('Dati del percorso salvati.')
    expect(plain(wrapper.text())).toContain('550,00 €')
  })

  it('completes an internship with its outcome, sending If-Match and an Idempotency-Key', async () => {
    const { wrapper, calls } = await open(
      internshipApi((call) => {
        if (call.method === 'POST' && path(call) === `/measures/${MEASURE_ID}/transitions`) return json(200, internshipOf({ status: 'completed', allowedTransitions: [], version: 2 }))
        return undefined
      }),
      ['operator'],
    )
    await button(wrapper, 'Cambia lo stato').trigger('click')
    await settle()
    expect(document.activeElement?.id).toBe('measure-panel-heading')
    await wrapper.get('input[type=radio][value=completed]').setValue(true)
    await settle()
    await button(wrapper, 'Conferma il cambio di stato').trigger('click')
    await settle()
    expect(wrapper.text()).toContain('Esito del tirocinio')
    expect(calls.filter((c) => path(c).endsWith('/transitions'))).toHaveLength(0)
    await byLabel(wrapper, 'Esito del tirocinio').setValue('hired_by_host')
    await settle()
    await byLabel(wrapper, 'Contratto di assunzione').setValue('apprenticeship')
    await byLabel(wrapper, 'Data di fine').setValue('2027-02-26')
    await button(wrapper, 'Conferma il cambio di stato').trigger('click')
    await settle(10)
    const post = calls.find((c) => path(c).endsWith('/transitions'))!
    expect(post.headers['if-match']).toBe('"1"')
    expect(post.headers['idempotency-key']).toBeDefined()
    expect(post.body).toEqual({ to: 'completed', endDate: '2027-02-26', outcome: 'hired_by_host', outcomeContractType: 'apprenticeship' })
    expect(wrapper.text()).toContain('Stato del percorso: Concluso.')
  })
})

describe('the forms of the measure page keep their drafts', () => {
  const valueOf = (wrapper: Awaited<ReturnType<typeof open>>['wrapper'], label: string) => (byLabel(wrapper, label).element as HTMLInputElement).value
  const api = internshipApi((call) => {
    if (path(call) === `/companies/${COMPANY_ID}`) return json(200, companyOf())
    if (call.method === 'PATCH') return json(200, internshipOf({ version: 2 }, { monthlyAllowanceCents: 55000 }))
    return undefined
  })

  it('the edit of the data: asks before leaving the page, comes back with the notice, is forgotten once saved', async () => {
    const first = await open(api, ['operator'])
    await button(first.wrapper, 'Modifica i dati').trigger('click')
    await settle(10)
    await byLabel(first.wrapper, 'Indennità mensile lorda (euro)').setValue('550')
    await settle()
    expect(drafts()).toHaveLength(1)
    expect(await leavingAsks(first.router)).toBe(true)
    first.wrapper.unmount()

    const again = await open(api, ['operator'])
    await settle(10)
    expect(valueOf(again.wrapper, 'Indennità mensile lorda (euro)')).toBe('550')
    expect(draftNotice(again.wrapper)).toContain('Bozza non salvata ripristinata')
    await button(again.wrapper, 'Salva le modifiche').trigger('click')
    await settle(10)
    expect(again.calls.find((c) => c.method === 'PATCH')!.body).toEqual({ internship: { monthlyAllowanceCents: 55000 } })
    expect(drafts()).toEqual([])
    expect(await leavingAsks(again.router)).toBe(false)
  })

  it('a follow-up: comes back after a change of page with the notice, is forgotten once recorded', async () => {
    const followUp = { id: 'fu-3', measureId: MEASURE_ID, monthsAfter: 3, dueOn: '2026-11-30', employmentStatus: null, contractType: null, note: null, recordedAt: null, recordedBy: null, version: 1 }
    const measure = internshipOf({ followUps: [followUp] })
    const followUpApi = internshipApi((call) => (call.method === 'POST' || call.method === 'PUT' || call.method === 'PATCH' ? json(200, { ...followUp, employmentStatus: 'in_training', version: 2 }) : undefined), measure)
    const first = await open(followUpApi, ['operator'])
    await button(first.wrapper, /^Registra: /).trigger('click')
    await settle()
    await byLabel(first.wrapper, 'Situazione lavorativa').setValue('in_training')
    await settle()
    expect(drafts()).toHaveLength(1)
    expect(await leavingAsks(first.router)).toBe(true)
    first.wrapper.unmount()

    const again = await open(followUpApi, ['operator'])
    await settle(10)
    expect(valueOf(again.wrapper, 'Situazione lavorativa')).toBe('in_training')
    expect(draftNotice(again.wrapper)).toContain('Bozza non salvata ripristinata')
    await again.wrapper.get('#measure-follow-ups-heading').element.parentElement!.querySelector('form')!.dispatchEvent(new Event('submit'))
    await settle(10)
    expect(again.calls.find((c) => c.method !== 'GET' && path(c).includes('follow-ups'))!.body).toMatchObject({ employmentStatus: 'in_training' })
    expect(drafts()).toEqual([])
  })

  it('the hours of the attendance grid: come back after a change of page with the notice, forgotten once saved', async () => {
    let saved = false
    const attendanceApi = internshipApi((call) => {
      if (call.method === 'PUT' && path(call) === `/measures/${MEASURE_ID}/attendance/2026-10`) {
        saved = true
        return json(200, { month: attendanceMonthOf({ month: '2026-10', plannedHours: 100, attendedHours: 90, version: 1 }), totals: attendanceOf([], []).totals })
      }
      if (saved && path(call) === `/measures/${MEASURE_ID}/attendance`)
        return json(200, attendanceOf([attendanceMonthOf({ version: 3 }), attendanceMonthOf({ month: '2026-10', plannedHours: 100, attendedHours: 90, version: 1 })], ['2026-09', '2026-10']))
      return undefined
    })
    const first = await open(attendanceApi, ['operator'])
    await first.wrapper.get('#attendance-2026-10-planned').setValue('100')
    await first.wrapper.get('#attendance-2026-10-attended').setValue('90')
    await settle()
    expect(drafts()).toHaveLength(1)
    expect(await leavingAsks(first.router)).toBe(true)
    first.wrapper.unmount()

    const again = await open(attendanceApi, ['operator'])
    await settle(10)
    expect((again.wrapper.get('#attendance-2026-10-planned').element as HTMLInputElement).value).toBe('100')
    expect((again.wrapper.get('#attendance-2026-10-attended').element as HTMLInputElement).value).toBe('90')
    expect(draftNotice(again.wrapper)).toContain('Bozza non salvata ripristinata')
    await button(again.wrapper, 'Salva le presenze').trigger('click')
    await settle(10)
    expect(again.calls.filter((c) => c.method === 'PUT').map((c) => c.body)).toEqual([{ plannedHours: 100, attendedHours: 90 }])
    expect(drafts()).toEqual([])
    expect(await leavingAsks(again.router)).toBe(false)
  })

  it('the extension: comes back after a change of page, a cancel forgets it', async () => {
    const first = await open(api, ['operator'])
    await button(first.wrapper, 'Proroga il tirocinio').trigger('click')
    await settle()
    await byLabel(first.wrapper, 'Motivo della proroga').setValue('Recupero delle ore di malattia')
    await settle()
    expect(drafts()).toHaveLength(1)
    first.wrapper.unmount()

    const again = await open(api, ['operator'])
    await settle(10)
    expect(valueOf(again.wrapper, 'Motivo della proroga')).toBe('Recupero delle ore di malattia')
    expect(draftNotice(again.wrapper)).toContain('Bozza non salvata ripristinata')
    await button(again.wrapper, 'Annulla').trigger('click')
    await settle()
    expect(drafts()).toEqual([])
    expect(again.wrapper.find('#measure-panel-heading').exists()).toBe(false)
  })
})
