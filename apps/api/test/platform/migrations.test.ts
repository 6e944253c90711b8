import { execFileSync } from 'node:child_process'
import { cpSync, rmSync } from 'node:fs'
import path from 'node:path'
import { expect, it } from 'vitest'

const apiDir = path.resolve(import.meta.dirname, '../..')

it('the generated migrations match the Drizzle schema (drizzle-kit finds nothing to generate)', () => {
  const out = `.drizzle-check-${process.pid}`
  cpSync(path.join(apiDir, 'drizzle'), path.join(apiDir, out), { recursive: true })
  try {
    const output = execFileSync(path.join(apiDir, 'node_modules/.bin/drizzle-kit'), ['generate', '--dialect', 'postgresql', '--schema', './src/db/schema/index.ts', '--out', `./${out}`, '--casing', 'snake_case'], { cwd: apiDir, encoding: 'utf8' })
    expect(output).toContain('No schema changes')
  } finally {
    rmSync(path.join(apiDir, out), { recursive: true, force: true })
  }
})
