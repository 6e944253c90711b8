import { describe, expect, it } from 'vitest'
import { arrivalAt, createAppContext, json, me, membership, mountWithApp, session, settle, stubFetch, type FetchCall } from '../../test/helpers'
import { COMPANY_ID, companySummaryOf } from '../../test/mediation-fixtures'
import { followUpDueOf, summaryOf } from '../../test/measure-list-fixtures'
import { MEASURE_ID } from '../../test/measures-fixtures'
import MeasuresPage from './MeasuresPage.vue'

const pathOf = (call: FetchCall) => new URL(call.url, 'http://x').pathname

async function openPage(url: string, answer: (call: FetchCall) => Response | undefined = () => undefined) {
  const { calls } = stubFetch((call) => {
    if (call.url.endsWith('/auth/refresh')) return json(200, session(me([membership('Cooperativa Lavoro', ['operator'], 'org-coop')])))
    const special = answer(call)
    if (special) return special
    if (pathOf(call) === '/api/v1/companies') return json(200, { items: [companySummaryOf(), companySummaryOf({ id: 'c2', name: 'Panificio Fratelli Sala' })], nextCursor: null })
    if (pathOf(call) === '/api/v1/follow-ups/due') return json(200, { items: [followUpDueOf(), followUpDueOf({ followUp: { ...followUpDueOf().followUp, id: 'fu-2', monthsAfter: 1, dueOn: '2026-12-09' }, overdue: false })], nextCursor: null })
    return json(200, { items: [summaryOf(), summaryOf({ id: 'm2', kind: 'job_placement', status: 'active', person: { id: 'p2', givenName: 'Giuseppe', familyName: 'Fumagalli' }, host: { id: 'c3', name: 'Officine Lario S.p.A.' }, plannedEndDate: null, attendanceThisMonth: null, followUpsDue: 1, promoterTutor: null })], nextCursor: 'next' })
  })
  const context = createAppContext()
  await context.router.push(url)
  await context.router.isReady()
  const wrapper = mountWithApp(MeasuresPage, context)
  await settle(10)
  return { wrapper, calls, context }
}

const listCalls = (calls: FetchCall[]) => calls.filter((c) => pathOf(c) === '/api/v1/measures').map((c) => c.url)

describe('the work measures page', () => {
  it('lists the measures with their host, tutor, period, this month\'s attendance and follow-ups, each linking to its page, and pages on', async () => {
    const { wrapper, calls } = await openPage('/measures')
    expect(wrapper.get('h1').text()).toBe('Percorsi di lavoro')
    expect(listCalls(calls)).toEqual(['/api/v1/measures?limit=25'])
    const rows = wrapper.findAll('tbody tr')
    expect(rows).toHaveLength(2)
    expect(rows[0]!.get('th a').attributes('href')).toBe(`/measures/${MEASURE_ID}`)
    expect(rows[0]!.text()).toContain('Tirocinio di formazione e orientamento')
    expect(rows[0]!.text()).toContain('In corso')
    expect(rows[0]!.text()).toContain('Carpenteria Metallica Bonacina S.r.l.')
    expect(rows[0]!.text()).toContain('Sara Corti')
    expect(rows[0]!.text()).toContain('01/11/2026 – 30/04/2027')
    expect(rows[0]!.text()).toContain('Da registrare')
    expect(rows[1]!.text()).toContain('dal 01/11/2026')
    expect(rows[1]!.text()).toContain('Una da fare')
    expect(wrapper.get('[aria-current=page]').text()).toBe('Tutti')
    await wrapper.findAll('button').find((b) => b.text() === 'Carica altri')!.trigger('click')
    await settle(10)
    expect(listCalls(calls).at(-1)).toBe('/api/v1/measures?limit=25&cursor=next')
  })

  it('filters by kind, status, host company, promoter tutor and planned end', async () => {
    const { wrapper, calls } = await openPage('/measures')
    const check = async (label: string) => {
      const input = wrapper.findAll('input[type=checkbox]').find((i) => wrapper.get(`label[for="${i.attributes('id')}"]`).text() === label)!
      await input.setValue(true)
    }
    await check('Inserimento lavorativo')
    await check('Sospeso')
    const hosts = wrapper.get('#measures-filter-host').findAll('option').map((o) => o.text())
    expect(hosts).toEqual(['Tutte le aziende', 'Officine Lario S.p.A.', 'Panificio Fratelli Sala'])
    await wrapper.get('#measures-filter-host').setValue(COMPANY_ID)
    expect(wrapper.get('#measures-filter-tutor').findAll('option').map((o) => o.text())).toEqual(['Tutti i tutor', 'Io (Mario Rossi)', 'Sara Corti'])
    await wrapper.get('#measures-filter-tutor').setValue('user-1')
    await wrapper.get('#measures-filter-ending').setValue('2027-01-31')
    await wrapper.get('form[role=search]').trigger('submit')
    await settle(10)
    expect(listCalls(calls).at(-1)).toBe(`/api/v1/measures?kind=job_placement&status=suspended&hostCompanyId=${COMPANY_ID}&promoterTutorId=user-1&endingBefore=2027-01-31&limit=25`)
  })

  it('shows the measures ending soon and the internships whose attendance of this month is missing', async () => {
    const { wrapper, calls, context } = await openPage('/measures?view=ending')
    const ending = new URL(listCalls(calls).at(-1)!, 'http://x').searchParams
    expect(ending.getAll('status')).toEqual(['draft', 'proposed', 'agreement_signed', 'active', 'suspended'])
    expect(ending.get('endingBefore')).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(wrapper.find('form[role=search]').exists()).toBe(false)
    expect(wrapper.get('[aria-current=page]').text()).toBe('In scadenza')
    const arrived = arrivalAt(context.router, 'measures')
    await wrapper.findAll('nav a').find((a) => a.text() === 'Presenze da registrare')!.trigger('click')
    await arrived
    await settle(10)
    expect(listCalls(calls).at(-1)).toBe('/api/v1/measures?attendanceMissing=true&limit=25')
    expect(wrapper.get('[aria-current=page]').text()).toBe('Presenze da registrare')
  })

  it('lists the follow-ups due and overdue, overdue marked, each linking to its measure', async () => {
    const { wrapper, calls } = await openPage('/measures?view=followUps')
    expect(calls.find((c) => pathOf(c) === '/api/v1/follow-ups/due')!.url).toBe('/api/v1/follow-ups/due?withinDays=14&limit=50')
    expect(listCalls(calls)).toEqual([])
    const rows = wrapper.findAll('tbody tr')
    expect(rows).toHaveLength(2)
    expect(rows[0]!.get('th a').attributes('href')).toBe(`/measures/${MEASURE_ID}`)
    expect(rows[0]!.text()).toContain('Davide Anghileri')
    expect(rows[0]!.text()).toContain('Inserimento lavorativo')
    expect(rows[0]!.text()).toContain('A 3 mesi')
    expect(rows[0]!.text()).toContain('Scaduta')
    expect(rows[1]!.text()).toContain('A 1 mese')
    expect(rows[1]!.text()).not.toContain('Scaduta')
    expect(wrapper.get('.ponte-count').text()).toBe('2 verifiche.')
  })
})
