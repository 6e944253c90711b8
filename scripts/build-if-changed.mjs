#!/usr/bin/env node
/**
 * `pnpm start` builds only what changed. Each package's build inputs — its files outside
 * node_modules, dist and tests, the workspace's lockfile and shared configuration, and the
 * fingerprints of the workspace packages it depends on — are hashed by content; the hash is kept
 * in `dist/.build-stamp` after a successful build. A package whose stamp differs (or is missing,
 * e.g. dist deleted) is built again, and so is every package depending on it.
 *
 *   node scripts/build-if-changed.mjs           build what changed, then stamp it
 *   node scripts/build-if-changed.mjs --stamp   only write the stamps (after `pnpm run build`)
 *   node scripts/build-if-changed.mjs --check   only say what would be built (exit 1 if anything)
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
/** In build order; `deps` are the workspace packages whose build output this one compiles against. */
const PACKAGES = [
  { name: '@ponte/shared', dir: 'packages/shared', deps: [] },
  { name: '@ponte/client', dir: 'packages/client', deps: [] },
  { name: '@ponte/api', dir: 'apps/api', deps: ['@ponte/shared'] },
  { name: '@ponte/web', dir: 'apps/web', deps: ['@ponte/shared', '@ponte/client'] },
]
const ROOT_INPUTS = ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', 'tsconfig.base.json']
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'test', 'coverage', 'data', '.data-test', '.vite'])
const SKIPPED_FILE = /\.(test|spec)\.[cm]?[jt]sx?$|\.tsbuildinfo$|\.log$/
const STAMP = '.build-stamp'

function filesOf(dir) {
  const found = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.drizzle-check-')) found.push(...filesOf(path.join(dir, entry.name)))
    } else if (entry.isFile() && !SKIPPED_FILE.test(entry.name)) found.push(path.join(dir, entry.name))
  }
  return found
}

function fingerprint(pkg, fingerprints) {
  const hash = createHash('sha256')
  const files = [...ROOT_INPUTS.map((f) => path.join(root, f)).filter((f) => existsSync(f)), ...filesOf(path.join(root, pkg.dir))]
  for (const file of files.sort()) {
    hash.update(path.relative(root, file)).update('\0').update(readFileSync(file)).update('\0')
  }
  for (const dep of pkg.deps) hash.update(`${dep}=${fingerprints.get(dep)}\n`)
  return hash.digest('hex')
}

/** pnpm as the script was started with (`npm_execpath`), so `npx pnpm start` works without a global pnpm. */
function pnpm(args) {
  const execPath = process.env.npm_execpath
  if (execPath && /pnpm/.test(path.basename(execPath))) {
    if (/\.[cm]?js$/.test(execPath)) execFileSync(process.execPath, [execPath, ...args], { cwd: root, stdio: 'inherit' })
    else execFileSync(execPath, args, { cwd: root, stdio: 'inherit' })
  } else execFileSync('pnpm', args, { cwd: root, stdio: 'inherit' })
}

const stampOnly = process.argv.includes('--stamp')
const checkOnly = process.argv.includes('--check')
const started = Date.now()
const fingerprints = new Map()
const built = []
for (const pkg of PACKAGES) {
  const current = fingerprint(pkg, fingerprints)
  fingerprints.set(pkg.name, current)
  const stampFile = path.join(root, pkg.dir, 'dist', STAMP)
  if (!stampOnly) {
    const stamped = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : null
    if (stamped === current && !built.some((name) => pkg.deps.includes(name))) continue
    if (checkOnly) {
      console.log(`${pkg.name}: ${stamped === null ? 'not built yet' : 'sources changed'}`)
      built.push(pkg.name)
      continue
    }
    console.log(`Ponte: building ${pkg.name} (${stamped === null ? 'not built yet' : 'sources changed'}) …`)
    pnpm(['--filter', pkg.name, 'run', 'build'])
    built.push(pkg.name)
  }
  if (existsSync(path.dirname(stampFile))) writeFileSync(stampFile, `${current}\n`)
}
if (checkOnly) process.exit(built.length ? 1 : 0)
if (!stampOnly) {
  const took = `${((Date.now() - started) / 1000).toFixed(1)} s`
  console.log(built.length ? `Ponte: built ${built.join(', ')} in ${took}.` : `Ponte: the build is up to date (checked in ${took}).`)
}
