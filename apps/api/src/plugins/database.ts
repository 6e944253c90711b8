/** Decorates the app with the database handle; the pool is closed when the app closes. */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Database, DatabaseHandle } from '../db/client.js'

declare module 'fastify' {
  interface FastifyInstance {
    db: Database
  }
}

export default fp(
  async function databasePlugin(app: FastifyInstance, opts: { handle: DatabaseHandle; closeOnShutdown: boolean }) {
    app.decorate('db', opts.handle.db)
    if (opts.closeOnShutdown) app.addHook('onClose', async () => opts.handle.close())
  },
  { name: 'database' },
)
