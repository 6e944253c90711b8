/**
 * Tables become stacked rows on a phone (styles/app.css, `.ponte-table` under 576 px): each cell
 * then shows its column's heading before its value. This labels the cells of every `.ponte-table`
 * inside `root` with their column heading (`data-label`), now and whenever the content changes,
 * so no table has to repeat its headings.
 */
import { onBeforeUnmount, onMounted, type Ref } from 'vue'

/** Copies each column heading of `table` to the `data-label` of the cells in its column. */
export function labelTableCells(table: HTMLTableElement) {
  const headRow = table.querySelector(':scope > thead > tr')
  const headings = Array.from(headRow?.querySelectorAll(':scope > th, :scope > td') ?? []).map((cell) => cell.textContent?.trim() ?? '')
  for (const row of Array.from(table.querySelectorAll(':scope > tbody > tr'))) {
    let column = 0
    for (const cell of Array.from(row.querySelectorAll<HTMLTableCellElement>(':scope > th, :scope > td'))) {
      const label = headings[column] ?? ''
      if (cell.dataset.label !== label) cell.dataset.label = label
      column += cell.colSpan || 1
    }
  }
}

export function useStackedTables(root: Ref<HTMLElement | null>) {
  let observer: MutationObserver | null = null
  let scheduled = false
  const labelAll = () => {
    scheduled = false
    root.value?.querySelectorAll<HTMLTableElement>('table.ponte-table').forEach(labelTableCells)
  }
  onMounted(() => {
    labelAll()
    if (!root.value || typeof MutationObserver === 'undefined') return
    observer = new MutationObserver(() => {
      if (scheduled) return
      scheduled = true
      queueMicrotask(labelAll)
    })
    observer.observe(root.value, { childList: true, subtree: true, characterData: true })
  })
  onBeforeUnmount(() => observer?.disconnect())
}
