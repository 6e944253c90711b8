/** Organisations (enti): list, create, read and merge-patch them (platform administration). */
import type { Organisation, OrganisationCreate, OrganisationListQuery, OrganisationPage, OrganisationPatch } from '@ponte/shared'
import { http } from './http'

export const listOrganisations = (query: OrganisationListQuery = {}, signal?: AbortSignal) =>
  http.get<OrganisationPage>('/organisations', { ...query }, signal)

export const createOrganisation = (body: OrganisationCreate, idempotencyKey?: string) =>
  http.create<Organisation>('/organisations', body, idempotencyKey)

export const readOrganisation = (organisationId: string, signal?: AbortSignal) =>
  http.get<Organisation>(`/organisations/${encodeURIComponent(organisationId)}`, undefined, signal)

export const updateOrganisation = (organisationId: string, patch: OrganisationPatch, version: number) =>
  http.patch<Organisation>(`/organisations/${encodeURIComponent(organisationId)}`, patch, version)
