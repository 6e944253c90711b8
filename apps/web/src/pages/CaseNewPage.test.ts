import { describe, expect, it, vi } from 'vitest'
import { CASE_ID, caseOf, MUNICIPALITY, PERSON_ID, personOf } from '../../test/case-fixtures'
import { byLabel } from '../../test/case-records'
import { drafts, typeLeaveAndReturn } from '../../test/drafts'
import { arrivalAt, createAppContext, json, me, membership, mountWithApp, session, settle, stubFetch } from '../../test/helpers'
import CaseNewPage from './CaseNewPage.vue'

/** The page that opens a case for the person in the link, for a case manager of the person's municipality. */
async function openPage() {
  const { calls } = stubFetch((call) => {
    if (call.url.endsWith('/auth/refresh')) return json(200, session(me([membership(MUNICIPALITY.name, ['case_manager'], MUNICIPALITY.id)])))
    if (call.method === 'POST' && call.url.startsWith('/api/v1/cases')) return json(201, caseOf())
    if (call.url.startsWith(`/api/v1/persons/${PERSON_ID}`)) return json(200, personOf())
    return json(200, { items: [], nextCursor: null })
  })
  const context = createAppContext()
  await context.router.push(`/cases/new?personId=${PERSON_ID}`)
  await context.router.isReady()
  const wrapper = mountWithApp(CaseNewPage, context)
  await settle(10)
  return { wrapper, calls, router: context.router }
}

describe('the case not opened yet keeps its draft', () => {
  it('asks before leaving, comes back with the notice, and is forgotten once the case is opened (the page moves on without asking)', async () => {
    const again = await typeLeaveAndReturn(openPage, (wrapper) => byLabel(wrapper, 'Note sulla provenienza (facoltativo)').setValue('Segnalata dal Centro per l’impiego'))
    expect((byLabel(again.wrapper, 'Note sulla provenienza (facoltativo)').element as HTMLTextAreaElement).value).toBe('Segnalata dal Centro per l’impiego')
    const confirm = vi.fn(() => false)
    vi.stubGlobal('confirm', confirm)
    const arrived = arrivalAt(again.router, 'case')
    await again.wrapper.get('.ponte-panel form').trigger('submit')
    await arrived
    expect(again.calls.find((c) => c.method === 'POST' && c.url.startsWith('/api/v1/cases'))!.body).toMatchObject({ personId: PERSON_ID, sourceNotes: 'Segnalata dal Centro per l’impiego' })
    expect(confirm).not.toHaveBeenCalled()
    expect(drafts()).toEqual([])
    expect(again.router.currentRoute.value.params.caseId).toBe(CASE_ID)
  })
})
