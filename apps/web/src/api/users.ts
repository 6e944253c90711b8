/** Users of an organisation and their roles there: list, add, read and merge-patch them. */
import type { OrganisationUser, OrganisationUserCreate, OrganisationUserListQuery, OrganisationUserPage, OrganisationUserPatch } from '@ponte/shared'
import { http } from './http'

const usersPath = (organisationId: string) => `/organisations/${encodeURIComponent(organisationId)}/users`

export const listOrganisationUsers = (organisationId: string, query: OrganisationUserListQuery = {}, signal?: AbortSignal) =>
  http.get<OrganisationUserPage>(usersPath(organisationId), { ...query }, signal)

export const createOrganisationUser = (organisationId: string, body: OrganisationUserCreate, idempotencyKey?: string) =>
  http.create<OrganisationUser>(usersPath(organisationId), body, idempotencyKey)

export const readOrganisationUser = (organisationId: string, userId: string, signal?: AbortSignal) =>
  http.get<OrganisationUser>(`${usersPath(organisationId)}/${encodeURIComponent(userId)}`, undefined, signal)

export const updateOrganisationUser = (organisationId: string, userId: string, patch: OrganisationUserPatch, version: number) =>
  http.patch<OrganisationUser>(`${usersPath(organisationId)}/${encodeURIComponent(userId)}`, patch, version)
