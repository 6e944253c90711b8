import { describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { mount } from '@vue/test-utils'
import { createAppI18n } from '../i18n'
import { formatDate, formatDateTime, formatInstantDate } from './date-format'
import { useDateFormat } from './useDateFormat'
import { useDayFormat } from './useDayFormat'

describe('the one date format', () => {
  it('shows calendar days as 23/11/2026 in both languages, never shifted by a time zone', () => {
    expect(formatDate('2026-11-23', 'it')).toBe('23/11/2026')
    expect(formatDate('2026-11-23', 'en')).toBe('23/11/2026')
    expect(formatDate('2026-01-01')).toBe('01/01/2026')
    expect(formatDate(null)).toBe('')
    expect(formatDate('not a date')).toBe('not a date')
  })

  it('writes calendar days out as Intl does in both languages (without building an Intl formatter)', () => {
    for (const date of ['2026-11-23', '2024-02-29', '2026-02-31', '2000-01-01', '2026-12-31', '0999-03-04', '2026-11-23T22:00:00Z']) {
      const parsed = new Date(`${date.slice(0, 10)}T00:00:00Z`)
      for (const [locale, tag] of [['it', 'it-IT'], ['en', 'en-GB']] as const) {
        expect(formatDate(date, locale)).toBe(new Intl.DateTimeFormat(tag, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(parsed))
      }
    }
  })

  it('shows instants with their time in Italy, where the time matters', () => {
    // 13:05 UTC is 14:05 in Rome in winter, 15:05 in summer.
    expect(formatDateTime('2026-11-23T13:05:00Z', 'it')).toBe('23/11/2026, 14:05')
    expect(formatDateTime('2026-07-01T13:05:00Z', 'en')).toBe('01/07/2026, 15:05')
    // Just before midnight UTC is already the next day in Italy.
    expect(formatInstantDate('2026-11-23T23:30:00Z')).toBe('24/11/2026')
  })

  it('formats through the composables in the language chosen now, not the one at start-up', async () => {
    const i18n = createAppI18n('it')
    const Probe = defineComponent({
      setup() {
        const { formatDay } = useDayFormat()
        const { formatInstant } = useDateFormat()
        return () => h('p', `${formatDay('2026-11-23')} ${formatInstant('2026-11-23T13:05:00Z')}`)
      },
    })
    const wrapper = mount(Probe, { global: { plugins: [i18n] } })
    expect(wrapper.text()).toBe('23/11/2026 23/11/2026, 14:05')
    i18n.global.locale.value = 'en'
    await wrapper.vm.$nextTick()
    expect(wrapper.text()).toBe('23/11/2026 23/11/2026, 14:05')
  })
})
