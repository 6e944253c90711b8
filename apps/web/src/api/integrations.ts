/** API clients and webhooks of an organisation (its admin's integrations page), and the scope catalogue. */
import type { BodyOf } from '@ponte/client'
import { api, dataOf, newIdempotencyKey, writeHeaders } from './http'

export const listApiScopes = () => dataOf(api.GET('/api-scopes'))

export const listApiClients = (organisationId: string) => dataOf(api.GET('/organisations/{organisationId}/api-clients', { params: { path: { organisationId }, query: { limit: 200 } } }))

export const createApiClient = (organisationId: string, body: BodyOf<'createApiClient'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/organisations/{organisationId}/api-clients', { params: { path: { organisationId }, header: writeHeaders({ idempotencyKey }) }, body }))

export const rotateApiClientSecret = (organisationId: string, apiClientId: string, graceSeconds: number) =>
  dataOf(api.POST('/organisations/{organisationId}/api-clients/{apiClientId}/secret-rotations', { params: { path: { organisationId, apiClientId }, header: writeHeaders({ idempotencyKey: newIdempotencyKey() }) }, body: { graceSeconds } }))

export const revokeApiClient = (organisationId: string, apiClientId: string, version: number) =>
  dataOf(api.DELETE('/organisations/{organisationId}/api-clients/{apiClientId}', { params: { path: { organisationId, apiClientId }, header: writeHeaders({ version }) } }))

export const listWebhooks = (organisationId: string) => dataOf(api.GET('/organisations/{organisationId}/webhooks', { params: { path: { organisationId }, query: { limit: 200 } } }))

export const createWebhook = (organisationId: string, body: BodyOf<'createWebhook'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/organisations/{organisationId}/webhooks', { params: { path: { organisationId }, header: writeHeaders({ idempotencyKey }) }, body }))

export const updateWebhook = (organisationId: string, webhookId: string, patch: BodyOf<'updateWebhook'>, version: number) =>
  dataOf(api.PATCH('/organisations/{organisationId}/webhooks/{webhookId}', { params: { path: { organisationId, webhookId }, header: writeHeaders({ version }) }, body: patch }))

export const rotateWebhookSecret = (organisationId: string, webhookId: string) =>
  dataOf(api.POST('/organisations/{organisationId}/webhooks/{webhookId}/secret-rotations', { params: { path: { organisationId, webhookId }, header: writeHeaders({ idempotencyKey: newIdempotencyKey() }) } }))

export const deleteWebhook = (organisationId: string, webhookId: string, version: number) =>
  dataOf(api.DELETE('/organisations/{organisationId}/webhooks/{webhookId}', { params: { path: { organisationId, webhookId }, header: writeHeaders({ version }) } }))

export const listWebhookDeliveries = (organisationId: string, webhookId: string) =>
  dataOf(api.GET('/organisations/{organisationId}/webhooks/{webhookId}/deliveries', { params: { path: { organisationId, webhookId }, query: { limit: 50 } } }))

export const redeliverWebhook = (organisationId: string, webhookId: string, deliveryId: string) =>
  dataOf(api.POST('/organisations/{organisationId}/webhooks/{webhookId}/deliveries/{deliveryId}/redeliveries', { params: { path: { organisationId, webhookId, deliveryId }, header: writeHeaders({ idempotencyKey: newIdempotencyKey() }) } }))
