import { mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { nextTick, ref } from 'vue'
import { ApiError } from '../../api/http'
import { createAppI18n } from '../../i18n'
import { eventually } from '../../../test/helpers'
import PagedList, { type PagedQuery } from './PagedList.vue'

function query(overrides: Partial<PagedQuery> = {}): PagedQuery {
  return {
    status: ref('success'),
    asyncStatus: ref('idle'),
    error: ref(null),
    hasNextPage: ref(false),
    loadNextPage: vi.fn(async () => undefined),
    refetch: vi.fn(),
    ...overrides,
  }
}

function mountList(q: PagedQuery, count: number) {
  return mount(PagedList, {
    props: { query: q, count, emptyText: 'Nessuna azienda.', countText: `${count} aziende` },
    slots: { default: '<table><caption>Aziende</caption></table>' },
    global: { plugins: [createAppI18n()] },
    attachTo: document.body,
  })
}

describe('PagedList', () => {
  it('shows the rows and the count, or only the empty text when there are none', () => {
    const full = mountList(query(), 3)
    expect(full.find('table').exists()).toBe(true)
    expect(full.get('[role="status"]').text()).toBe('3 aziende')
    expect(full.find('button').exists()).toBe(false)
    full.unmount()

    const empty = mountList(query(), 0)
    expect(empty.find('table').exists()).toBe(false)
    expect(empty.get('[role="status"]').text()).toBe('Nessuna azienda.')
    empty.unmount()
  })

  it('announces a failure with a retry that asks the query again', async () => {
    const q = query({ error: ref(new ApiError({ type: 'x', title: 'Problem', status: 503 }, null)) })
    const wrapper = mountList(q, 0)
    expect(wrapper.find('[role="alert"]').exists()).toBe(true)
    expect(wrapper.find('[role="status"]').exists()).toBe(false)
    await wrapper.get('[role="alert"] button').trigger('click')
    expect(q.refetch).toHaveBeenCalledOnce()
    wrapper.unmount()
  })

  it('loads the next page and, on the last one, moves the focus to the count instead of losing it', async () => {
    const hasNextPage = ref(true)
    let finish: () => void = () => undefined
    const loadNextPage = vi.fn(
      () =>
        new Promise<void>((resolve) => {
          finish = () => {
            hasNextPage.value = false
            resolve()
          }
        }),
    )
    const wrapper = mountList(query({ hasNextPage, loadNextPage }), 25)
    const more = wrapper.get('button')
    await more.trigger('click')
    expect(loadNextPage).toHaveBeenCalledOnce()
    expect(more.attributes('disabled')).toBeDefined()
    finish()
    await eventually(() => expect(document.activeElement).toBe(wrapper.get('[role="status"]').element))
    await nextTick()
    expect(wrapper.find('button').exists()).toBe(false)
    wrapper.unmount()
  })
})
