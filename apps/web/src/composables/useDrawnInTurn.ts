/**
 * A list drawn one item per task: the page around it is drawn (and painted) first, then each item
 * in a task of its own. Drawing a page and all its parts in one go is one long task, which keeps a
 * slow phone from painting or answering a tap until it ends (the case manager's home: 120 ms on a
 * fast computer, about half a second on a phone). Items already drawn stay; items added later (another
 * membership's cards) come in turn after them.
 */
import { computed, onBeforeUnmount, ref, watch, type Ref } from 'vue'

export function useDrawnInTurn<T>(items: Ref<readonly T[]>) {
  const count = ref(0)
  let timer: ReturnType<typeof setTimeout> | undefined
  const next = () => {
    timer = undefined
    if (count.value >= items.value.length) return
    count.value += 1
    timer = setTimeout(next, 0)
  }
  watch(
    () => items.value.length,
    (length) => {
      if (count.value > length) count.value = length
      if (timer === undefined && count.value < length) timer = setTimeout(next, 0)
    },
    { immediate: true },
  )
  onBeforeUnmount(() => clearTimeout(timer))
  return computed(() => items.value.slice(0, count.value))
}
