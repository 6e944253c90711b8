/** The route table as the build reads it for src/early-refresh.js (build/early-refresh.ts): every page found, with its module and whether it is public. */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { routeModules } from '../build/early-refresh'
import { routes } from '../src/router/routes'

describe('the pages the early script prepares', () => {
  it('are read from routes.ts: every route with its page module and its public flag', async () => {
    const file = path.resolve(import.meta.dirname, '../src/router/routes.ts')
    const read = routeModules(readFileSync(file, 'utf8'), file)
    expect(read.map((route) => [route.path, route.public])).toEqual(routes.map((route) => [route.path, route.meta?.public === true]))
    for (const [index, route] of routes.entries()) {
      const loaded = await (route.component as () => Promise<{ default: unknown }>)()
      const module = (await import(/* @vite-ignore */ read[index]!.module)) as { default: unknown }
      expect(module.default, route.path).toBe(loaded.default)
    }
  })
})
