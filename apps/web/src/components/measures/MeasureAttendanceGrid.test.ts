import { LOMBARDY_RULE_SET } from '@ponte/shared'
import { describe, expect, it } from 'vitest'
import { plain } from '../../../test/case-records'
import { createAppContext, json, mountWithApp, settle, stubFetch } from '../../../test/helpers'
import { attendanceMonthOf, attendanceOf } from '../../../test/measures-fixtures'
import MeasureAttendanceGrid, { type AttendanceChange } from './MeasureAttendanceGrid.vue'

function mountGrid(attendance = attendanceOf([attendanceMonthOf()], ['2026-09', '2026-10', '2026-11']), canEdit = true, monthlyAllowanceCents = 50000) {
  // The grid calls nothing; the app's session restore is answered so nothing leaves the test.
  stubFetch(() => json(401, {}))
  const context = createAppContext()
  return mountWithApp(MeasureAttendanceGrid, context, { props: { attendance, monthlyAllowanceCents, ruleSet: LOMBARDY_RULE_SET, canEdit } })
}
const cellsOf = (wrapper: ReturnType<typeof mountGrid>, month: string) => {
  const row = wrapper.findAll('tbody tr').find((r) => r.find(`#attendance-${month}-planned`).exists())!
  return row.findAll('td').map((c) => plain(c.text()))
}
const footer = (wrapper: ReturnType<typeof mountGrid>) => wrapper.findAll('tfoot td').map((c) => plain(c.text()))

describe('the monthly attendance grid of an internship', () => {
  it('has a labelled input per month for planned and attended hours, in a captioned table', () => {
    const wrapper = mountGrid()
    expect(wrapper.get('caption').text()).toBe('Presenze e indennità per mese')
    expect(wrapper.findAll('tbody th[scope=row]').map((th) => th.text())).toEqual(['settembre 2026', 'ottobre 2026 non registrato', 'novembre 2026 non registrato'])
    expect(wrapper.get('label[for="attendance-2026-10-attended"]').text()).toBe('Ore svolte, ottobre 2026')
    expect((wrapper.get('#attendance-2026-09-planned').element as HTMLInputElement).value).toBe('120')
  })

  it('computes the attendance %, the allowance due in euro (full from 80%, in proportion below, from integer cents) and the totals as hours are typed', async () => {
    const wrapper = mountGrid()
    expect(cellsOf(wrapper, '2026-09').slice(2)).toEqual(['100%', '500,00 € (intera)'])
    // Exactly 80%: the whole allowance.
    await wrapper.get('#attendance-2026-10-planned').setValue('100')
    await wrapper.get('#attendance-2026-10-attended').setValue('80')
    expect(cellsOf(wrapper, '2026-10').slice(2)).toEqual(['80%', '500,00 € (intera)'])
    // Just below (79,75 hours): in proportion, rounded to the cent — 500 × 79,75 / 100 = 398,75.
    await wrapper.get('#attendance-2026-10-attended').setValue('79,75')
    expect(cellsOf(wrapper, '2026-10').slice(2)).toEqual(['79,8%', '398,75 € (in proporzione)'])
    // A third of the hours: 166,666… → 166,67 (half up, in integers).
    await wrapper.get('#attendance-2026-11-planned').setValue('90')
    await wrapper.get('#attendance-2026-11-attended').setValue('30')
    expect(cellsOf(wrapper, '2026-11').slice(2)).toEqual(['33,3%', '166,67 € (in proporzione)'])
    // Totals: 310 planned, 229,75 attended → 74,1% ≥ 70%: the final attestation is due.
    expect(footer(wrapper)).toEqual(['310', '229,75', '74,1%', '1065,42 €'])
    expect(wrapper.get('.ponte-attestation').text()).toBe('Attestazione finale: dovuta (presenza complessiva almeno 70%).')
    // Under 70% overall: not due.
    await wrapper.get('#attendance-2026-11-attended').setValue('10')
    expect(footer(wrapper)[2]).toBe('67,7%')
    expect(wrapper.get('.ponte-attestation').text()).toBe('Attestazione finale: non ancora dovuta (serve almeno il 70% delle ore complessive).')
  })

  it('saves only the months changed, a recorded month with its version and a new one without, and refuses hours that are not hours', async () => {
    const wrapper = mountGrid()
    await wrapper.get('#attendance-2026-09-attended').setValue('110')
    await wrapper.get('#attendance-2026-10-planned').setValue('100')
    await wrapper.get('#attendance-2026-10-attended').setValue('7,3')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(wrapper.emitted('save')).toBeUndefined()
    const attended = wrapper.get('#attendance-2026-10-attended')
    expect(attended.attributes('aria-invalid')).toBe('true')
    expect(wrapper.get(`#${attended.attributes('aria-describedby')}`).text()).toBe("Scrivi un numero di ore (in quarti d'ora), ad esempio 6 o 7,5.")
    expect(wrapper.get('.ponte-form-alert a').attributes('href')).toBe('#attendance-2026-10-attended')

    await attended.setValue('120')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(wrapper.get('#attendance-2026-10-attended').attributes('aria-invalid')).toBe('true')
    expect(wrapper.text()).toContain('Le ore svolte superano quelle previste.')

    await attended.setValue('75,5')
    await wrapper.get('form').trigger('submit')
    await settle()
    const changes = wrapper.emitted('save')![0]![0] as AttendanceChange[]
    expect(changes).toEqual([
      { month: '2026-09', body: { plannedHours: 120, attendedHours: 110 }, version: 1 },
      { month: '2026-10', body: { plannedHours: 100, attendedHours: 75.5 }, version: null },
    ])
  })

  it('is read only for who may not record attendance', () => {
    const wrapper = mountGrid(undefined, false)
    expect(wrapper.get('#attendance-2026-09-planned').attributes('readonly')).toBeDefined()
    expect(wrapper.find('button[type=submit]').exists()).toBe(false)
  })
})
