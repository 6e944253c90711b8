/** Decorates the app with the database handle; the pool is closed when the app closes. */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Database, DatabaseHandle } from '../db/client.js'

declare module 'fastify' {
  interface FastifyInstance {
    db: Database
    /** The pool under `db`, for the few statements written as SQL text and prepared under a name. */
    pool: DatabaseHandle['pool']
  }
}

export default fp(
  async function databasePlugin(app: FastifyInstance, opts: { handle: DatabaseHandle; closeOnShutdown: boolean }) {
    app.decorate('db', opts.handle.db)
    app.decorate('pool', opts.handle.pool)
    if (opts.closeOnShutdown) app.addHook('onClose', async () => opts.handle.close())
  },
  { name: 'database' },
)
