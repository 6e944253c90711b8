/** The audit trail (registro degli accessi) of an organisation, read by its auditor: entries and the check of their hash chain. */
import type { AuditChainVerification, AuditEntryListQuery, AuditEntryPage } from '@ponte/shared'
import { http } from './http'

const auditPath = (organisationId: string) => `/organisations/${encodeURIComponent(organisationId)}/audit-entries`

export const listAuditEntries = (organisationId: string, query: AuditEntryListQuery = {}, signal?: AbortSignal) =>
  http.get<AuditEntryPage>(auditPath(organisationId), { ...query }, signal)

export const verifyAuditChain = (organisationId: string, signal?: AbortSignal) =>
  http.get<AuditChainVerification>(`${auditPath(organisationId)}/verification`, undefined, signal)
