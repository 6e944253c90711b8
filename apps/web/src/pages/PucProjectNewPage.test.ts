import { describe, expect, it, vi } from 'vitest'
import { MUNICIPALITY } from '../../test/case-fixtures'
import { byLabel } from '../../test/case-records'
import { drafts, typeLeaveAndReturn } from '../../test/drafts'
import { arrivalAt, createAppContext, json, me, membership, mountWithApp, session, settle, stubFetch } from '../../test/helpers'
import PucProjectNewPage from './PucProjectNewPage.vue'

async function openPage() {
  const manager = membership(MUNICIPALITY.name, ['puc_manager'], MUNICIPALITY.id)
  stubFetch((call) => {
    if (call.url.endsWith('/auth/refresh')) return json(200, session(me([manager])))
    if (call.url.includes('/organisations')) return json(200, { items: [{ id: MUNICIPALITY.id, name: MUNICIPALITY.name, isActive: true }], nextCursor: null })
    return json(200, { items: [], nextCursor: null })
  })
  const context = createAppContext()
  await context.router.push('/puc/projects/new')
  await context.router.isReady()
  const wrapper = mountWithApp(PucProjectNewPage, context)
  await settle(10)
  return { wrapper, router: context.router }
}
const valueOf = (wrapper: Awaited<ReturnType<typeof openPage>>['wrapper'], label: string) => (byLabel(wrapper, label).element as HTMLInputElement).value

describe('the new PUC project keeps its draft', () => {
  it('asks before leaving the page with it, brings it back with the notice, and forgets it on cancel without asking', async () => {
    const again = await typeLeaveAndReturn(openPage, async (wrapper) => {
      await byLabel(wrapper, 'Titolo').setValue('Valmadrera più verde')
      await byLabel(wrapper, 'Descrizione delle attività').setValue('Cura di parchi e sentieri.')
    })
    expect(valueOf(again.wrapper, 'Titolo')).toBe('Valmadrera più verde')
    expect(valueOf(again.wrapper, 'Descrizione delle attività')).toBe('Cura di parchi e sentieri.')
    const confirm = vi.fn(() => false)
    vi.stubGlobal('confirm', confirm)
    const arrived = arrivalAt(again.router, 'puc-projects')
    await again.wrapper.findAll('button').find((b) => b.text() === 'Annulla')!.trigger('click')
    await arrived
    expect(confirm).not.toHaveBeenCalled()
    expect(drafts()).toEqual([])
  })
})
