/** The audit trail (registro degli accessi) of an organisation, read by its auditor: entries and the check of their hash chain. */
import type { QueryOf } from '@ponte/client'
import { api, dataOf } from './http'

export const listAuditEntries = (organisationId: string, query: QueryOf<'listAuditEntries'> = {}, signal?: AbortSignal) =>
  dataOf(api.GET('/organisations/{organisationId}/audit-entries', { params: { path: { organisationId }, query }, signal }))

export const verifyAuditChain = (organisationId: string, signal?: AbortSignal) =>
  dataOf(api.GET('/organisations/{organisationId}/audit-entries/verification', { params: { path: { organisationId } }, signal }))
