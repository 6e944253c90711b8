import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick, ref } from 'vue'
import { settle } from '../../test/helpers'
import { useStackedTables } from './useStackedTables'

/** A page with a `.ponte-table` whose rows change. */
const Page = defineComponent({
  props: { rows: { type: Array as () => string[][], required: true } },
  setup(props) {
    const root = ref<HTMLElement | null>(null)
    useStackedTables(root)
    return () =>
      h('div', { ref: root }, [
        h('table', { class: 'table ponte-table' }, [
          h('thead', [h('tr', [h('th', 'Persona'), h('th', 'Stato'), h('th', 'Aperto il')])]),
          h('tbody', props.rows.map((row) => h('tr', [h('th', { scope: 'row' }, row[0]), h('td', row[1]), h('td', row[2])]))),
        ]),
      ])
  },
})

describe('tables as stacked rows on a phone', () => {
  it('labels every cell with its column heading, also for rows added later', async () => {
    const wrapper = mount(Page, { props: { rows: [['Maria Brambilla', 'In corso', '01/10/2026']] }, attachTo: document.body })
    await nextTick()
    const labels = () => wrapper.findAll('tbody tr').map((row) => row.findAll('th, td').map((cell) => cell.attributes('data-label')))
    expect(labels()).toEqual([['Persona', 'Stato', 'Aperto il']])

    await wrapper.setProps({ rows: [['Maria Brambilla', 'In corso', '01/10/2026'], ['Luca Colombo', 'Chiuso', '02/10/2026']] })
    await settle()
    expect(labels()).toEqual([
      ['Persona', 'Stato', 'Aperto il'],
      ['Persona', 'Stato', 'Aperto il'],
    ])
    wrapper.unmount()
  })
})
