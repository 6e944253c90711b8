/**
 * A grid whose items fill in at their own pace (the home cards, each loading its list): an item
 * that grows as its data arrives pushes the ones after it down, and the page jumps (Lighthouse's
 * cumulative layout shift). This tells which items must wait: every item after the first one still
 * loading (showing BaseLoading, `.ponte-loading`) keeps its place but stays hidden until the items
 * before it have answered, so each item appears where it then stays. The loading item itself shows
 * its spinner (announced by its role="status").
 */
import { ref, watch, type Ref } from 'vue'

const LOADING = '.ponte-loading'

/** The index of the first item of `container` that is still loading; Infinity when none is. */
export function firstLoadingIndex(container: HTMLElement): number {
  const index = Array.from(container.children).findIndex((item) => item.matches(LOADING) || item.querySelector(LOADING) !== null)
  return index === -1 ? Number.POSITIVE_INFINITY : index
}

/** `awaits(i)`: whether the i-th item of the container is to stay hidden for now. */
export function useRevealInOrder(container: Ref<HTMLElement | null>) {
  const firstLoading = ref(Number.POSITIVE_INFINITY)
  watch(
    container,
    (element, _previous, onCleanup) => {
      if (!element) return
      const update = () => {
        firstLoading.value = firstLoadingIndex(element)
      }
      update()
      if (typeof MutationObserver === 'undefined') return
      const observer = new MutationObserver(update)
      // Children added or removed anywhere below (a spinner replaced by the list); not attributes, which this changes.
      observer.observe(element, { childList: true, subtree: true })
      onCleanup(() => observer.disconnect())
    },
    { immediate: true, flush: 'post' },
  )
  return { awaits: (index: number) => index > firstLoading.value }
}
