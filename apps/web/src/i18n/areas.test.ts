import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { useI18n } from 'vue-i18n'
import { registerAreaMessages } from './areas'
import { createAppI18n } from './index'

describe('registerAreaMessages (an area of Italian messages arriving with the page that shows it)', () => {
  it('adds the area to the app instance, for the components drawn after it, and to new instances', () => {
    const i18n = createAppI18n('it')
    const greeting = defineComponent({
      setup() {
        const { t } = useI18n()
        return () => h('p', t('testArea.greeting', { name: 'Maria' }))
      },
    })
    expect(mount(greeting, { global: { plugins: [i18n] } }).text()).toBe('testArea.greeting')
    registerAreaMessages({ testArea: { greeting: 'Buongiorno {name}' } })
    const wrapper = mount(greeting, { global: { plugins: [i18n] } })
    expect(wrapper.text()).toBe('Buongiorno Maria')
    expect(createAppI18n('it').global.t('testArea.greeting', { name: 'Luca' })).toBe('Buongiorno Luca')
    // The areas already there are untouched.
    expect(i18n.global.t('app.skipToContent')).not.toBe('app.skipToContent')
    wrapper.unmount()
  })
})
