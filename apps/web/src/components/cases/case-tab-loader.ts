/** The download of a case tab's component (case-tab.ts `load`), kept once it succeeded. */
import type { Component } from 'vue'

/** Downloads a tab's component (once: later calls answer the same one). */
export type TabLoader = () => Promise<Component>

const loaded = new WeakMap<TabLoader, Component>()

/** The tab's component when it has already been downloaded (then it shows without a loading step). */
export const loadedTab = (load: TabLoader): Component | null => loaded.get(load) ?? null

/** A TabLoader over `import('./Tab.vue')`; a failed download (network) may be tried again. */
export function tabLoader<P>(load: () => Promise<{ default: Component<P> }>): TabLoader {
  let pending: Promise<Component> | null = null
  const loader: TabLoader = () =>
    (pending ??= load().then(
      (module) => {
        loaded.set(loader, module.default as Component)
        return module.default as Component
      },
      (error: unknown) => {
        pending = null
        throw error
      },
    ))
  return loader
}
