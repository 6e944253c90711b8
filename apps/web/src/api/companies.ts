/**
 * Companies (aziende) of the shared book: list, register, read, update, relationship status
 * transitions, sites and contacts, and the bulk import (JSON rows or a CSV file as it is).
 */
import type { BodyOf, QueryOf } from '@ponte/client'
import { api, dataOf, newIdempotencyKey, writeHeaders } from './http'

export const listCompanies = (query: QueryOf<'listCompanies'> = {}, signal?: AbortSignal) => dataOf(api.GET('/companies', { params: { query }, signal }))

export const createCompany = (body: BodyOf<'createCompany'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/companies', { params: { header: writeHeaders({ idempotencyKey }) }, body }))

export const readCompany = (companyId: string, signal?: AbortSignal) => dataOf(api.GET('/companies/{companyId}', { params: { path: { companyId } }, signal }))

export const updateCompany = (companyId: string, patch: BodyOf<'updateCompany'>, version: number) =>
  dataOf(api.PATCH('/companies/{companyId}', { params: { path: { companyId }, header: writeHeaders({ version }) }, body: patch }))

/** Moves the version read to another relationship status (If-Match). */
export const transitionCompany = (companyId: string, body: BodyOf<'transitionCompany'>, version: number, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/companies/{companyId}/transitions', { params: { path: { companyId }, header: writeHeaders({ version, idempotencyKey }) }, body }))

export const createCompanySite = (companyId: string, body: BodyOf<'createCompanySite'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/companies/{companyId}/sites', { params: { path: { companyId }, header: writeHeaders({ idempotencyKey }) }, body }))

export const updateCompanySite = (companyId: string, siteId: string, patch: BodyOf<'updateCompanySite'>, version: number) =>
  dataOf(api.PATCH('/companies/{companyId}/sites/{siteId}', { params: { path: { companyId, siteId }, header: writeHeaders({ version }) }, body: patch }))

export const createCompanyContact = (companyId: string, body: BodyOf<'createCompanyContact'>, idempotencyKey = newIdempotencyKey()) =>
  dataOf(api.POST('/companies/{companyId}/contacts', { params: { path: { companyId }, header: writeHeaders({ idempotencyKey }) }, body }))

export const updateCompanyContact = (companyId: string, contactId: string, patch: BodyOf<'updateCompanyContact'>, version: number) =>
  dataOf(api.PATCH('/companies/{companyId}/contacts/{contactId}', { params: { path: { companyId, contactId }, header: writeHeaders({ version }) }, body: patch }))

/** What an import sends: rows as JSON, or the text of a CSV file (its header row names the fields, in English or Italian). */
export type CompanyImportSource = { kind: 'json'; items: Record<string, unknown>[]; ownerOrganisationId?: string } | { kind: 'csv'; text: string; ownerOrganisationId?: string }

export const importCompanies = (source: CompanyImportSource, idempotencyKey = newIdempotencyKey()) =>
  source.kind === 'json'
    ? dataOf(api.POST('/companies/import', { params: { header: writeHeaders({ idempotencyKey }) }, body: { items: source.items, ...(source.ownerOrganisationId ? { ownerOrganisationId: source.ownerOrganisationId } : {}) } }))
    : dataOf(
        api.POST('/companies/import', {
          params: { header: writeHeaders({ idempotencyKey }), query: source.ownerOrganisationId ? { ownerOrganisationId: source.ownerOrganisationId } : {} },
          body: source.text,
          headers: { 'content-type': 'text/csv' },
          bodySerializer: (text: unknown) => text as string,
        }),
      )
