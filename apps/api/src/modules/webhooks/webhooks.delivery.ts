/**
 * Webhook delivery, at least once:
 * 1. `dispatch` (every second, in each process that delivers): for each active subscription, locked
 *    so that two processes never fan out the same one, the events after its position that the
 *    organisation may see (the change feed's own reader) become deliveries, their pg-boss jobs are
 *    queued in the same transaction, and the position moves on. Deliveries left unqueued (a
 *    redelivery, a re-enabled subscription) are queued too.
 * 2. `deliver` (the pg-boss worker of the one queue): re-checks that the organisation may still see
 *    the event (otherwise `skipped`), signs the body per Standard Webhooks with the delivery id as
 *    `webhook-id`, POSTs it, logs the attempt. A non-2xx answer or a network error throws, and
 *    pg-boss retries with exponential back-off for about 24 hours; the last failure marks the
 *    delivery `failed` and disables the subscription, telling the organisation's admins. A process
 *    killed mid-delivery leaves the job active: pg-boss hands it out again when it expires.
 */
import { and, eq, isNull, sql } from 'drizzle-orm'
import { fromDrizzle, type Job, type PgBoss } from 'pg-boss'
import type { OrganisationKind, WebhookPayload } from '@ponte/shared'
import type { Config } from '../../config.js'
import type { Database, Db } from '../../db/client.js'
import { domainEvents, organisations, webhookDeliveries, webhookSubscriptions } from '../../db/schema/index.js'
import { recordAudit, SYSTEM_ACTOR } from '../../lib/audit.js'
import { recordDomainEvent } from '../../lib/events.js'
import type { Principal } from '../../lib/principal.js'
import { open } from '../../lib/secret-box.js'
import { readEvents, visibleEventsCondition } from '../changes/changes.service.js'
import { signWebhook } from './webhooks.signing.js'
import { undeliverableReason } from './webhooks.url.js'

export const WEBHOOK_QUEUE = 'webhook-delivery'

export interface DeliveryJob {
  deliveryId: string
}

/** What the subscribing organisation may see: an operator of it, like its API clients. */
export const organisationPrincipal = (organisationId: string, kind: OrganisationKind): Principal => ({
  kind: 'user',
  userId: organisationId,
  sessionId: organisationId,
  clientId: null,
  memberships: [{ organisationId, organisationKind: kind, roles: ['operator'] }],
})

export function jobOptions(config: Config) {
  return {
    retryLimit: config.webhooks.retryLimit,
    retryDelay: config.webhooks.retryDelaySeconds,
    retryBackoff: true,
    retryDelayMax: config.webhooks.retryDelayMaxSeconds,
    expireInSeconds: config.webhooks.expireInSeconds,
  }
}

/** Turns new events into deliveries and queues them; answers how many deliveries were queued. */
export async function dispatch(db: Database, boss: PgBoss, config: Config): Promise<number> {
  return db.transaction(async (tx) => {
    const subscriptions = await tx
      .select({ subscription: webhookSubscriptions, kind: organisations.kind })
      .from(webhookSubscriptions)
      .innerJoin(organisations, eq(organisations.id, webhookSubscriptions.organisationId))
      .where(eq(webhookSubscriptions.status, 'active'))
      .for('update', { of: webhookSubscriptions, skipLocked: true })
    for (const { subscription, kind } of subscriptions) {
      const { rows, position } = await readEvents(tx, organisationPrincipal(subscription.organisationId, kind as OrganisationKind), { txId: subscription.positionTxId, seq: subscription.positionSeq }, { types: subscription.eventTypes, limit: 500 })
      if (rows.length === 0) continue
      await tx.insert(webhookDeliveries).values(rows.map((e) => ({ subscriptionId: subscription.id, eventId: e.id, eventType: e.type })))
      await tx.update(webhookSubscriptions).set({ positionTxId: position.txId, positionSeq: position.seq }).where(eq(webhookSubscriptions.id, subscription.id))
    }
    // Every pending delivery without a job (just made, redelivered, or of a re-enabled subscription) gets one, in this transaction.
    const unqueued = await tx
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
      .where(and(eq(webhookDeliveries.status, 'pending'), isNull(webhookDeliveries.enqueuedAt), eq(webhookSubscriptions.status, 'active')))
      .orderBy(webhookDeliveries.createdAt, webhookDeliveries.id)
      .limit(1000)
      .for('update', { of: webhookDeliveries, skipLocked: true })
    const queueDb = fromDrizzle(tx as never, sql as never)
    for (const { id } of unqueued) await boss.send(WEBHOOK_QUEUE, { deliveryId: id } satisfies DeliveryJob, { ...jobOptions(config), db: queueDb })
    if (unqueued.length > 0) await tx.update(webhookDeliveries).set({ enqueuedAt: new Date() }).where(sql`${webhookDeliveries.id} in (${sql.join(unqueued.map((u) => sql`${u.id}::uuid`), sql`, `)})`)
    return unqueued.length
  })
}

const MAX_ERROR = 300

/** One attempt of one delivery (the pg-boss handler). Throws to have pg-boss retry it later. */
export async function deliver(db: Database, config: Config, job: Job<DeliveryJob>): Promise<void> {
  const [found] = await db
    .select({ delivery: webhookDeliveries, subscription: webhookSubscriptions, kind: organisations.kind })
    .from(webhookDeliveries)
    .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
    .innerJoin(organisations, eq(organisations.id, webhookSubscriptions.organisationId))
    .where(eq(webhookDeliveries.id, job.data.deliveryId))
  if (!found || found.delivery.status !== 'pending') return
  const { delivery, subscription } = found
  if (subscription.status !== 'active') {
    // Waits for the subscription to be re-enabled, when the dispatcher queues it again.
    await db.update(webhookDeliveries).set({ enqueuedAt: null }).where(eq(webhookDeliveries.id, delivery.id))
    return
  }
  // What the organisation may see now, not when the event happened.
  const [event] = await db
    .select()
    .from(domainEvents)
    .where(and(eq(domainEvents.id, delivery.eventId), visibleEventsCondition(organisationPrincipal(subscription.organisationId, found.kind as OrganisationKind))))
  if (!event) {
    await db.update(webhookDeliveries).set({ status: 'skipped', lastError: 'Il destinatario non vede più questo dato.' }).where(eq(webhookDeliveries.id, delivery.id))
    return
  }

  const payload: WebhookPayload = {
    type: event.type,
    timestamp: new Date().toISOString(),
    data: {
      eventId: event.id,
      resourceType: event.resourceType,
      resourceId: event.resourceId,
      caseId: event.caseId,
      occurredAt: event.occurredAt.toISOString(),
      ...(typeof event.data.from === 'string' ? { from: event.data.from } : {}),
      ...(typeof event.data.to === 'string' ? { to: event.data.to } : {}),
    },
  }
  const body = JSON.stringify(payload)
  const timestamp = Math.floor(Date.now() / 1000)
  let statusCode: number | null = null
  let error: string | null = null
  const refused = undeliverableReason(subscription.url, config)
  if (refused) {
    error = refused
  } else {
    try {
      const response = await fetch(subscription.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(config.webhooks.timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Ponte-Webhooks/1',
          'webhook-id': delivery.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signWebhook(open(config.jwtSecret, subscription.secretCiphertext), delivery.id, timestamp, body),
        },
        body,
      })
      statusCode = response.status
      await response.body?.cancel()
      if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`
    } catch (e) {
      error = e instanceof Error ? (e.name === 'TimeoutError' ? 'Nessuna risposta entro il tempo limite' : (e.cause as Error | undefined)?.message ?? e.message) : 'Errore di rete'
    }
  }

  const now = new Date()
  if (!error) {
    await db.update(webhookDeliveries).set({ status: 'succeeded', attempts: sql`${webhookDeliveries.attempts} + 1`, lastAttemptAt: now, lastStatusCode: statusCode, lastError: null, deliveredAt: now }).where(eq(webhookDeliveries.id, delivery.id))
    return
  }
  const lastAttempt = job.retryCount >= config.webhooks.retryLimit
  await db.transaction(async (tx) => {
    await tx
      .update(webhookDeliveries)
      .set({ attempts: sql`${webhookDeliveries.attempts} + 1`, lastAttemptAt: now, lastStatusCode: statusCode, lastError: error.slice(0, MAX_ERROR), ...(lastAttempt ? { status: 'failed' as const } : {}) })
      .where(eq(webhookDeliveries.id, delivery.id))
    if (lastAttempt) await disableAfterPersistentFailure(tx, subscription.id, subscription.organisationId)
  })
  if (!lastAttempt) throw new Error(`Webhook delivery failed: ${error}`)
}

/** A delivery failed for 24 hours: the subscription stops, and the organisation is told (change feed and its admins' web page). */
async function disableAfterPersistentFailure(tx: Db, subscriptionId: string, organisationId: string) {
  const [updated] = await tx
    .update(webhookSubscriptions)
    .set({ status: 'disabled', disabledAt: new Date(), disabledReason: 'Disattivato automaticamente: un invio è fallito per 24 ore.', version: sql`${webhookSubscriptions.version} + 1`, updatedAt: new Date() })
    .where(and(eq(webhookSubscriptions.id, subscriptionId), eq(webhookSubscriptions.status, 'active')))
    .returning({ id: webhookSubscriptions.id })
  if (!updated) return
  await recordDomainEvent(tx, SYSTEM_ACTOR, { type: 'webhook.disabled', resourceType: 'webhook', resourceId: subscriptionId, ownerOrganisationId: organisationId, data: { to: 'disabled' } })
  await recordAudit(tx, SYSTEM_ACTOR, [{ action: 'disable', resourceType: 'webhook', resourceId: subscriptionId, organisationId, changedFields: ['status'] }])
}
