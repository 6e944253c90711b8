import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { afterFrame } from '../../test/helpers'
import { useDrawnInTurn } from './useDrawnInTurn'


function host(initial: string[]) {
  const items = ref(initial)
  const wrapper = mount(
    defineComponent({
      setup() {
        const drawn = useDrawnInTurn(items)
        return () => h('ul', drawn.value.map((item) => h('li', { key: item }, item)))
      },
    }),
  )
  const shown = () => wrapper.findAll('li').map((li) => li.text())
  return { items, wrapper, shown }
}

describe('useDrawnInTurn', () => {
  it('draws the page first, then one item per painted frame, in order', async () => {
    const { shown, wrapper } = host(['a', 'b', 'c'])
    expect(shown()).toEqual([])
    await afterFrame()
    expect(shown()).toEqual(['a'])
    await afterFrame()
    expect(shown()).toEqual(['a', 'b'])
    await afterFrame()
    expect(shown()).toEqual(['a', 'b', 'c'])
    await afterFrame()
    expect(shown()).toEqual(['a', 'b', 'c'])
    wrapper.unmount()
  })

  it('keeps what is drawn, draws items added later in turn, and drops items removed', async () => {
    const { items, shown, wrapper } = host(['a', 'b'])
    await afterFrame()
    await afterFrame()
    expect(shown()).toEqual(['a', 'b'])
    items.value = ['a', 'b', 'c', 'd']
    await afterFrame()
    expect(shown()).toEqual(['a', 'b', 'c'])
    await afterFrame()
    expect(shown()).toEqual(['a', 'b', 'c', 'd'])
    items.value = ['x']
    await afterFrame()
    expect(shown()).toEqual(['x'])
    wrapper.unmount()
  })
})
