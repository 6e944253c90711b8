/**
 * Records domain events in the outbox (`domain_events`) inside the use case's transaction, so an
 * event exists exactly when its change committed. Events carry ids and a small non-personal
 * summary, never personal data: the change feed and webhooks re-read the record with the
 * subscriber's visibility when they deliver it.
 */
import { v7 as uuidv7 } from 'uuid'
import type { Db } from '../db/client.js'
import { domainEvents } from '../db/schema/index.js'
import type { AuditActor } from './audit.js'

export interface DomainEvent {
  /** `<resource>.<verb>`, e.g. `measure.created`, `measure.transitioned`, `referral.visibility_lost`. */
  type: string
  resourceType: string
  resourceId: string
  caseId?: string | null
  ownerOrganisationId?: string | null
  partnerOrganisationId?: string | null
  /** Non-personal summary: `{ from, to }`, `{ changedFields }`. */
  data?: Record<string, unknown>
  /** Organisations that may see the event besides the owner and the partner (e.g. a visibility_lost addressed to one partner only: pass `onlyAudience`). */
  audience?: string[]
  /** When true, the event is addressed to `audience` only (not to the owner and the partner). */
  onlyAudience?: boolean
}

/** The organisations an event is addressed to. */
export function audienceOf(e: DomainEvent): string[] {
  const all = e.onlyAudience ? [...(e.audience ?? [])] : [e.ownerOrganisationId, e.partnerOrganisationId, ...(e.audience ?? [])]
  return [...new Set(all.filter((id): id is string => typeof id === 'string'))]
}

export async function recordDomainEvent(db: Db, actor: AuditActor, ...events: DomainEvent[]): Promise<void> {
  if (events.length === 0) return
  await db.insert(domainEvents).values(
    events.map((e) => ({
      id: uuidv7(),
      type: e.type,
      resourceType: e.resourceType,
      resourceId: e.resourceId,
      caseId: e.caseId ?? null,
      ownerOrganisationId: e.ownerOrganisationId ?? null,
      partnerOrganisationId: e.partnerOrganisationId ?? null,
      audience: audienceOf(e),
      data: e.data ?? {},
      actorUserId: actor.actorUserId,
      actorClientId: actor.actorClientId,
    })),
  )
}
