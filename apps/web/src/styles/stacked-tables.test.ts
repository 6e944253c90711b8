/**
 * Every table of the app becomes stacked rows on a phone (issue 14): styles/app.css stacks
 * `.ponte-table` under 576 px and composables/useStackedTables.ts names each cell's column. A table
 * without the class would keep its columns and push the page sideways; only typing grids (PUC and
 * pathway attendance) keep their columns, inside a box that scrolls (`.table-responsive` or the
 * grid's own). The e2e test `phone-every-page.test.ts` checks the pages in Chromium; this one
 * catches a table that the demo data never fills.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const SRC = join(import.meta.dirname, '..')

function vueFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return vueFiles(path)
    return path.endsWith('.vue') ? [path] : []
  })
}

describe('tables on a phone', () => {
  it('every table is stacked rows (.ponte-table) or a typing grid that scrolls in its own box', () => {
    const offenders: string[] = []
    let tables = 0
    for (const file of vueFiles(SRC)) {
      const source = readFileSync(file, 'utf8')
      for (const match of source.matchAll(/<table\b[^>]*>/g)) {
        tables++
        const tag = match[0]
        if (/\bponte-table\b/.test(tag)) continue
        const before = source.slice(Math.max(0, match.index - 200), match.index)
        const isGrid = /grid/.test(tag)
        const scrolls = /table-responsive/.test(before)
        if (!(isGrid && scrolls)) offenders.push(`${relative(SRC, file)}: ${tag}`)
      }
    }
    expect(tables).toBeGreaterThan(20)
    expect(offenders).toEqual([])
  })
})
