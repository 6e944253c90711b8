import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { generateSchema, SCHEMA_PATH } from '../scripts/generate.mjs'

describe('the generated client types', () => {
  it('are up to date with the committed OpenAPI document (run `pnpm --filter @ponte/client generate`)', async () => {
    const committed = await readFile(SCHEMA_PATH, 'utf8')
    expect(committed).toBe(await generateSchema())
  }, 60_000)
})
