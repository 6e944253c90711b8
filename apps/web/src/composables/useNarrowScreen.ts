/**
 * Whether the screen is phone-narrow (below Bootstrap's `md` breakpoint, 768 px), following
 * rotations and resizes: for the few layouts that change more than CSS can say (a summary with its
 * details behind a button on a phone, all of it shown on a wider screen).
 */
import { onBeforeUnmount, ref, type Ref } from 'vue'

export const NARROW_QUERY = '(max-width: 767.98px)'

export function useNarrowScreen(): Ref<boolean> {
  const query = typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia(NARROW_QUERY) : null
  const narrow = ref(query?.matches ?? false)
  const follow = (event: MediaQueryListEvent) => {
    narrow.value = event.matches
  }
  query?.addEventListener('change', follow)
  onBeforeUnmount(() => query?.removeEventListener('change', follow))
  return narrow
}
