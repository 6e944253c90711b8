import { completeVatNumber, type Role } from '@ponte/shared'
import type { VueWrapper } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { drafts, draftNotice, leavingAsks } from '../../test/drafts'
import { activityOf, COMPANY_ID, companyOf } from '../../test/mediation-fixtures'
import { createAppContext, json, me, membership, mountWithApp, session, settle, stubFetch, type FetchCall } from '../../test/helpers'
import CompanyPage from './CompanyPage.vue'

async function openCompany(roles: Role[], api: (call: FetchCall) => Response | undefined) {
  const { calls } = stubFetch((call) => {
    if (call.url.endsWith('/auth/refresh')) return json(200, session(me([membership('Cooperativa Lavoro', roles, 'org-coop')])))
    return api(call) ?? json(200, { items: [], nextCursor: null })
  })
  const context = createAppContext()
  await context.router.push(`/companies/${COMPANY_ID}`)
  await context.router.isReady()
  const wrapper = mountWithApp(CompanyPage, context, { props: { companyId: COMPANY_ID } })
  await settle(10)
  return { wrapper, calls, router: context.router }
}

const button = (wrapper: VueWrapper, name: string) => {
  const found = wrapper.findAll('button').find((b) => b.text() === name)
  if (!found) throw new Error(`No button ${name}: ${wrapper.findAll('button').map((b) => b.text()).join(' | ')}`)
  return found
}
const byLabel = (wrapper: VueWrapper, label: string) => {
  const element = wrapper.findAll('label').find((l) => l.text() === label)
  if (!element) throw new Error(`No label ${label}`)
  return wrapper.get(`#${element.attributes('for')}`)
}

describe('CompanyPage', () => {
  it('shows the data, the obligations its size drives, the activity log with next actions, and records a visit', async () => {
    const created = activityOf({ id: 'activity-2', kind: 'call', date: '2026-11-21', summary: 'Telefonata di verifica', outcome: null, nextAction: null, isOverdue: false })
    const { wrapper, calls } = await openCompany(['operator'], (call) => {
      if (call.url === `/api/v1/companies/${COMPANY_ID}`) return json(200, companyOf())
      if (call.url.startsWith(`/api/v1/companies/${COMPANY_ID}/activities`)) return call.method === 'POST' ? json(201, created) : json(200, { items: [activityOf()], nextCursor: null })
      return undefined
    })
    expect(wrapper.get('h1').text()).toBe('Officine Lario S.p.A.')
    expect(wrapper.text()).toContain('00884210130')
    expect(wrapper.text()).toContain('Tirocinanti ospitabili insieme')
    expect(wrapper.text()).toContain('6 tirocinanti')
    expect(wrapper.text()).toContain('4 lavoratori')
    expect(wrapper.text()).toContain('Oltre 50 dipendenti: il 7% dei dipendenti.')
    expect(wrapper.findAll('[role=tab]').map((t) => t.text())).toEqual(['Attività', 'Opportunità', 'Referenti', 'Sedi', 'Storico stato'])

    // The activity log: the overdue next action stands out and can be marked done.
    const card = wrapper.get('article.ponte-record-card')
    expect(card.text()).toContain('Visita del 20/11/2026')
    expect(card.text()).toContain('Inviare due profili')
    expect(card.text()).toContain('Scaduta')
    expect(card.text()).toContain('Segna come fatta')

    // Recording a call with no next action.
    await wrapper.findAll('input[type=radio]').find((r) => r.attributes('value') === 'call')!.setValue(true)
    await byLabel(wrapper, 'Cosa è stato fatto e detto').setValue('Telefonata di verifica')
    await byLabel(wrapper, 'Referente').setValue('contact-1')
    expect(button(wrapper, "Registra l'attività").attributes('type')).toBe('submit')
    await wrapper.findAll('form').at(-1)!.trigger('submit')
    await settle(10)
    const post = calls.find((c) => c.method === 'POST' && c.url === `/api/v1/companies/${COMPANY_ID}/activities`)!
    expect(post.body).toMatchObject({ kind: 'call', summary: 'Telefonata di verifica', contactId: 'contact-1' })
    expect(post.body).not.toHaveProperty('nextAction')
    expect(post.headers['idempotency-key']).toBeTruthy()
    expect(wrapper.text()).toContain('Attività registrata: Telefonata del 21/11/2026.')
  })

  it('changes the relationship status with If-Match, asking why when it becomes inactive', async () => {
    const { wrapper, calls } = await openCompany(['operator'], (call) => {
      if (call.url === `/api/v1/companies/${COMPANY_ID}`) return json(200, companyOf())
      if (call.url.endsWith('/transitions')) return json(200, companyOf({ relationshipStatus: 'inactive', allowedTransitions: ['contacted'], version: 4 }))
      return undefined
    })
    await button(wrapper, 'Cambia stato della relazione').trigger('click')
    await settle()
    expect(document.activeElement?.textContent).toBe('Cambia lo stato della relazione')
    const inactive = wrapper.findAll('input[type=radio]').find((r) => r.attributes('value') === 'inactive')!
    await inactive.setValue(true)
    await wrapper.findAll('form')[0]!.trigger('submit')
    await settle()
    expect(calls.some((c) => c.url.endsWith('/transitions'))).toBe(false)
    expect(wrapper.text()).toContain('Questo campo è obbligatorio.')

    await byLabel(wrapper, 'Motivo').setValue('Ha chiuso il reparto')
    await wrapper.findAll('form')[0]!.trigger('submit')
    await settle(10)
    const post = calls.find((c) => c.url.endsWith('/transitions'))!
    expect(post.body).toEqual({ to: 'inactive', reason: 'Ha chiuso il reparto' })
    expect(post.headers['if-match']).toBe('"3"')
    expect(wrapper.text()).toContain('Stato della relazione: Non attiva.')
  })

  it('edits an activity with a merge patch of what changed, and marks its next action done', async () => {
    let current = activityOf()
    const { wrapper, calls } = await openCompany(['operator'], (call) => {
      if (call.url === `/api/v1/companies/${COMPANY_ID}`) return json(200, companyOf())
      if (call.url === '/api/v1/activities/activity-1' && call.method === 'PATCH') {
        const patch = call.body as Record<string, unknown>
        current = activityOf({
          version: current.version + 1,
          ...(patch.outcome ? { outcome: patch.outcome as string } : {}),
          ...(patch.nextActionDone ? { nextAction: { ...current.nextAction!, doneAt: '2026-11-26T10:00:00.000Z', doneBy: { id: 'user-1', name: 'Sara Corti' } }, isOverdue: false } : {}),
        })
        return json(200, current)
      }
      if (call.url.startsWith(`/api/v1/companies/${COMPANY_ID}/activities`)) return json(200, { items: [current], nextCursor: null })
      return undefined
    })
    await button(wrapper, 'Modifica Visita del 20/11/2026').trigger('click')
    await settle()
    expect(document.activeElement?.id).toBe('activity-edit-heading')
    await wrapper.get('#activity-edit-outcome').setValue('Disponibili a due tirocini')
    await wrapper.get('section[aria-labelledby=activity-edit-heading] form').trigger('submit')
    await settle(10)
    const patch = calls.find((c) => c.method === 'PATCH')!
    expect(patch.body).toEqual({ outcome: 'Disponibili a due tirocini' })
    expect(patch.headers['if-match']).toBe('"1"')
    expect(patch.headers['content-type']).toBe('application/merge-patch+json')
    expect(wrapper.text()).toContain('Attività salvata: Visita del 20/11/2026.')

    await button(wrapper, 'Segna come fatta: Inviare due profili').trigger('click')
    await settle(10)
    const done = calls.filter((c) => c.method === 'PATCH').at(-1)!
    expect(done.body).toEqual({ nextActionDone: true })
    expect(done.headers['if-match']).toBe('"2"')
    expect(wrapper.text()).toContain('Prossima azione completata: Inviare due profili.')
    expect(wrapper.text()).toContain('fatta il')
  })

  it('shows a case manager the company without the actions the API does not allow', async () => {
    const { wrapper } = await openCompany(['case_manager'], (call) => {
      if (call.url === `/api/v1/companies/${COMPANY_ID}`) return json(200, companyOf({ permissions: [], allowedTransitions: [] }))
      if (call.url.startsWith(`/api/v1/companies/${COMPANY_ID}/activities`)) return json(200, { items: [activityOf({ canEdit: false })], nextCursor: null })
      return undefined
    })
    const names = wrapper.findAll('button').map((b) => b.text())
    expect(names).not.toContain('Cambia stato della relazione')
    expect(names).not.toContain('Modifica i dati')
    expect(names).not.toContain('Segna come fatta')
    expect(wrapper.text()).not.toContain("Registra un'attività")
  })
})

describe("the company page's forms keep their drafts", () => {
  // A partita IVA with its check digit right, so the edit form sends.
  const vatNumber = completeVatNumber('0088421013')
  const api = (call: FetchCall) => {
    if (call.url === `/api/v1/companies/${COMPANY_ID}` && call.method === 'PATCH') return json(200, companyOf({ vatNumber, name: 'Officine Lario S.r.l.', version: 4 }))
    if (call.url === `/api/v1/companies/${COMPANY_ID}`) return json(200, companyOf({ vatNumber }))
    if (call.url.startsWith(`/api/v1/companies/${COMPANY_ID}/activities`)) return json(200, { items: [activityOf()], nextCursor: null })
    return undefined
  }
  const valueOf = (wrapper: VueWrapper, selector: string) => (wrapper.get(selector).element as HTMLInputElement).value

  it("the edit of the company's data and a new activity: ask before leaving, come back with the notice, forgotten once saved or cancelled", async () => {
    const first = await openCompany(['operator'], api)
    await button(first.wrapper, 'Modifica i dati').trigger('click')
    await settle()
    await first.wrapper.get('#company-edit-name').setValue('Officine Lario S.r.l.')
    await byLabel(first.wrapper, 'Cosa è stato fatto e detto').setValue('Telefonata di verifica')
    await settle()
    expect(drafts()).toHaveLength(2)
    expect(await leavingAsks(first.router)).toBe(true)
    first.wrapper.unmount()

    const again = await openCompany(['operator'], api)
    await settle(10)
    expect(valueOf(again.wrapper, '#company-edit-name')).toBe('Officine Lario S.r.l.')
    expect(again.wrapper.findAll('.ponte-draft-notice')).toHaveLength(2)
    expect((byLabel(again.wrapper, 'Cosa è stato fatto e detto').element as HTMLTextAreaElement).value).toBe('Telefonata di verifica')
    await again.wrapper.get('.ponte-panel form').trigger('submit')
    await settle(10)
    const patch = again.calls.find((c) => c.method === 'PATCH')!
    expect(patch.headers['if-match']).toBe('"3"')
    expect(patch.body).toEqual({ name: 'Officine Lario S.r.l.' })
    expect(drafts()).toHaveLength(1)
    // The activity not recorded yet is still a draft: leaving asks until it is discarded.
    expect(await leavingAsks(again.router)).toBe(true)
    await button(again.wrapper, 'Scarta la bozza').trigger('click')
    await settle()
    expect(drafts()).toEqual([])
    expect(draftNotice(again.wrapper)).toBeNull()
    expect(await leavingAsks(again.router)).toBe(false)
  })

  it('a new contact, across a change of tab: back with the notice; a cancel forgets it', async () => {
    const first = await openCompany(['operator'], api)
    await first.wrapper.findAll('[role=tab]').find((t) => t.text() === 'Referenti')!.trigger('click')
    await settle()
    await first.wrapper.get('#contact-add').trigger('click')
    await settle()
    await first.wrapper.get('#contact-form-givenName').setValue('Chiara')
    await first.wrapper.get('#contact-form-familyName').setValue('Ripamonti')
    await settle()
    expect(drafts()).toHaveLength(1)
    await first.wrapper.findAll('[role=tab]').find((t) => t.text() === 'Attività')!.trigger('click')
    await settle()
    await first.wrapper.findAll('[role=tab]').find((t) => t.text() === 'Referenti')!.trigger('click')
    await settle()
    expect(valueOf(first.wrapper, '#contact-form-givenName')).toBe('Chiara')
    expect(valueOf(first.wrapper, '#contact-form-familyName')).toBe('Ripamonti')
    expect(draftNotice(first.wrapper)).toContain('Bozza non salvata ripristinata')
    await button(first.wrapper, 'Annulla').trigger('click')
    await settle()
    expect(drafts()).toEqual([])
    expect(first.wrapper.find('#contact-form-givenName').exists()).toBe(false)
  })
})
