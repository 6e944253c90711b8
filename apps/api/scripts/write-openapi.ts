/**
 * Writes the committed OpenAPI document (apps/api/openapi.json) from the route schemas.
 * Run after changing a route: `pnpm --filter @ponte/api openapi:write`.
 */
import { writeFile } from 'node:fs/promises'
import { COMMITTED_OPENAPI_PATH, generateOpenApiDocument } from '../src/openapi-document.js'

const document = await generateOpenApiDocument()
await writeFile(COMMITTED_OPENAPI_PATH, document)
console.log(`Wrote ${COMMITTED_OPENAPI_PATH}`)
