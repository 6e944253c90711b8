/** Creates the router: the route table, the guards, page titles and focus on the page heading. */
import { nextTick } from 'vue'
import { createRouter, createWebHistory, type RouteLocationNormalized, type RouterHistory, type RouterScrollBehavior } from 'vue-router'
import type { AppI18n } from '../i18n'
import { hasUnsavedChanges, installUnloadWarning } from '../composables/useFormDraft'
import { useSessionStore } from '../stores/session'
import { guardNavigation } from './guards'
import { routes } from './routes'

export const APP_NAME = 'Ponte'

/** `<page> – Ponte`, so each page's title says where the user is. */
export function pageTitle(title: string): string {
  return title ? `${title} – ${APP_NAME}` : APP_NAME
}

/** Moves focus to the page heading so screen readers announce the new page (not on the first load). */
export function focusPageHeading() {
  const heading = document.querySelector<HTMLElement>('#main h1')
  if (!heading) return
  if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1')
  heading.focus({ preventScroll: false })
}

/** Starts loading the lazy page components of a route (the router awaits the same cached import later). */
export function preloadRouteComponents(to: RouteLocationNormalized) {
  for (const record of to.matched) {
    for (const component of Object.values(record.components ?? {})) {
      if (typeof component === 'function' && !('displayName' in component) && !('props' in component) && !('__vccOpts' in component)) {
        void (component as () => Promise<unknown>)().catch(() => undefined)
      }
    }
  }
}

/**
 * Where a navigation leaves the page scrolled: where it was on Back and Forward; unchanged on a
 * change of the query only (a tab, a filter); unchanged on the first page of the visit, which the
 * browser opened at the top (scrolling there would make the browser lay the page out in the
 * middle of its first render — on a phone, part of a long task); at the top otherwise.
 */
export const scrollBehavior: RouterScrollBehavior = (to, from, saved) => saved ?? (from.matched.length === 0 || to.path === from.path ? false : { top: 0 })

export function createAppRouter(i18n: AppI18n, history: RouterHistory = createWebHistory()) {
  const router = createRouter({
    history,
    routes,
    scrollBehavior,
  })

  // Leaving a page whose forms hold unsaved changes asks first (their drafts are kept either way);
  // not when the session ended, where the sign-in page brings the user back to the drafts.
  router.beforeEach((to, from) => {
    if (from.matched.length === 0 || to.path === from.path || !hasUnsavedChanges() || !useSessionStore().isSignedIn) return true
    return window.confirm(i18n.global.t('drafts.leaveConfirm'))
  })
  installUnloadWarning()

  router.beforeEach((to) => {
    // The page's code downloads while the guard waits for the session renewal, not after it.
    preloadRouteComponents(to)
    return guardNavigation(to, useSessionStore())
  })

  router.afterEach((to, from, failure) => {
    if (failure) return
    document.title = pageTitle(i18n.global.t(to.meta.title))
    // A new page, not a new tab or filter of the same one (focus stays where the user is).
    if (from.matched.length > 0 && to.path !== from.path) void nextTick(focusPageHeading)
  })

  return router
}
