/**
 * Registers every named schema of @ponte/shared once, so routes can `Ref` them and the OpenAPI
 * document lists them under components/schemas by their `$id`.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import * as contract from '@ponte/shared'

export default fp(
  async function contractPlugin(app: FastifyInstance) {
    const seen = new Set<string>()
    for (const value of Object.values(contract)) {
      if (value && typeof value === 'object' && typeof (value as { $id?: unknown }).$id === 'string') {
        const id = (value as unknown as { $id: string }).$id
        if (seen.has(id)) continue
        seen.add(id)
        app.addSchema(value)
      }
    }
  },
  { name: 'contract' },
)
