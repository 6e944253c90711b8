import { describe, expect, it } from 'vitest'
import { button, byLabel, CASE_ID, mountTab, page, pathOf } from '../../../test/case-records'
import { drafts, draftNotice, leavingAsks } from '../../../test/drafts'
import { json, settle, type FetchCall } from '../../../test/helpers'
import { assignmentOf, PROJECT_ID, projectOf, SITE_ID, summaryOf } from '../../../test/puc-fixtures'
import CasePucTab from './CasePucTab.vue'

/** The municipality of the signed-in coordinator (test/helpers `membership`). */
const MUNICIPALITY_ID = 'org-comune-di-valmadrera'
const owner = { id: MUNICIPALITY_ID, name: 'Comune di Valmadrera' }

function api(call: FetchCall) {
  const path = pathOf(call)
  if (path === '/puc-projects') return json(200, page([summaryOf({ ownerMunicipality: owner })]))
  if (path === `/puc-projects/${PROJECT_ID}`) return json(200, projectOf({ ownerMunicipality: owner }))
  if (path === `/puc-projects/${PROJECT_ID}/assignments` && call.method === 'POST') return json(201, assignmentOf())
  return json(200, page([]))
}
const mountPuc = () => mountTab(CasePucTab, { access: 'coordinator', personName: 'Chiara Brambilla', municipalityId: MUNICIPALITY_ID } as never, api, ['coordinator'])
const valueOf = (wrapper: Awaited<ReturnType<typeof mountPuc>>['wrapper'], label: string) => (byLabel(wrapper, label).element as HTMLInputElement).value

describe('the assignment to a PUC project from the case keeps its draft', () => {
  it('across a change of tab or page, asking before leaving; back with the notice, the project and the values; saved or cancelled, it is gone', async () => {
    const first = await mountPuc()
    await button(first.wrapper, 'Assegna a un progetto PUC').trigger('click')
    await settle(10)
    await byLabel(first.wrapper, 'Progetto').setValue(PROJECT_ID)
    await settle(10)
    await byLabel(first.wrapper, 'Categoria del posto').setValue('employment_centre_beneficiaries')
    await byLabel(first.wrapper, 'Ore settimanali').setValue('12')
    await settle()
    expect(drafts()).toHaveLength(2)
    expect(await leavingAsks(first.router)).toBe(true)
    first.wrapper.unmount()

    const again = await mountPuc()
    await settle(10)
    expect(valueOf(again.wrapper, 'Progetto')).toBe(PROJECT_ID)
    expect(valueOf(again.wrapper, 'Categoria del posto')).toBe('employment_centre_beneficiaries')
    expect(valueOf(again.wrapper, 'Ore settimanali')).toBe('12')
    expect(valueOf(again.wrapper, 'Postazione')).toBe(SITE_ID)
    expect(draftNotice(again.wrapper)).toContain('Bozza non salvata ripristinata')
    await again.wrapper.get('.ponte-panel form').trigger('submit')
    await settle(10)
    expect(again.calls.find((c) => c.method === 'POST')!.body).toMatchObject({ caseId: CASE_ID, siteId: SITE_ID, category: 'employment_centre_beneficiaries', weeklyHours: 12 })
    expect(drafts()).toEqual([])
    expect(await leavingAsks(again.router)).toBe(false)

    // A cancel forgets it.
    await button(again.wrapper, 'Assegna a un progetto PUC').trigger('click')
    await settle(10)
    await byLabel(again.wrapper, 'Progetto').setValue(PROJECT_ID)
    await settle(10)
    await byLabel(again.wrapper, 'Ore settimanali').setValue('8')
    await settle()
    expect(drafts()).not.toEqual([])
    await button(again.wrapper, 'Annulla').trigger('click')
    await settle()
    expect(drafts()).toEqual([])
    again.wrapper.unmount()
    const third = await mountPuc()
    expect(third.wrapper.find('.ponte-panel').exists()).toBe(false)
  })
})
