import { mergeConfig } from 'vite'
import base from './vite.config.ts'
const v = process.env.VARIANT ?? ''
const threshold = Number(process.env.MERGE ?? 12000)
type Info = { importers: string[]; importedIds: string[]; dynamicImporters: string[]; isEntry: boolean }
let closure: Set<string> | null = null
function entryClosure(id: string, get: (id: string) => Info | null): Set<string> {
  if (closure) return closure
  // Up to an entry, then down its static imports.
  const up = [id], seenUp = new Set<string>()
  let entry: string | null = null
  while (up.length && !entry) {
    const m = up.pop()!
    if (seenUp.has(m)) continue
    seenUp.add(m)
    const info = get(m)
    if (!info) continue
    if (info.isEntry) entry = m
    up.push(...info.importers, ...info.dynamicImporters)
  }
  if (!entry) throw new Error('no entry')
  const set = new Set<string>(), down = [entry]
  while (down.length) {
    const m = down.pop()!
    if (set.has(m)) continue
    set.add(m)
    down.push(...(get(m)?.importedIds ?? []))
  }
  closure = set
  return set
}
export default mergeConfig(base, {
  build: {
    ...(v.includes('nocss') ? { cssCodeSplit: false } : {}),
    ...(v.includes('nopre') ? { modulePreload: { resolveDependencies: () => [] } } : {}),
    ...(v.includes('group')
      ? {
          rolldownOptions: {
            output: {
              codeSplitting: {
                includeDependenciesRecursively: process.env.RECURSIVE === '1',
                groups: [
                  {
                    name: (id: string, ctx: { getModuleInfo(id: string): Info | null }) => {
                      const info = ctx.getModuleInfo(id)
                      if (!info || info.dynamicImporters.length > 0) return null
                      if (entryClosure(id, (m) => ctx.getModuleInfo(m) as Info | null).has(id)) return null
                      return 'shared'
                    },
                    entriesAware: true,
                    entriesAwareMergeThreshold: threshold,
                  },
                ],
              },
            },
          },
        }
      : {}),
  },
})
