/** The audit trail (registro degli accessi) of an organisation, read by its auditor: entries and the check of their hash chain. */
import type { QueryOf } from '@ponte/client'
import { api, dataOf, fileOf } from './http'

export const listAuditEntries = (organisationId: string, query: QueryOf<'listAuditEntries'> = {}, signal?: AbortSignal) =>
  dataOf(api.GET('/organisations/{organisationId}/audit-entries', { params: { path: { organisationId }, query }, signal }))

export const verifyAuditChain = (organisationId: string, signal?: AbortSignal) =>
  dataOf(api.GET('/organisations/{organisationId}/audit-entries/verification', { params: { path: { organisationId } }, signal }))

/** The entries the filters select, as a CSV or XLSX file (the same filters as the list). */
export const exportAuditEntries = (organisationId: string, query: QueryOf<'exportAuditEntries'>) =>
  fileOf(api.GET('/organisations/{organisationId}/audit-entries/export', { params: { path: { organisationId }, query }, parseAs: 'blob' }))

/** The users who appear in the organisation's trail, for the filter by user. */
export const listAuditActors = (organisationId: string, signal?: AbortSignal) =>
  dataOf(api.GET('/organisations/{organisationId}/audit-entries/actors', { params: { path: { organisationId } }, signal }))
