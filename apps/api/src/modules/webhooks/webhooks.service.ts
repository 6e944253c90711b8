/**
 * An organisation's webhook subscriptions and their delivery log: managed by its org_admin (or a
 * platform admin) and by its own API clients holding `webhooks:manage`. The signing secret is
 * shown once (at creation and rotation) and kept sealed; a redelivery puts a delivery back in the
 * queue. Every write is audited.
 */
import { and, desc, eq, lt, or, sql } from 'drizzle-orm'
import type { ProblemFieldError, Webhook, WebhookCreate, WebhookDelivery, WebhookDeliveryListQuery, WebhookDeliveryPage, WebhookListQuery, WebhookPage, WebhookPatch, WebhookWithSecret } from '@ponte/shared'
import type { Config } from '../../config.js'
import type { Database, Db } from '../../db/client.js'
import { webhookDeliveries, webhookSubscriptions, type WebhookDeliveryRow, type WebhookSubscriptionRow } from '../../db/schema/index.js'
import { type AuditActor, changedFields, recordAudit } from '../../lib/audit.js'
import { conflict, fieldUnprocessable, forbidden, notFound } from '../../lib/errors.js'
import { assertVersion, decodeCursor, decodeInstantIdCursor, toPage } from '../../lib/http.js'
import { hasRole, isPlatformAdmin, type Principal } from '../../lib/principal.js'
import { seal } from '../../lib/secret-box.js'
import { findOrganisation } from '../organisations/organisations.repository.js'
import { newWebhookSecret } from './webhooks.signing.js'
import { undeliverableReason } from './webhooks.url.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function toWebhook(row: WebhookSubscriptionRow): Webhook {
  return {
    id: row.id,
    organisationId: row.organisationId,
    url: row.url,
    eventTypes: row.eventTypes,
    status: row.status,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    disabledReason: row.disabledReason,
    secretHint: row.secretHint,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

export function toDelivery(row: WebhookDeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    webhookId: row.subscriptionId,
    eventId: row.eventId,
    eventType: row.eventType,
    status: row.status,
    attempts: row.attempts,
    lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  }
}

const hint = (secret: string) => `${secret.slice(0, 10)}…`

/** The organisation's admin, a platform admin, or an API client of the organisation (whose scope the route checked). */
async function assertManageable(db: Db, principal: Principal, organisationId: string) {
  if (!(await findOrganisation(db, organisationId))) throw notFound('L\'ente')
  const ownClient = principal.clientId !== null && principal.memberships.some((m) => m.organisationId === organisationId)
  if (!ownClient && !isPlatformAdmin(principal) && !hasRole(principal, 'org_admin', organisationId)) {
    throw forbidden('Solo l\'amministratore dell\'ente (o un suo client applicativo con webhooks:manage) può gestirne i webhook.')
  }
}

function checkUrl(url: string | undefined, config: Config) {
  if (url === undefined) return
  const reason = undeliverableReason(url, config)
  if (reason) throw fieldUnprocessable([{ pointer: '/url', detail: reason, code: 'url_not_allowed' } satisfies ProblemFieldError], 'L\'URL non può ricevere webhook.')
}

async function findSubscription(db: Db, organisationId: string, webhookId: string, forUpdate = false) {
  const query = db.select().from(webhookSubscriptions).where(and(eq(webhookSubscriptions.organisationId, organisationId), eq(webhookSubscriptions.id, webhookId)))
  const [row] = forUpdate ? await query.for('update') : await query
  if (!row) throw notFound('Il webhook')
  return row
}

export async function listWebhooks(db: Database, principal: Principal, organisationId: string, query: WebhookListQuery): Promise<WebhookPage> {
  await assertManageable(db, principal, organisationId)
  const limit = query.limit ?? 50
  const cursor = decodeCursor(query.cursor, 1)
  const after = cursor && UUID.test(String(cursor[0])) ? String(cursor[0]) : null
  const rows = await db
    .select()
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.organisationId, organisationId), after ? sql`${webhookSubscriptions.id} > ${after}::uuid` : undefined))
    .orderBy(webhookSubscriptions.id)
    .limit(limit + 1)
  return toPage(rows, limit, toWebhook, (r) => [r.id])
}

export async function readWebhook(db: Database, principal: Principal, organisationId: string, webhookId: string): Promise<Webhook> {
  await assertManageable(db, principal, organisationId)
  return toWebhook(await findSubscription(db, organisationId, webhookId))
}

export async function createWebhook(db: Database, config: Config, principal: Principal, actor: AuditActor, organisationId: string, input: WebhookCreate): Promise<WebhookWithSecret> {
  await assertManageable(db, principal, organisationId)
  checkUrl(input.url, config)
  const secret = newWebhookSecret()
  return db.transaction(async (tx) => {
    // It delivers what happens from now on: every transaction still running or to come.
    const [row] = await tx
      .insert(webhookSubscriptions)
      .values({
        organisationId,
        url: input.url,
        eventTypes: input.eventTypes ? [...input.eventTypes] : [],
        secretCiphertext: seal(config.jwtSecret, secret),
        secretHint: hint(secret),
        positionTxId: sql`(pg_snapshot_xmin(pg_current_snapshot())::text::numeric - 1)::text`,
        positionSeq: Number.MAX_SAFE_INTEGER,
        createdBy: principal.userId,
      })
      .returning()
    await recordAudit(tx, actor, [{ action: 'create', resourceType: 'webhook', resourceId: row!.id, organisationId, changedFields: ['url', 'eventTypes'] }])
    return { ...toWebhook(row!), secret }
  })
}

export async function updateWebhook(db: Database, config: Config, principal: Principal, actor: AuditActor, organisationId: string, webhookId: string, expectedVersion: number, patch: WebhookPatch): Promise<Webhook> {
  await assertManageable(db, principal, organisationId)
  checkUrl(patch.url, config)
  return db.transaction(async (tx) => {
    const current = await findSubscription(tx, organisationId, webhookId, true)
    assertVersion(current.version, expectedVersion)
    const after = { url: patch.url ?? current.url, eventTypes: patch.eventTypes ? [...patch.eventTypes] : current.eventTypes, status: patch.status ?? current.status }
    const changed = changedFields({ url: current.url, eventTypes: current.eventTypes, status: current.status }, after)
    if (changed.length === 0) return toWebhook(current)
    const reenabled = current.status === 'disabled' && after.status === 'active'
    const [row] = await tx
      .update(webhookSubscriptions)
      .set({
        ...after,
        ...(after.status === 'disabled' && current.status === 'active' ? { disabledAt: new Date(), disabledReason: 'Disattivato dall\'amministratore' } : {}),
        ...(reenabled ? { disabledAt: null, disabledReason: null } : {}),
        version: sql`${webhookSubscriptions.version} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(webhookSubscriptions.id, webhookId))
      .returning()
    // Re-enabled: the deliveries that were waiting go out again (the dispatcher queues them).
    if (reenabled) await tx.update(webhookDeliveries).set({ enqueuedAt: null }).where(and(eq(webhookDeliveries.subscriptionId, webhookId), eq(webhookDeliveries.status, 'pending')))
    await recordAudit(tx, actor, [{ action: 'update', resourceType: 'webhook', resourceId: webhookId, organisationId, changedFields: changed }])
    return toWebhook(row!)
  })
}

export async function rotateWebhookSecret(db: Database, config: Config, principal: Principal, actor: AuditActor, organisationId: string, webhookId: string): Promise<WebhookWithSecret> {
  await assertManageable(db, principal, organisationId)
  const secret = newWebhookSecret()
  return db.transaction(async (tx) => {
    await findSubscription(tx, organisationId, webhookId, true)
    const [row] = await tx
      .update(webhookSubscriptions)
      .set({ secretCiphertext: seal(config.jwtSecret, secret), secretHint: hint(secret), version: sql`${webhookSubscriptions.version} + 1`, updatedAt: new Date() })
      .where(eq(webhookSubscriptions.id, webhookId))
      .returning()
    await recordAudit(tx, actor, [{ action: 'rotate_secret', resourceType: 'webhook', resourceId: webhookId, organisationId, changedFields: ['secret'] }])
    return { ...toWebhook(row!), secret }
  })
}

export async function deleteWebhook(db: Database, principal: Principal, actor: AuditActor, organisationId: string, webhookId: string, expectedVersion: number): Promise<void> {
  await assertManageable(db, principal, organisationId)
  await db.transaction(async (tx) => {
    const current = await findSubscription(tx, organisationId, webhookId, true)
    assertVersion(current.version, expectedVersion)
    await tx.delete(webhookSubscriptions).where(eq(webhookSubscriptions.id, webhookId))
    await recordAudit(tx, actor, [{ action: 'delete', resourceType: 'webhook', resourceId: webhookId, organisationId }])
  })
}

export async function listDeliveries(db: Database, principal: Principal, organisationId: string, webhookId: string, query: WebhookDeliveryListQuery): Promise<WebhookDeliveryPage> {
  await assertManageable(db, principal, organisationId)
  await findSubscription(db, organisationId, webhookId)
  const limit = query.limit ?? 50
  const after = decodeInstantIdCursor(query.cursor)
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.subscriptionId, webhookId),
        query.status ? eq(webhookDeliveries.status, query.status) : undefined,
        after ? or(lt(webhookDeliveries.createdAt, sql`${after.at}::timestamptz`), and(eq(webhookDeliveries.createdAt, sql`${after.at}::timestamptz`), lt(webhookDeliveries.id, after.id))) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit + 1)
  const createdAtText = new Map<string, string>()
  if (rows.length > limit) {
    const last = rows[limit - 1]!
    const [exact] = await db.execute<{ at: string }>(sql`select created_at::text as at from webhook_deliveries where id = ${last.id}::uuid`).then((r) => r.rows)
    createdAtText.set(last.id, exact!.at)
  }
  return toPage(rows, limit, toDelivery, (r) => [createdAtText.get(r.id) ?? r.createdAt.toISOString(), r.id])
}

/** Sends a delivery again: back to pending, queued by the dispatcher; its log keeps the attempts. */
export async function redeliver(db: Database, principal: Principal, actor: AuditActor, organisationId: string, webhookId: string, deliveryId: string): Promise<WebhookDelivery> {
  await assertManageable(db, principal, organisationId)
  return db.transaction(async (tx) => {
    const subscription = await findSubscription(tx, organisationId, webhookId)
    if (subscription.status !== 'active') throw conflict('webhook-disabled', 'Il webhook è disattivato: riattivalo prima di ripetere un invio.')
    const [row] = await tx
      .update(webhookDeliveries)
      .set({ status: 'pending', enqueuedAt: null, deliveredAt: null })
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.subscriptionId, webhookId)))
      .returning()
    if (!row) throw notFound('L\'invio')
    await recordAudit(tx, actor, [{ action: 'redeliver', resourceType: 'webhook_delivery', resourceId: deliveryId, organisationId }])
    return toDelivery(row)
  })
}
