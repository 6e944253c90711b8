/** Users of an organisation and their roles there: list, add, read and merge-patch them. */
import type { BodyOf, QueryOf } from '@ponte/client'
import { api, dataOf, newIdempotencyKey, writeHeaders } from './http'

export const listOrganisationUsers = (organisationId: string, query: QueryOf<'listOrganisationUsers'> = {}, signal?: AbortSignal) =>
  dataOf(api.GET('/organisations/{organisationId}/users', { params: { path: { organisationId }, query }, signal }))

export const createOrganisationUser = (organisationId: string, body: BodyOf<'addOrganisationUser'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/organisations/{organisationId}/users', { params: { path: { organisationId }, header: writeHeaders({ idempotencyKey }) }, body }))

export const readOrganisationUser = (organisationId: string, userId: string, signal?: AbortSignal) =>
  dataOf(api.GET('/organisations/{organisationId}/users/{userId}', { params: { path: { organisationId, userId } }, signal }))

export const updateOrganisationUser = (organisationId: string, userId: string, patch: BodyOf<'updateOrganisationUser'>, version: number) =>
  dataOf(api.PATCH('/organisations/{organisationId}/users/{userId}', { params: { path: { organisationId, userId }, header: writeHeaders({ version }) }, body: patch }))
