import { describe, expect, it } from 'vitest'
import { CASE_ID, mountTab, page, pathOf, plain } from '../../../test/case-records'
import { json } from '../../../test/helpers'
import { attendanceMonthOf, attendanceOf, internshipOf, MEASURE_ID, placementOf } from '../../../test/measures-fixtures'
import CaseMeasuresTab from './CaseMeasuresTab.vue'

describe('the "Percorsi" tab of the case page', () => {
  it("lists the case's measures with kind, status, host or employer, period and an internship's attendance", async () => {
    const { wrapper, calls } = await mountTab(CaseMeasuresTab, {}, (call) => {
      if (pathOf(call) === `/cases/${CASE_ID}/measures`) return json(200, page([internshipOf({ ruleOverride: null }), placementOf()]))
      if (pathOf(call) === `/measures/${MEASURE_ID}/attendance`) return json(200, attendanceOf([attendanceMonthOf({ plannedHours: 120, attendedHours: 90, attendancePercent: 75 })], ['2026-09']))
      return json(200, page([]))
    })
    expect(calls.some((c) => pathOf(c) === `/cases/${CASE_ID}/measures`)).toBe(true)
    expect(wrapper.get('h2').text()).toBe('Percorsi di accompagnamento al lavoro')
    const cards = wrapper.findAll('article')
    expect(cards).toHaveLength(2)
    expect(cards[0]!.get('h3').text()).toBe('Tirocinio di formazione e orientamento')
    expect(cards[0]!.get('h3 a').attributes('href')).toBe(`/measures/${MEASURE_ID}`)
    const first = plain(cards[0]!.text())
    expect(first).toContain('In corso')
    expect(first).toContain('Officine Lario S.p.A.')
    expect(first).toContain('dal 01/09/2026 al 28/02/2027')
    expect(first).toContain('75% delle ore previste')
    const second = plain(cards[1]!.text())
    expect(second).toContain('Inserimento lavorativo')
    expect(second).toContain('Datore di lavoro')
    expect(second).not.toContain('Presenze')
  })

  it('says when the case has no measure', async () => {
    const { wrapper } = await mountTab(CaseMeasuresTab, {}, () => json(200, page([])))
    expect(wrapper.text()).toContain('Nessun percorso per questo caso.')
  })
})
