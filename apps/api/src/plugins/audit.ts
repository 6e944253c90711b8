/**
 * Read-logging hook: handlers call `request.auditRead(...)` for each person or case they return;
 * the entries are written in one insert before the response leaves (a read that cannot be audited
 * is not answered).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { type AuditEntry, recordAudit } from '../lib/audit.js'

declare module 'fastify' {
  interface FastifyRequest {
    auditReads: AuditEntry[] | null
    auditRead: (resourceType: string, resourceId: string, organisationId?: string | null, action?: string) => void
  }
}

export default fp(
  async function auditPlugin(app: FastifyInstance) {
    app.decorateRequest('auditReads', null)
    app.decorateRequest('auditRead', function (this: FastifyRequest, resourceType: string, resourceId: string, organisationId: string | null = null, action = 'read') {
      ;(this.auditReads ??= []).push({ action, resourceType, resourceId, organisationId })
    })
    app.addHook('onSend', async (request, reply, payload) => {
      const reads = request.auditReads
      if (reads && reads.length > 0 && reply.statusCode < 400) {
        request.auditReads = null
        await recordAudit(app.db, request.auditActor(), reads)
      }
      return payload
    })
  },
  { name: 'audit', dependencies: ['database', 'auth'] },
)
