/**
 * `pnpm start` (and so `npm run quickstart`) builds only what changed (issue 8 §6): a second start
 * of a built product builds nothing, a change rebuilds the package and those that depend on it,
 * and a change to a test rebuilds nothing. Run on a copy of `scripts/build-if-changed.mjs` in a
 * scratch workspace whose `pnpm` only records what it was asked to build.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const repository = path.join(import.meta.dirname, '../../../..')
const PACKAGES = ['packages/shared', 'packages/client', 'apps/api', 'apps/web']
let root: string

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'ponte-build-if-changed-'))
  mkdirSync(path.join(root, 'scripts'))
  cpSync(path.join(repository, 'scripts/build-if-changed.mjs'), path.join(root, 'scripts/build-if-changed.mjs'))
  for (const file of ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', 'tsconfig.base.json']) writeFileSync(path.join(root, file), `${file}\n`)
  for (const dir of PACKAGES) {
    mkdirSync(path.join(root, dir, 'src'), { recursive: true })
    writeFileSync(path.join(root, dir, 'src/index.ts'), `export const name = '${dir}'\n`)
  }
  // The `pnpm` the script calls (it uses npm_execpath when it names pnpm): records the package and makes its dist.
  writeFileSync(
    path.join(root, 'pnpm.cjs'),
    `const fs = require('node:fs'), path = require('node:path')
const name = process.argv[process.argv.indexOf('--filter') + 1]
const dirs = { '@ponte/shared': 'packages/shared', '@ponte/client': 'packages/client', '@ponte/api': 'apps/api', '@ponte/web': 'apps/web' }
fs.mkdirSync(path.join(process.cwd(), dirs[name], 'dist'), { recursive: true })
fs.appendFileSync(path.join(process.cwd(), 'built.log'), name + '\\n')
`,
  )
})

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true })
})

/** One start: what it built. */
function start(): string[] {
  const before = built()
  execFileSync(process.execPath, ['scripts/build-if-changed.mjs'], { cwd: root, env: { ...process.env, npm_execpath: path.join(root, 'pnpm.cjs') }, stdio: 'pipe' })
  return built().slice(before.length)
}
function built(): string[] {
  try {
    return readFileSync(path.join(root, 'built.log'), 'utf8').split('\n').filter(Boolean)
  } catch {
    return []
  }
}
const check = () => spawnSync(process.execPath, ['scripts/build-if-changed.mjs', '--check'], { cwd: root, encoding: 'utf8' })

describe('starting the product builds only what changed', () => {
  it('builds everything the first time, nothing the second time', () => {
    expect(check().status).toBe(1)
    expect(start()).toEqual(['@ponte/shared', '@ponte/client', '@ponte/api', '@ponte/web'])
    expect(start()).toEqual([])
    expect(check().status).toBe(0)
  })

  it('rebuilds a changed package and what depends on it, and nothing for a changed test', () => {
    writeFileSync(path.join(root, 'packages/shared/src/index.ts'), `export const name = 'shared, changed'\n`)
    expect(start()).toEqual(['@ponte/shared', '@ponte/api', '@ponte/web'])
    writeFileSync(path.join(root, 'packages/client/src/index.ts'), `export const name = 'client, changed'\n`)
    expect(start()).toEqual(['@ponte/client', '@ponte/web'])
    mkdirSync(path.join(root, 'apps/api/test'), { recursive: true })
    writeFileSync(path.join(root, 'apps/api/test/a.test.ts'), 'test\n')
    writeFileSync(path.join(root, 'apps/web/src/b.test.ts'), 'test\n')
    expect(start()).toEqual([])
  })

  it('rebuilds a package whose build output was deleted', () => {
    rmSync(path.join(root, 'apps/web/dist'), { recursive: true })
    expect(start()).toEqual(['@ponte/web'])
    expect(start()).toEqual([])
  })
})
