import type { Organisation } from '@ponte/shared'
import { describe, expect, it } from 'vitest'
import { byLabel } from '../../test/case-records'
import { drafts, draftNotice, leavingAsks } from '../../test/drafts'
import { createAppContext, json, me, membership, mountWithApp, session, settle, stubFetch, type FetchCall } from '../../test/helpers'
import AdminOrganisationsPage from './AdminOrganisationsPage.vue'

const organisation: Organisation = {
  id: 'org-coop',
  kind: 'cooperative',
  name: 'Cooperativa Lavoro e Comunità',
  taxCode: null,
  parentId: null,
  cooperativeType: 'B',
  email: null,
  isActive: true,
  version: 2,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
}

/** The organisations page of a platform admin; `api` answers every call but the session renewal. */
async function openPage(api: (call: FetchCall) => Response) {
  const admin = me([membership('Ponte', ['platform_admin'], 'org-platform')])
  const { calls } = stubFetch((call) => (call.url.endsWith('/auth/refresh') ? json(200, session(admin)) : api(call)))
  const context = createAppContext()
  await context.router.push('/admin/organisations')
  await context.router.isReady()
  const wrapper = mountWithApp(AdminOrganisationsPage, context)
  await settle(10)
  return { wrapper, calls, router: context.router }
}
const buttonNamed = (wrapper: Awaited<ReturnType<typeof openPage>>['wrapper'], name: string) => wrapper.findAll('button').find((b) => b.text() === name)!

describe('the organisation forms keep their drafts', () => {
  it('an edit: asks before leaving, comes back after a change of page with the notice, a cancel forgets it', async () => {
    const api = () => json(200, { items: [organisation], nextCursor: null })
    const first = await openPage(api)
    await first.wrapper.findAll('button').find((b) => b.text().startsWith('Modifica'))!.trigger('click')
    await settle()
    await byLabel(first.wrapper, 'Nome').setValue('Cooperativa Lavoro e Comunità ONLUS')
    await settle()
    expect(drafts()).toHaveLength(1)
    expect(await leavingAsks(first.router)).toBe(true)
    first.wrapper.unmount()

    const again = await openPage(api)
    await settle(10)
    expect((byLabel(again.wrapper, 'Nome').element as HTMLInputElement).value).toBe('Cooperativa Lavoro e Comunità ONLUS')
    expect(draftNotice(again.wrapper)).toContain('Bozza non salvata ripristinata')
    await buttonNamed(again.wrapper, 'Annulla').trigger('click')
    await settle()
    expect(drafts()).toEqual([])
    expect(await leavingAsks(again.router)).toBe(false)
  })
})
