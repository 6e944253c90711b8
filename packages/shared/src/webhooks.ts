/**
 * Webhook subscriptions of an organisation (API.md "Events"): the events of the change feed pushed
 * to a URL, signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`).
 */
import { Type, type Static } from 'typebox'
import { Instant, Nullable, Page, PageQuery, Ref, Uuid, Version } from './common.js'

export const WEBHOOK_SECRET_PREFIX = 'whsec_'

export const WebhookStatus = Type.Enum(['active', 'disabled'], { $id: 'WebhookStatus', description: 'disabled: by hand, or automatically after a delivery failed for 24 hours' })
export type WebhookStatus = Static<typeof WebhookStatus>

const EventTypes = Type.Array(Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z_]+\\.[a-z_]+$' }), { maxItems: 100, uniqueItems: true, description: 'Event types to deliver (as in the change feed); empty for all' })
const WebhookUrl = Type.String({ minLength: 8, maxLength: 2000, format: 'uri', description: 'http(s) URL that receives the events; not this server itself' })

export const Webhook = Type.Object(
  {
    id: Uuid,
    organisationId: Uuid,
    url: Type.String(),
    eventTypes: Type.Array(Type.String()),
    status: Ref(WebhookStatus),
    disabledAt: Nullable(Instant),
    disabledReason: Nullable(Type.String()),
    secretHint: Type.String({ description: 'The first characters of the signing secret' }),
    version: Version,
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'Webhook', additionalProperties: false },
)
export type Webhook = Static<typeof Webhook>

export const WebhookWithSecret = Type.Object(
  { ...Webhook.properties, secret: Type.String({ description: 'The Standard Webhooks signing secret (`whsec_…`), shown only now' }) },
  { $id: 'WebhookWithSecret', additionalProperties: false },
)
export type WebhookWithSecret = Static<typeof WebhookWithSecret>

export const WebhookCreate = Type.Object({ url: WebhookUrl, eventTypes: Type.Optional(EventTypes) }, { $id: 'WebhookCreate', additionalProperties: false })
export type WebhookCreate = Static<typeof WebhookCreate>

export const WebhookPatch = Type.Object(
  {
    url: Type.Optional(WebhookUrl),
    eventTypes: Type.Optional(EventTypes),
    status: Type.Optional(Ref(WebhookStatus)),
  },
  { $id: 'WebhookPatch', additionalProperties: false, description: 'JSON Merge Patch (RFC 7396) of a webhook; `status: active` re-enables a disabled one' },
)
export type WebhookPatch = Static<typeof WebhookPatch>

export const WebhookPage = Page(Ref(Webhook), { $id: 'WebhookPage' })
export type WebhookPage = Static<typeof WebhookPage>

export const WebhookListQuery = Type.Object({ ...PageQuery.properties })
export type WebhookListQuery = Static<typeof WebhookListQuery>

export const WebhookDeliveryStatus = Type.Enum(['pending', 'succeeded', 'failed', 'skipped'], {
  $id: 'WebhookDeliveryStatus',
  description: 'pending (queued or retrying), succeeded (2xx), failed (gave up after 24 hours), skipped (the record left the organisation\'s sight before delivery)',
})

export const WebhookDelivery = Type.Object(
  {
    id: Uuid,
    webhookId: Uuid,
    eventId: Uuid,
    eventType: Type.String(),
    status: Ref(WebhookDeliveryStatus),
    attempts: Type.Integer({ format: 'int32' }),
    lastAttemptAt: Nullable(Instant),
    lastStatusCode: Nullable(Type.Integer({ format: 'int32' })),
    lastError: Nullable(Type.String()),
    deliveredAt: Nullable(Instant),
    createdAt: Instant,
  },
  { $id: 'WebhookDelivery', additionalProperties: false },
)
export type WebhookDelivery = Static<typeof WebhookDelivery>

export const WebhookDeliveryPage = Page(Ref(WebhookDelivery), { $id: 'WebhookDeliveryPage' })
export type WebhookDeliveryPage = Static<typeof WebhookDeliveryPage>

export const WebhookDeliveryListQuery = Type.Object({ ...PageQuery.properties, status: Type.Optional(Ref(WebhookDeliveryStatus)) })
export type WebhookDeliveryListQuery = Static<typeof WebhookDeliveryListQuery>

/** The body of every delivery (Standard Webhooks: `type`, `timestamp`, `data`). */
export const WebhookPayload = Type.Object(
  {
    type: Type.String(),
    timestamp: Instant,
    data: Type.Object({
      eventId: Uuid,
      resourceType: Type.String(),
      resourceId: Uuid,
      caseId: Nullable(Uuid),
      occurredAt: Instant,
      from: Type.Optional(Type.String()),
      to: Type.Optional(Type.String()),
    }),
  },
  { $id: 'WebhookPayload', additionalProperties: false },
)
export type WebhookPayload = Static<typeof WebhookPayload>
