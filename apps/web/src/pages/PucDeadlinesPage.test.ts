import { describe, expect, it } from 'vitest'
import { MUNICIPALITY } from '../../test/case-fixtures'
import { button, byLabel } from '../../test/case-records'
import { drafts, leavingAsks, typeLeaveAndReturn } from '../../test/drafts'
import { createAppContext, json, me, membership, mountWithApp, session, settle, stubFetch, type FetchCall } from '../../test/helpers'
import { ASSIGNMENT_ID, deadlineOf } from '../../test/puc-fixtures'
import PucDeadlinesHomeCard from '../components/puc/PucDeadlinesHomeCard.vue'
import { todayInItaly } from '../components/cases/record-format'
import PucDeadlinesPage from './PucDeadlinesPage.vue'

const path = (call: FetchCall) => new URL(call.url, 'http://x').pathname.replace(/^\/api\/v1/, '')
const quarterly = deadlineOf({ key: `quarterly:${MUNICIPALITY.id}:2026Q3`, kind: 'quarterly', dueDate: '2026-10-30', state: 'due', assignment: null, quarter: '2026Q3', persons: 5 })

function signedIn(api: (call: FetchCall) => Response | undefined) {
  return stubFetch((call) => {
    if (call.url.endsWith('/auth/refresh')) return json(200, session(me([membership('Comune di Valmadrera', ['puc_manager'], MUNICIPALITY.id)])))
    return api(call) ?? json(404, {})
  })
}

describe('PucDeadlinesPage', () => {
  it('lists the deadlines overdue first, as the API orders them, and marks one sent with its reference', async () => {
    const { calls } = signedIn((call) => {
      if (path(call) === '/puc/insurance-deadlines') return json(200, { items: [deadlineOf(), quarterly], nextCursor: null })
      if (path(call) === '/puc/insurance-communications') return json(201, { id: 'c1' })
      return undefined
    })
    const context = createAppContext()
    await context.router.push('/puc/deadlines')
    await context.router.isReady()
    const wrapper = mountWithApp(PucDeadlinesPage, context)
    await settle(10)
    expect(calls.find((c) => path(c) === '/puc/insurance-deadlines')!.url).toContain('state=overdue&state=due')
    const items = wrapper.findAll('article')
    expect(items.map((i) => i.get('h3').text())).toEqual(['Comunicazione di avvio: Giuseppe Fumagalli', 'Giornate del trimestre: 3° trimestre 2026, Comune di Valmadrera'])
    expect(items[0]!.text()).toContain('Scaduta')
    expect(items[0]!.text()).toContain('doveva essere inviata entro il')
    expect(items[1]!.text()).toContain('Persone5')
    expect(wrapper.text()).toContain('2 comunicazioni, 1 scadute.')

    await button(wrapper, 'Segna come inviata: Comunicazione di avvio: Giuseppe Fumagalli').trigger('click')
    await settle()
    await byLabel(wrapper, 'Riferimento INAIL').setValue('INAIL-42')
    await wrapper.get('article form').trigger('submit')
    await settle(10)
    const post = calls.find((c) => path(c) === '/puc/insurance-communications')!
    expect(post.body).toEqual({ kind: 'start', assignmentId: ASSIGNMENT_ID, sentOn: todayInItaly(), reference: 'INAIL-42' })
    expect(post.headers['idempotency-key']).toBeTruthy()
    expect(wrapper.text()).toContain('Comunicazione segnata come inviata: Comunicazione di avvio: Giuseppe Fumagalli.')
  })

  it('sends a quarter with its municipality, and filters by state and kind', async () => {
    const { calls } = signedIn((call) => {
      if (path(call) === '/puc/insurance-deadlines') return json(200, { items: [quarterly], nextCursor: null })
      if (path(call) === '/puc/insurance-communications') return json(201, { id: 'c2' })
      return undefined
    })
    const context = createAppContext()
    await context.router.push('/puc/deadlines')
    const wrapper = mountWithApp(PucDeadlinesPage, context)
    await settle(10)
    await button(wrapper, /^Segna come inviata: Giornate/).trigger('click')
    await settle()
    await byLabel(wrapper, 'Riferimento INAIL').setValue('TRIM-3')
    await wrapper.get('article form').trigger('submit')
    await settle(10)
    expect(calls.find((c) => path(c) === '/puc/insurance-communications')!.body).toEqual({ kind: 'quarterly', municipalityId: MUNICIPALITY.id, quarter: '2026Q3', sentOn: todayInItaly(), reference: 'TRIM-3' })

    await wrapper.get('input[type=checkbox][value=sent]').setValue(true)
    await wrapper.get('#puc-deadline-kind').setValue('quarterly')
    await wrapper.get('form[role=search]').trigger('submit')
    await settle(10)
    expect(calls.filter((c) => path(c) === '/puc/insurance-deadlines').at(-1)!.url).toContain('state=overdue&state=due&state=sent&kind=quarterly')
  })
})

describe('the PUC manager\'s home card', () => {
  it('shows the deadlines overdue, due today and due in the rest of this week', async () => {
    const today = todayInItaly()
    const { calls } = signedIn((call) =>
      path(call) === '/puc/insurance-deadlines'
        ? json(200, { items: [deadlineOf(), deadlineOf({ key: 'start:x', state: 'due', dueDate: today, assignment: { ...deadlineOf().assignment!, person: { givenName: 'Ioana', familyName: 'Popescu' } } })], nextCursor: null })
        : undefined,
    )
    const context = createAppContext()
    const wrapper = mountWithApp(PucDeadlinesHomeCard, context, { props: { role: 'puc_manager', membership: membership('Comune di Valmadrera', ['puc_manager']) } })
    await settle(10)
    expect(calls.find((c) => path(c) === '/puc/insurance-deadlines')!.url).toMatch(/state=overdue&state=due&dueBy=\d{4}-\d{2}-\d{2}/)
    expect(wrapper.findAll('h3').map((h) => h.text())).toEqual(['Scadute (1)', 'Da inviare oggi (1)', 'Da inviare questa settimana (0)'])
    expect(wrapper.text()).toContain('Comunicazione di avvio: Ioana Popescu (Valmadrera più verde)')
    expect(wrapper.text()).toContain('Nient\'altro in scadenza questa settimana.')
  })
})

describe('marking an INAIL communication sent keeps its draft', () => {
  it('asks before leaving, comes back with the notice after a change of page, forgotten once recorded or cancelled', async () => {
    const { calls } = signedIn((call) => {
      if (path(call) === '/puc/insurance-deadlines') return json(200, { items: [deadlineOf()], nextCursor: null })
      if (path(call) === '/puc/insurance-communications') return json(201, { id: 'c1' })
      return undefined
    })
    const openPage = async () => {
      const context = createAppContext()
      await context.router.push('/puc/deadlines')
      await context.router.isReady()
      const wrapper = mountWithApp(PucDeadlinesPage, context)
      await settle(10)
      return { wrapper, router: context.router }
    }
    const again = await typeLeaveAndReturn(openPage, async (wrapper) => {
      await button(wrapper, 'Segna come inviata: Comunicazione di avvio: Giuseppe Fumagalli').trigger('click')
      await settle()
      await byLabel(wrapper, 'Riferimento INAIL').setValue('INAIL-42')
    })
    expect((byLabel(again.wrapper, 'Riferimento INAIL').element as HTMLInputElement).value).toBe('INAIL-42')
    await again.wrapper.get('article form').trigger('submit')
    await settle(10)
    expect(calls.find((c) => path(c) === '/puc/insurance-communications')!.body).toMatchObject({ kind: 'start', assignmentId: ASSIGNMENT_ID, reference: 'INAIL-42' })
    expect(drafts()).toEqual([])
    expect(await leavingAsks(again.router)).toBe(false)

    await button(again.wrapper, 'Segna come inviata: Comunicazione di avvio: Giuseppe Fumagalli').trigger('click')
    await settle()
    await byLabel(again.wrapper, 'Riferimento INAIL').setValue('Da rifare')
    await settle()
    expect(drafts()).toHaveLength(1)
    await button(again.wrapper, 'Annulla').trigger('click')
    await settle()
    expect(drafts()).toEqual([])
  })
})
