/** The messages of one language: its files merged, the common file (`it.json`/`en.json`) first, then the areas by file name. */
import { byCodeUnits } from '../composables/code-order'

const isCommon = (path: string) => /^\.\/(it|en)\.json$/.test(path)

export function mergeMessages(files: Record<string, Record<string, unknown>>): Record<string, unknown> {
  const merged: Record<string, unknown> = {}
  const ordered = Object.keys(files).sort((a, b) => Number(isCommon(b)) - Number(isCommon(a)) || byCodeUnits(a, b))
  for (const path of ordered) Object.assign(merged, files[path])
  return merged
}
