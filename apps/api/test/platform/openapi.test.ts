import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { COMMITTED_OPENAPI_PATH, generateOpenApiDocument } from '../../src/openapi-document.js'

// The official ruleset from the shared design folder when present (it may be newer), else the copy
// kept beside this test, so the lint always runs.
const SHARED_RULESET = path.resolve(import.meta.dirname, '../../../../../shared/oas/italian-guidelines.spectral.yml')
const RULESET = existsSync(SHARED_RULESET) ? SHARED_RULESET : path.resolve(import.meta.dirname, 'italian-guidelines.spectral.yml')
const SPECTRAL = path.resolve(import.meta.dirname, '../../node_modules/.bin/spectral')

describe('the OpenAPI document', () => {
  it('is committed and up to date with the route schemas (run `pnpm --filter @ponte/api openapi:write`)', async () => {
    const committed = await readFile(COMMITTED_OPENAPI_PATH, 'utf8')
    expect(committed).toBe(await generateOpenApiDocument())
  })

  it('lints with 0 errors against the Italian guidelines ruleset', async () => {
    const run = promisify(execFile)
    const result = await run(SPECTRAL, ['lint', COMMITTED_OPENAPI_PATH, '-r', RULESET, '-f', 'json', '--fail-severity', 'error', '-q'], { maxBuffer: 64 * 1024 * 1024 }).catch(
      (error: { stdout?: string; code?: number }) => ({ stdout: error.stdout ?? '', code: error.code }),
    )
    // Spectral must have run and answered its JSON report (an empty report is `[]`).
    expect(result.stdout.trim()).toMatch(/^\[/)
    const findings = JSON.parse(result.stdout) as { code: string; message: string; path: string[]; severity: number }[]
    const errors = findings.filter((f) => f.severity === 0).map((f) => `${f.code} at ${f.path.join('.')}: ${f.message}`)
    expect(errors).toEqual([])
  }, 300_000)
})
