/**
 * The tabs of the case page, registered by the domains: each folder of `components/` may have a
 * `case-tabs.ts` exporting `caseTabs` (collected here by import.meta.glob, so a new area adds its
 * file and touches nothing central). A tab says where it goes (`order`), who sees it (`visible`,
 * from the case and the person as the API answered them) and what its component receives; see
 * case-tab.ts.
 */
import type { CaseTab, CaseTabContext } from './case-tab'
import { byCodeUnits } from '../../composables/code-order'

export type { CaseTab, CaseTabContext } from './case-tab'

const registered = import.meta.glob<CaseTab[]>('../*/case-tabs.ts', { eager: true, import: 'caseTabs' })

/** Every registered tab, by order (then id). */
export const caseTabs: CaseTab[] = Object.values(registered)
  .flat()
  .sort((a, b) => a.order - b.order || byCodeUnits(a.id, b.id))

/** The tabs shown for this case and person. */
export const tabsFor = (context: CaseTabContext, tabs: readonly CaseTab[] = caseTabs) => tabs.filter((tab) => tab.visible(context))
