import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { eventually } from '../../../test/helpers'
import { createAppI18n } from '../../i18n'
import { tabLoader } from './case-tab-loader'
import LazyCaseTab from './LazyCaseTab.vue'

const Tab = defineComponent({ props: { caseId: { type: String, required: true } }, setup: (props) => () => h('p', { class: 'tab' }, `Tab of ${props.caseId}`) })

describe('a case tab loaded when opened', () => {
  it('shows the loading message, then the tab with its props; opened again, the tab at once', async () => {
    let release!: () => void
    const load = tabLoader(() => new Promise<{ default: typeof Tab }>((resolve) => (release = () => resolve({ default: Tab }))))
    const wrapper = mount(LazyCaseTab, { props: { load, caseId: 'case-1' } as never, global: { plugins: [createAppI18n('it')] } })
    expect(wrapper.get('[role=status]').text()).toBe('Caricamento in corso…')
    release()
    await eventually(() => expect(wrapper.get('.tab').text()).toBe('Tab of case-1'))
    const again = mount(LazyCaseTab, { props: { load, caseId: 'case-2' } as never, global: { plugins: [createAppI18n('it')] } })
    expect(again.get('.tab').text()).toBe('Tab of case-2')
  })

  it('says when the download failed and tries again on request', async () => {
    let attempts = 0
    const load = tabLoader(async () => {
      attempts += 1
      if (attempts === 1) throw new TypeError('Failed to fetch dynamically imported module')
      return { default: Tab }
    })
    const wrapper = mount(LazyCaseTab, { props: { load, caseId: 'case-1' } as never, global: { plugins: [createAppI18n('it')] } })
    await eventually(() => expect(wrapper.get('[role=alert]').text()).toContain('Non è stato possibile contattare Ponte'))
    await wrapper.get('[role=alert] button').trigger('click')
    await eventually(() => expect(wrapper.get('.tab').text()).toBe('Tab of case-1'))
    expect(attempts).toBe(2)
  })
})
