import type { Role } from '@ponte/shared'
import { describe, expect, it } from 'vitest'
import { MUNICIPALITY } from '../../test/case-fixtures'
import { button, byLabel, errorOf, hasButton, page } from '../../test/case-records'
import { drafts, draftNotice, leavingAsks } from '../../test/drafts'
import { createAppContext, json, me, membership, mountWithApp, problem, session, settle, stubFetch, type FetchCall } from '../../test/helpers'
import { assignmentOf, PROJECT_ID, projectOf, SITE_ID } from '../../test/puc-fixtures'
import PucProjectPage from './PucProjectPage.vue'

async function open(roles: Role[], api: (call: FetchCall) => Response | undefined) {
  const { calls } = stubFetch((call) => {
    if (call.url.endsWith('/auth/refresh')) return json(200, session(me([membership('Comune di Valmadrera', roles, MUNICIPALITY.id)])))
    return api(call) ?? json(404, {})
  })
  const context = createAppContext()
  await context.router.push(`/puc/projects/${PROJECT_ID}`)
  await context.router.isReady()
  const wrapper = mountWithApp(PucProjectPage, context, { props: { projectId: PROJECT_ID } })
  await settle(10)
  return { wrapper, calls, router: context.router }
}

const path = (call: FetchCall) => new URL(call.url, 'http://x').pathname.replace(/^\/api\/v1/, '')
const managerApi = (extra: (call: FetchCall) => Response | undefined = () => undefined) => (call: FetchCall) => {
  const answered = extra(call)
  if (answered) return answered
  if (path(call) === `/puc-projects/${PROJECT_ID}` && call.method === 'GET') return json(200, projectOf())
  if (path(call) === `/puc-projects/${PROJECT_ID}/assignments` && call.method === 'GET') return json(200, page([assignmentOf(), assignmentOf({ id: 'a2', caseId: null, person: { givenName: 'Paola', familyName: 'Negri' }, status: 'proposed', allowedTransitions: ['active', 'to_assign', 'withdrawn'], permissions: ['update'] })]))
  if (path(call) === '/organisations') return json(200, page([{ id: MUNICIPALITY.id, name: MUNICIPALITY.name, isActive: true }]))
  return undefined
}

describe('PucProjectPage', () => {
  it('shows the project, its seats with what is free, its sites and its assignments', async () => {
    const { wrapper } = await open(['puc_manager'], managerApi())
    expect(wrapper.get('h1').text()).toBe('Valmadrera più verde')
    expect(wrapper.text()).toContain('Lunedì 08:00–12:00')
    const seats = wrapper.findAll('.ponte-puc-seats tbody tr').map((r) => r.text())
    expect(seats[0]).toContain('Beneficiari in carico al Comune')
    expect(seats[0]).toContain('(esauriti)')
    expect(seats[1]).toMatch(/2\s*1\s*1/)
    expect(wrapper.text()).toContain('Angelo Butti')
    const cards = wrapper.findAll('article[aria-labelledby^="puc-assignment-title"]')
    expect(cards.map((c) => c.get('h3').text())).toEqual(['Giuseppe Fumagalli', 'Paola Negri'])
    // The case opens from the assignment for who sees it; the second person's case is not readable.
    expect(cards[0]!.get('h3 a').attributes('href')).toContain('/cases/')
    expect(cards[1]!.find('h3 a').exists()).toBe(false)
    expect(cards[0]!.text()).toContain('20 giorni, 80 ore')
    expect(hasButton(wrapper, 'Scarica il registro (PDF)')).toBe(true)
  })

  it('assigns a person found by name, sending the draft once with its Idempotency-Key', async () => {
    const { wrapper, calls } = await open(
      ['puc_manager'],
      managerApi((call) => {
        if (path(call) === '/puc/candidates') return json(200, { items: [{ caseId: 'c9', person: { givenName: 'Roberta', familyName: 'Spreafico' }, birthYear: 1979, sex: 'F', municipality: MUNICIPALITY, liveAssignments: 0 }], nextCursor: null })
        if (path(call) === `/puc-projects/${PROJECT_ID}/assignments` && call.method === 'POST') return json(201, assignmentOf({ id: 'new', person: { givenName: 'Roberta', familyName: 'Spreafico' }, status: 'to_assign' }))
        return undefined
      }),
    )
    await button(wrapper, 'Assegna una persona').trigger('click')
    await settle()
    expect(document.activeElement?.textContent).toBe('Assegna una persona al progetto')
    // Nothing chosen: the form says what is missing and sends nothing.
    await wrapper.get('form.ponte-form').trigger('submit')
    await settle()
    expect(wrapper.text()).toContain('Cerca e scegli la persona da assegnare.')
    expect(errorOf(wrapper, 'Categoria del posto')).toBe('Questo campo è obbligatorio.')

    await byLabel(wrapper, 'Cerca la persona per nome').setValue('Spre')
    await button(wrapper, 'Cerca').trigger('click')
    await settle(10)
    expect(calls.find((c) => path(c) === '/puc/candidates')!.url).toContain('q=Spre')
    // "nata" for a woman, as recorded.
    expect(wrapper.text()).toContain('Roberta Spreafico (nata nel 1979)')
    await wrapper.get('input[type=radio][value=c9]').setValue(true)
    await byLabel(wrapper, 'Categoria del posto').setValue('employment_centre_beneficiaries')
    await byLabel(wrapper, 'Ore settimanali').setValue('17')
    await wrapper.get('form.ponte-form').trigger('submit')
    await settle()
    expect(errorOf(wrapper, 'Ore settimanali')).toBe('Le ore settimanali vanno da 8 a 16.')
    await byLabel(wrapper, 'Ore settimanali').setValue('12')
    await byLabel(wrapper, 'Inizio').setValue('2026-10-05')
    await byLabel(wrapper, 'Fine prevista').setValue('2027-02-28')
    await wrapper.get('form.ponte-form').trigger('submit')
    await settle(10)
    const post = calls.find((c) => c.method === 'POST' && path(c).endsWith('/assignments'))!
    expect(post.body).toEqual({ caseId: 'c9', siteId: SITE_ID, category: 'employment_centre_beneficiaries', weeklyHours: 12, startDate: '2026-10-05', endDate: '2027-02-28' })
    expect(post.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/)
    expect(wrapper.text()).toContain('Roberta Spreafico è stata assegnata al progetto (da assegnare).')
  })

  it('shows the seats-full conflict the API answers, and withdraws an assignment with its reason and If-Match', async () => {
    const { wrapper, calls } = await open(
      ['puc_manager'],
      managerApi((call) => {
        if (path(call) === '/puc-assignments/a2/transitions') return json(200, assignmentOf({ id: 'a2', person: { givenName: 'Paola', familyName: 'Negri' }, status: 'withdrawn', statusReason: 'Trasferita' }))
        return undefined
      }),
    )
    await button(wrapper, /^Cambia stato: Paola Negri$/).trigger('click')
    await settle()
    await wrapper.get('input[type=radio][value=withdrawn]').setValue(true)
    await wrapper.findAll('form.ponte-form').at(-1)!.trigger('submit')
    await settle()
    expect(errorOf(wrapper, 'Motivo')).toBe('Scrivi il motivo.')
    await byLabel(wrapper, 'Motivo').setValue('Trasferita')
    await wrapper.findAll('form.ponte-form').at(-1)!.trigger('submit')
    await settle(10)
    const post = calls.find((c) => path(c) === '/puc-assignments/a2/transitions')!
    expect(post.body).toEqual({ to: 'withdrawn', reason: 'Trasferita' })
    expect(post.headers['if-match']).toBe('"1"')
    expect(wrapper.text()).toContain('Assegnazione di Paola Negri: Ritirato.')
  })

  it('reports a seat taken meanwhile (409) in the assignment form', async () => {
    const { wrapper } = await open(
      ['puc_manager'],
      managerApi((call) => {
        if (path(call) === '/puc/candidates') return json(200, { items: [{ caseId: 'c9', person: { givenName: 'Roberta', familyName: 'Spreafico' }, birthYear: 1979, sex: 'F', municipality: MUNICIPALITY, liveAssignments: 1 }], nextCursor: null })
        if (call.method === 'POST') return problem(409, { code: 'seats-full', detail: 'Non ci sono posti liberi nella categoria.' })
        return undefined
      }),
    )
    await button(wrapper, 'Assegna una persona').trigger('click')
    await byLabel(wrapper, 'Cerca la persona per nome').setValue('Spre')
    await button(wrapper, 'Cerca').trigger('click')
    await settle(10)
    expect(wrapper.text()).toContain('Ha già un\'assegnazione PUC in corso')
    await wrapper.get('input[type=radio][value=c9]').setValue(true)
    await byLabel(wrapper, 'Categoria del posto').setValue('employment_centre_beneficiaries')
    await byLabel(wrapper, 'Ore settimanali').setValue('8')
    await wrapper.get('form.ponte-form').trigger('submit')
    await settle(10)
    expect(wrapper.get('[role=alert]').text()).toContain('Non ci sono posti liberi nella categoria.')
  })

  it('gives the implementing organisation\'s operator the attendance, not the management', async () => {
    const { wrapper } = await open(['operator'], (call) => {
      if (path(call) === `/puc-projects/${PROJECT_ID}`) return json(200, projectOf({ permissions: ['recordAttendance', 'downloadRegister'] }))
      if (path(call) === `/puc-projects/${PROJECT_ID}/assignments`) return json(200, page([assignmentOf({ caseId: null, allowedTransitions: [], permissions: ['recordAttendance'] })]))
      return undefined
    })
    expect(hasButton(wrapper, 'Modifica il progetto')).toBe(false)
    expect(hasButton(wrapper, 'Assegna una persona')).toBe(false)
    expect(hasButton(wrapper, /Cambia stato/)).toBe(false)
    expect(wrapper.find('article h3 a').exists()).toBe(false)
    expect(wrapper.findAll('a').map((a) => a.text())).toContain('Presenze settimanali')
  })
})

describe("the PUC project page's forms keep their drafts", () => {
  const valueOf = (wrapper: Awaited<ReturnType<typeof open>>['wrapper'], label: string) => (byLabel(wrapper, label).element as HTMLInputElement).value

  it('a new site: asks before leaving, comes back with the notice, forgotten once added', async () => {
    const api = managerApi((call) => (call.method === 'POST' && path(call) === `/puc-projects/${PROJECT_ID}/sites` ? json(201, { ...projectOf().sites[0]!, id: 'site-2', name: 'Biblioteca civica' }) : undefined))
    const first = await open(['puc_manager'], api)
    await button(first.wrapper, 'Aggiungi la postazione').trigger('click')
    await settle()
    await byLabel(first.wrapper, 'Nome della postazione').setValue('Biblioteca civica')
    await byLabel(first.wrapper, 'Indirizzo').setValue('Piazza Roma 1')
    await settle()
    expect(drafts()).toHaveLength(1)
    expect(await leavingAsks(first.router)).toBe(true)
    first.wrapper.unmount()

    const again = await open(['puc_manager'], api)
    await settle(10)
    expect(valueOf(again.wrapper, 'Nome della postazione')).toBe('Biblioteca civica')
    expect(valueOf(again.wrapper, 'Indirizzo')).toBe('Piazza Roma 1')
    expect(draftNotice(again.wrapper)).toContain('Bozza non salvata ripristinata')
    await byLabel(again.wrapper, 'Responsabile della postazione').setValue('Angelo Butti')
    await again.wrapper.get('.ponte-panel form').trigger('submit')
    await settle(10)
    expect(again.calls.find((c) => c.method === 'POST' && path(c).endsWith('/sites'))!.body).toMatchObject({ name: 'Biblioteca civica', address: 'Piazza Roma 1', supervisorName: 'Angelo Butti' })
    expect(drafts()).toEqual([])
    expect(await leavingAsks(again.router)).toBe(false)
  })

  it("an assignment's change of status: comes back after a change of page with the notice; a cancel forgets it", async () => {
    const first = await open(['puc_manager'], managerApi())
    await button(first.wrapper, /^Cambia stato: Paola Negri$/).trigger('click')
    await settle()
    await first.wrapper.get('input[type=radio][value=withdrawn]').setValue(true)
    await settle()
    await byLabel(first.wrapper, 'Motivo').setValue('Trasferita')
    await settle()
    expect(drafts()).toHaveLength(1)
    first.wrapper.unmount()

    const again = await open(['puc_manager'], managerApi())
    await settle(10)
    expect((again.wrapper.get('input[type=radio][value=withdrawn]').element as HTMLInputElement).checked).toBe(true)
    expect(valueOf(again.wrapper, 'Motivo')).toBe('Trasferita')
    expect(draftNotice(again.wrapper)).toContain('Bozza non salvata ripristinata')
    await button(again.wrapper, 'Annulla').trigger('click')
    await settle()
    expect(drafts()).toEqual([])
    expect(again.wrapper.find('.ponte-draft-notice').exists()).toBe(false)
  })
})
