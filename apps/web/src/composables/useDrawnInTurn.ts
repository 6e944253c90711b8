/**
 * A list drawn one item per task: the page around it is drawn and painted first, then each item in
 * a task of its own, once the browser has painted the one before (afterNextPaint). Drawing a page
 * and all its parts in one go is one long task, which keeps a slow phone from painting or answering
 * a tap until it ends (the case manager's home: 120 ms on a fast computer, about half a second on a
 * phone). Items already drawn stay; items added later (another membership's cards) come in turn
 * after them.
 */
import { computed, onBeforeUnmount, ref, watch, type Ref } from 'vue'
import { afterNextPaint } from './afterNextPaint'

export function useDrawnInTurn<T>(items: Ref<readonly T[]>) {
  const count = ref(0)
  let cancel: (() => void) | undefined
  const next = () => {
    cancel = undefined
    if (count.value >= items.value.length) return
    count.value += 1
    cancel = afterNextPaint(next)
  }
  watch(
    () => items.value.length,
    (length) => {
      if (count.value > length) count.value = length
      if (cancel === undefined && count.value < length) cancel = afterNextPaint(next)
    },
    { immediate: true },
  )
  onBeforeUnmount(() => cancel?.())
  return computed(() => items.value.slice(0, count.value))
}
