/**
 * Who calls, as every use case takes it: the principal the policies read, the actor audit entries
 * carry, and the one way to report a read of personal data for the audit trail (plugins/audit.ts).
 * Routes pass `callerOf(request)`; services never see the request.
 */
import type { FastifyRequest } from 'fastify'
import type { AuditActor } from './audit.js'
import type { Principal } from './principal.js'

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
