import { describe, expect, it } from 'vitest'
import { START_LOCATION, type RouteLocationNormalized } from 'vue-router'
import { createAppContext } from '../../test/helpers'
import { scrollBehavior } from './index'

describe('where a navigation leaves the scroll', () => {
  const context = createAppContext()
  const at = (path: string) => context.router.resolve(path) as RouteLocationNormalized

  it('goes to the top of a new page, back where it was on Back and Forward, nowhere on a change of the query only', () => {
    expect(scrollBehavior(at('/cases'), at('/'), null)).toEqual({ top: 0 })
    expect(scrollBehavior(at('/cases'), at('/'), { left: 0, top: 640 })).toEqual({ left: 0, top: 640 })
    expect(scrollBehavior(at('/cases?status=active'), at('/cases'), null)).toBe(false)
  })

  it('leaves the first page of a visit as the browser opened it (no scroll, so no layout forced during its first render)', () => {
    expect(scrollBehavior(at('/'), START_LOCATION, null)).toBe(false)
    expect(scrollBehavior(at('/cases'), START_LOCATION, null)).toBe(false)
    // A reload keeps the position the page had.
    expect(scrollBehavior(at('/cases'), START_LOCATION, { left: 0, top: 300 })).toEqual({ left: 0, top: 300 })
  })
})
