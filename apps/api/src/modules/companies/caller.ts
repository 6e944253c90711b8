/**
 * Who calls, as the mediation services take it: the principal policies read, the actor audit
 * entries carry, and the one way to report a read of personal data. The same shape as the
 * platform's `Caller` (issue 7), built here from the request until that lands.
 */
import type { FastifyRequest } from 'fastify'
import type { AuditActor } from '../../lib/audit.js'
import type { Principal } from '../../lib/principal.js'

export interface Caller {
  readonly principal: Principal
  readonly actor: AuditActor
  auditRead(resourceType: string, resourceId: string, organisationId: string | null, action?: string): void
}

export function callerOf(request: FastifyRequest): Caller {
  return {
    principal: request.requirePrincipal(),
    actor: request.auditActor(),
    auditRead: (resourceType, resourceId, organisationId, action) => request.auditRead(resourceType, resourceId, organisationId, action),
  }
}

// Until the platform's access plugin (issue 7) declares `config.access`, routes carry it untyped.
declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Record<string, unknown>
  }
}
