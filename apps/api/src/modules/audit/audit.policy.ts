/**
 * Who reads an organisation's audit trail: its `auditor`, and nobody else — not its coordinators,
 * not its administrators, not platform administrators (DOMAIN.md §1). Anyone else gets 404.
 */
import { notFound } from '../../lib/errors.js'
import { hasRole, type Principal } from '../../lib/principal.js'

export const canReadAuditTrailOf = (principal: Principal, organisationId: string) => hasRole(principal, 'auditor', organisationId)

export function assertCanReadAuditTrailOf(principal: Principal, organisationId: string): void {
  if (!canReadAuditTrailOf(principal, organisationId)) throw notFound('Il registro degli accessi dell\'ente')
}
