/** Helpers of the tests of unsaved drafts (useFormDraft): what is kept, the notice, and whether leaving asks first. */
import type { VueWrapper } from '@vue/test-utils'
import { expect, vi } from 'vitest'
import type { Router } from 'vue-router'
import { settle } from './helpers'

/** The drafts kept in this browser tab (sessionStorage keys). */
export const drafts = () => Object.keys(sessionStorage).filter((k) => k.startsWith('ponte.draft.'))

/** What a draft holds (the first kept, or the one whose key ends with `form`). */
export function draftValues(form?: string): Record<string, unknown> {
  const key = drafts().find((k) => !form || k.endsWith(`.${form}`))
  if (!key) throw new Error(`No draft ${form ?? ''}; drafts: ${drafts().join(' | ')}`)
  return JSON.parse(sessionStorage.getItem(key)!) as Record<string, unknown>
}

/** The text of the notice that a form opened with a draft left unsaved, or null without it. */
export const draftNotice = (wrapper: VueWrapper) => {
  const notice = wrapper.find('.ponte-draft-notice')
  return notice.exists() ? notice.text() : null
}

/**
 * Whether leaving now asks first, both ways: the router guard (answered "stay": the page stays)
 * and the browser's `beforeunload` (cancelled). Throws when they disagree.
 */
export async function leavingAsks(router: Router): Promise<boolean> {
  // A form mounted outside a page (a tab test): the router first stands on a page of the app.
  // (Small pages, the forbidden and the not-found one, so that no page's code is still loading when the test ends.)
  if (router.currentRoute.value.matched.length === 0) await router.push('/forbidden')
  const from = router.currentRoute.value.fullPath
  const confirm = vi.fn(() => false)
  vi.stubGlobal('confirm', confirm)
  await router.push('/pagina-lasciata')
  const guardAsked = confirm.mock.calls.length > 0
  if (guardAsked && router.currentRoute.value.fullPath !== from) throw new Error('Answered "stay", the router left the page')
  const unload = new Event('beforeunload', { cancelable: true })
  window.dispatchEvent(unload)
  if (guardAsked !== unload.defaultPrevented) throw new Error(`The router ${guardAsked ? 'asks' : 'does not ask'}, the browser ${unload.defaultPrevented ? 'does' : 'does not'}`)
  // Without a question the router left: back to the page, for what the test does next.
  if (!guardAsked) await router.push(from)
  return guardAsked
}

/**
 * The steps of every draft test: mounts the form (`mount`), types into it (`type`), sees one draft
 * kept and — unless `leaving: false` — leaving the page asking first, unmounts it (another tab or
 * page), mounts it again and sees the notice "Bozza non salvata ripristinata". Returns the form
 * mounted again, for what the test checks next (the values restored, the save, the cancel).
 */
export async function typeLeaveAndReturn<M extends { wrapper: VueWrapper; router: Router }>(mount: () => Promise<M>, type: (wrapper: VueWrapper) => Promise<unknown>, options: { leaving?: boolean } = {}): Promise<M> {
  const first = await mount()
  await type(first.wrapper)
  await settle()
  expect(drafts()).toHaveLength(1)
  if (options.leaving !== false) expect(await leavingAsks(first.router)).toBe(true)
  first.wrapper.unmount()
  const again = await mount()
  expect(draftNotice(again.wrapper)).toContain('Bozza non salvata ripristinata')
  return again
}
