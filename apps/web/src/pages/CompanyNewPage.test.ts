import { completeVatNumber } from '@ponte/shared'
import { describe, expect, it, vi } from 'vitest'
import { drafts, draftNotice, leavingAsks } from '../../test/drafts'
import { arrivalAt, createAppContext, json, me, membership, mountWithApp, problem, session, settle, stubFetch } from '../../test/helpers'
import { COMPANY_ID, companyOf } from '../../test/mediation-fixtures'
import CompanyNewPage from './CompanyNewPage.vue'

const VAT = completeVatNumber('0412345013')

async function openForm(answer: () => Response) {
  const { calls } = stubFetch((call) => (call.url.endsWith('/auth/refresh') ? json(200, session(me([membership('Cooperativa Lavoro', ['operator'], 'org-coop')]))) : answer()))
  const context = createAppContext()
  await context.router.push('/companies/new')
  await context.router.isReady()
  const wrapper = mountWithApp(CompanyNewPage, context)
  await settle(10)
  return { wrapper, calls, context }
}

describe('CompanyNewPage', () => {
  it('registers the company for the active organisation and opens its page', async () => {
    const { wrapper, calls, context } = await openForm(() => json(201, companyOf({ relationshipStatus: 'prospect' })))
    await wrapper.get('#company-new-name').setValue('Falegnameria Rusconi S.n.c.')
    await wrapper.get('#company-new-vatNumber').setValue(VAT)
    await wrapper.get('#company-new-atecoCode').setValue('16.23.10')
    const arrived = arrivalAt(context.router, 'company')
    await wrapper.get('form').trigger('submit')
    await arrived
    const post = calls.find((c) => c.method === 'POST' && c.url === '/api/v1/companies')!
    expect(post.url).toBe('/api/v1/companies')
    expect(post.body).toEqual({ name: 'Falegnameria Rusconi S.n.c.', vatNumber: VAT, atecoCode: '16.23.10', ownerOrganisationId: 'org-coop' })
    expect(post.headers['idempotency-key']).toBeTruthy()
    expect(context.router.currentRoute.value.fullPath).toBe(`/companies/${COMPANY_ID}?created=1`)
  })

  it('offers the company already registered with the partita IVA, and keeps the draft', async () => {
    const existingId = '00000000-0000-7000-8000-0000000000e9'
    const { wrapper, calls } = await openForm(() => problem(409, { code: 'company-duplicate-vat-number', detail: "Un'azienda con questa partita IVA è già registrata.", existingId }))
    await wrapper.get('#company-new-name').setValue('Officine Lario Due')
    await wrapper.get('#company-new-vatNumber').setValue(VAT)
    await wrapper.get('form').trigger('submit')
    await settle(10)
    expect(wrapper.findAll('a').find((a) => a.text() === "Apri l'azienda già registrata")!.attributes('href')).toBe(`/companies/${existingId}`)
    expect((wrapper.get('#company-new-name').element as HTMLInputElement).value).toBe('Officine Lario Due')
    // Submitting the same draft again reuses its Idempotency-Key.
    await wrapper.get('form').trigger('submit')
    await settle(10)
    const posts = calls.filter((c) => c.method === 'POST' && c.url === '/api/v1/companies')
    expect(posts).toHaveLength(2)
    expect(posts[0]!.headers['idempotency-key']).toBe(posts[1]!.headers['idempotency-key'])
  })

  it('opens the company already registered without asking, and forgets the draft that could never be registered', async () => {
    const existingId = '00000000-0000-7000-8000-0000000000e9'
    const { wrapper, context } = await openForm(() => problem(409, { code: 'company-duplicate-vat-number', detail: "Un'azienda con questa partita IVA è già registrata.", existingId }))
    await wrapper.get('#company-new-name').setValue('Officine Lario Due')
    await wrapper.get('#company-new-vatNumber').setValue(VAT)
    await wrapper.get('form').trigger('submit')
    await settle(10)
    expect(drafts()).toHaveLength(1)
    const confirm = vi.fn(() => false)
    vi.stubGlobal('confirm', confirm)
    const arrived = arrivalAt(context.router, 'company')
    await wrapper.findAll('a').find((a) => a.text() === "Apri l'azienda già registrata")!.trigger('click')
    await arrived
    expect(confirm).not.toHaveBeenCalled()
    expect(context.router.currentRoute.value.fullPath).toBe(`/companies/${existingId}`)
    expect(drafts()).toEqual([])
  })
})

describe('the new company keeps its draft', () => {
  it('asks before leaving the page with it, brings it back with the notice, and forgets it on cancel (leaving then asks nothing) or once registered', async () => {
    const first = await openForm(() => json(201, companyOf()))
    await first.wrapper.get('#company-new-name').setValue('Falegnameria Rusconi S.n.c.')
    await first.wrapper.get('#company-new-atecoCode').setValue('16.23.10')
    await settle()
    expect(drafts()).toHaveLength(1)
    expect(await leavingAsks(first.context.router)).toBe(true)
    first.wrapper.unmount()

    const again = await openForm(() => json(201, companyOf()))
    expect((again.wrapper.get('#company-new-name').element as HTMLInputElement).value).toBe('Falegnameria Rusconi S.n.c.')
    expect((again.wrapper.get('#company-new-atecoCode').element as HTMLInputElement).value).toBe('16.23.10')
    expect(draftNotice(again.wrapper)).toContain('Bozza non salvata ripristinata')
    const confirm = vi.fn(() => false)
    vi.stubGlobal('confirm', confirm)
    const arrived = arrivalAt(again.context.router, 'companies')
    await again.wrapper.findAll('button').find((b) => b.text() === 'Annulla')!.trigger('click')
    await arrived
    expect(confirm).not.toHaveBeenCalled()
    expect(drafts()).toEqual([])
    again.wrapper.unmount()

    // Registered: the draft is gone, and the page moves on to the company without asking.
    const third = await openForm(() => json(201, companyOf()))
    expect(draftNotice(third.wrapper)).toBeNull()
    await third.wrapper.get('#company-new-name').setValue('Falegnameria Rusconi S.n.c.')
    await third.wrapper.get('#company-new-vatNumber').setValue(VAT)
    await settle()
    expect(drafts()).toHaveLength(1)
    const opened = arrivalAt(third.context.router, 'company')
    await third.wrapper.get('form').trigger('submit')
    await opened
    expect(confirm).not.toHaveBeenCalled()
    expect(drafts()).toEqual([])
  })
})
