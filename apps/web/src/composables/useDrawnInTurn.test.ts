import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { useDrawnInTurn } from './useDrawnInTurn'

/** The next frame, then the task after it: when afterNextPaint's callbacks scheduled before it have run. */
const task = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))

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
    await task()
    expect(shown()).toEqual(['a'])
    await task()
    expect(shown()).toEqual(['a', 'b'])
    await task()
    expect(shown()).toEqual(['a', 'b', 'c'])
    await task()
    expect(shown()).toEqual(['a', 'b', 'c'])
    wrapper.unmount()
  })

  it('keeps what is drawn, draws items added later in turn, and drops items removed', async () => {
    const { items, shown, wrapper } = host(['a', 'b'])
    await task()
    await task()
    expect(shown()).toEqual(['a', 'b'])
    items.value = ['a', 'b', 'c', 'd']
    await task()
    expect(shown()).toEqual(['a', 'b', 'c'])
    await task()
    expect(shown()).toEqual(['a', 'b', 'c', 'd'])
    items.value = ['x']
    await task()
    expect(shown()).toEqual(['x'])
    wrapper.unmount()
  })
})
