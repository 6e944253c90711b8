/** Organisations (enti): list, create, read and merge-patch them (platform administration). */
import type { BodyOf, QueryOf } from '@ponte/client'
import { api, dataOf, newIdempotencyKey, writeHeaders } from './http'

export const listOrganisations = (query: QueryOf<'listOrganisations'> = {}, signal?: AbortSignal) => dataOf(api.GET('/organisations', { params: { query }, signal }))

export const createOrganisation = (body: BodyOf<'createOrganisation'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/organisations', { params: { header: writeHeaders({ idempotencyKey }) }, body }))

export const readOrganisation = (organisationId: string, signal?: AbortSignal) =>
  dataOf(api.GET('/organisations/{organisationId}', { params: { path: { organisationId } }, signal }))

export const updateOrganisation = (organisationId: string, patch: BodyOf<'updateOrganisation'>, version: number) =>
  dataOf(api.PATCH('/organisations/{organisationId}', { params: { path: { organisationId }, header: writeHeaders({ version }) }, body: patch }))
