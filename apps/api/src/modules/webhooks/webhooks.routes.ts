/** HTTP of an organisation's webhooks and their delivery log (scope `webhooks:manage` for API clients). */
import { Type } from 'typebox'
import { Ref, Webhook, WebhookCreate, WebhookDelivery, WebhookDeliveryListQuery, WebhookDeliveryPage, WebhookListQuery, WebhookPage, WebhookPatch, WebhookWithSecret } from '@ponte/shared'
import type { WebhookPatch as WebhookPatchType } from '@ponte/shared'
import type { Config } from '../../config.js'
import { API_PREFIX } from '../../lib/api.js'
import type { App } from '../../lib/fastify.js'
import { requireIfMatch, withEtag } from '../../lib/http.js'
import { described, IdempotencyHeaders, IfMatchHeaders, mergePatchBody, problems, UuidParam } from '../../lib/route-schema.js'
import * as service from './webhooks.service.js'

const OrganisationParams = Type.Object({ organisationId: UuidParam })
const WebhookParams = Type.Object({ organisationId: UuidParam, webhookId: UuidParam })
const DeliveryParams = Type.Object({ organisationId: UuidParam, webhookId: UuidParam, deliveryId: UuidParam })
const WHO = 'Allowed to the organisation\'s org_admin, platform administrators and the organisation\'s own API clients with `webhooks:manage` (403 for anyone else; 404 when the organisation does not exist).'
const SIGNING =
  'Each delivery is a POST of `{ type, timestamp, data: { eventId, resourceType, resourceId, caseId, occurredAt, from?, to? } }` — ids and statuses only, and only events the organisation may still see when it is sent — ' +
  'signed per Standard Webhooks: `webhook-id` (the delivery id, the same on every retry: deduplicate on it), `webhook-timestamp` (Unix seconds) and `webhook-signature` (`v1,` + base64 HMAC-SHA256 of `id.timestamp.body` keyed with the base64 part of the secret). ' +
  'Any 2xx is success; anything else is retried with exponential back-off for about 24 hours, after which the delivery is `failed` and the webhook disabled (the admins see why).'

export default async function webhookRoutes(app: App, opts: { config: Config }) {
  const { config } = opts

  app.get(
    '/organisations/:organisationId/webhooks',
    {
      config: { access: { org: 'admin', outsiders: 403 } },
      schema: {
        operationId: 'listWebhooks',
        tags: ['webhooks'],
        summary: 'List the webhooks of an organisation',
        description: `${WHO} Never a secret. Cursor pagination.`,
        params: OrganisationParams,
        querystring: WebhookListQuery,
        response: { 200: described(Ref(WebhookPage), 'A page of webhooks'), ...problems(400, 403, 404) },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store')
      return service.listWebhooks(app.db, request.requirePrincipal(), request.params.organisationId, request.query)
    },
  )

  app.post(
    '/organisations/:organisationId/webhooks',
    {
      config: { access: { org: 'admin', outsiders: 403 } },
      schema: {
        operationId: 'createWebhook',
        tags: ['webhooks'],
        summary: 'Subscribe a URL to the organisation\'s events',
        description: `${WHO} Answers the webhook with its signing \`secret\`, shown this once. It receives the events that happen from now on (all types, or \`eventTypes\`). The URL must be http(s) and not this server (422 naming \`/url\`). ${SIGNING}`,
        params: OrganisationParams,
        headers: IdempotencyHeaders,
        body: Ref(WebhookCreate),
        response: { 201: described(Ref(WebhookWithSecret), 'The webhook and its signing secret (shown once)'), ...problems(400, 403, 404, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const { organisationId } = request.params
      const created = await service.createWebhook(app.db, config, request.requirePrincipal(), request.auditActor(), organisationId, request.body)
      void reply.code(201).header('location', `${API_PREFIX}/organisations/${organisationId}/webhooks/${created.id}`).header('cache-control', 'no-store')
      return withEtag(reply, created)
    },
  )

  app.get(
    '/organisations/:organisationId/webhooks/:webhookId',
    {
      config: { access: { org: 'admin', outsiders: 403 } },
      schema: {
        operationId: 'readWebhook',
        tags: ['webhooks'],
        summary: 'Read a webhook',
        description: `${WHO} \`status\` says whether it delivers; a disabled one says why and since when.`,
        params: WebhookParams,
        response: { 200: described(Ref(Webhook), 'The webhook'), ...problems(400, 403, 404) },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store')
      return withEtag(reply, await service.readWebhook(app.db, request.requirePrincipal(), request.params.organisationId, request.params.webhookId))
    },
  )

  app.patch(
    '/organisations/:organisationId/webhooks/:webhookId',
    {
      config: { access: { org: 'admin', outsiders: 403 } },
      schema: {
        operationId: 'updateWebhook',
        tags: ['webhooks'],
        summary: 'Update a webhook',
        description: `${WHO} JSON Merge Patch with If-Match of url, eventTypes and status: \`disabled\` pauses it (deliveries wait), \`active\` re-enables it and sends what waited.`,
        params: WebhookParams,
        headers: IfMatchHeaders,
        body: mergePatchBody(Ref(WebhookPatch)),
        response: { 200: described(Ref(Webhook), 'The webhook'), ...problems(400, 403, 404, 412, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      const { organisationId, webhookId } = request.params
      const updated = await service.updateWebhook(app.db, config, request.requirePrincipal(), request.auditActor(), organisationId, webhookId, expectedVersion, request.body as WebhookPatchType)
      void reply.header('cache-control', 'no-store')
      return withEtag(reply, updated)
    },
  )

  app.delete(
    '/organisations/:organisationId/webhooks/:webhookId',
    {
      config: { access: { org: 'admin', outsiders: 403 } },
      schema: {
        operationId: 'deleteWebhook',
        tags: ['webhooks'],
        summary: 'Delete a webhook',
        description: `${WHO} With If-Match. Deliveries still pending are dropped with it.`,
        params: WebhookParams,
        headers: IfMatchHeaders,
        response: { 204: Type.Null({ description: 'Deleted' }), ...problems(400, 403, 404, 412, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      await service.deleteWebhook(app.db, request.requirePrincipal(), request.auditActor(), request.params.organisationId, request.params.webhookId, expectedVersion)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/organisations/:organisationId/webhooks/:webhookId/secret-rotations',
    {
      config: { access: { org: 'admin', outsiders: 403 } },
      schema: {
        operationId: 'rotateWebhookSecret',
        tags: ['webhooks'],
        summary: 'Rotate a webhook\'s signing secret',
        description: `${WHO} Answers the new \`secret\`, shown this once; deliveries are signed with it from now on.`,
        params: WebhookParams,
        headers: IdempotencyHeaders,
        response: { 200: described(Ref(WebhookWithSecret), 'The webhook and its new secret (shown once)'), ...problems(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const rotated = await service.rotateWebhookSecret(app.db, config, request.requirePrincipal(), request.auditActor(), request.params.organisationId, request.params.webhookId)
      void reply.header('cache-control', 'no-store')
      return withEtag(reply, rotated)
    },
  )

  app.get(
    '/organisations/:organisationId/webhooks/:webhookId/deliveries',
    {
      config: { access: { org: 'admin', outsiders: 403 } },
      schema: {
        operationId: 'listWebhookDeliveries',
        tags: ['webhooks'],
        summary: 'Read a webhook\'s delivery log',
        description: `${WHO} Newest first: each delivery with its event, status, attempts, last answer (HTTP status or error) and when it succeeded. Filter by \`status\`.`,
        params: WebhookParams,
        querystring: WebhookDeliveryListQuery,
        response: { 200: described(Ref(WebhookDeliveryPage), 'A page of deliveries'), ...problems(400, 403, 404) },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store')
      return service.listDeliveries(app.db, request.requirePrincipal(), request.params.organisationId, request.params.webhookId, request.query)
    },
  )

  app.post(
    '/organisations/:organisationId/webhooks/:webhookId/deliveries/:deliveryId/redeliveries',
    {
      config: { access: { org: 'admin', outsiders: 403 } },
      schema: {
        operationId: 'redeliverWebhook',
        tags: ['webhooks'],
        summary: 'Send a delivery again',
        description: `${WHO} Puts the delivery back in the queue (202), with the same \`webhook-id\`; its attempts stay in the log. The webhook must be active (409).`,
        params: DeliveryParams,
        headers: IdempotencyHeaders,
        response: { 202: described(Ref(WebhookDelivery), 'The delivery, queued again'), ...problems(400, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { organisationId, webhookId, deliveryId } = request.params
      const delivery = await service.redeliver(app.db, request.requirePrincipal(), request.auditActor(), organisationId, webhookId, deliveryId)
      void app.dispatchWebhooks?.().catch(() => 0)
      return reply.code(202).send(delivery)
    },
  )
}
