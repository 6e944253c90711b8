/**
 * Bulk import of companies (up to 1,000 rows, JSON or CSV) with a result per row: created (its
 * id), duplicate (the id of the company with the same partita IVA, registered before or earlier in
 * the file) or invalid (every problem, each naming its field). CSV files may use commas or
 * semicolons (Italian spreadsheets), quoted fields, and the field names in English or Italian.
 */
import { COMPANY_IMPORT_MAX_ROWS, type CompanyCreate, type CompanyImportItemResult, type CompanyImportResult, type ProblemFieldError } from '@ponte/shared'
import type { Database } from '../../db/client.js'
import { badRequest } from '../../lib/errors.js'
import { isUniqueViolation } from '../../lib/pg-errors.js'
import type { Caller } from '../../lib/caller.js'
import { loadCompanyCircle, registeringOrganisation } from './companies.policy.js'
import * as repo from './companies.repository.js'
import { checkedCompanyValues, insertCompanyRecord } from './companies.service.js'

/** Splits CSV text into records (RFC 4180: quoted fields with doubled quotes and line breaks), with `,` or `;`. */
export function parseCsv(text: string): string[][] {
  const source = text.replace(/^\uFEFF/, '')
  const firstLine = source.slice(0, source.search(/\r?\n|$/))
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ','
  const records: string[][] = []
  let record: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"' && field === '') quoted = true
    else if (c === delimiter) {
      record.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && source[i + 1] === '\n') i++
      record.push(field)
      records.push(record)
      record = []
      field = ''
    } else field += c
  }
  if (field !== '' || record.length > 0) {
    record.push(field)
    records.push(record)
  }
  return records.filter((r) => r.some((f) => f.trim() !== ''))
}

/** Header names as people write them, folded (lower case, letters and digits only), to the contract's fields. */
const HEADER_ALIASES: Record<string, string> = {
  name: 'name', ragionesociale: 'name', denominazione: 'name', nome: 'name', azienda: 'name',
  vatnumber: 'vatNumber', partitaiva: 'vatNumber', piva: 'vatNumber',
  taxcode: 'taxCode', codicefiscale: 'taxCode', cf: 'taxCode',
  atecocode: 'atecoCode', ateco: 'atecoCode', codiceateco: 'atecoCode',
  employees: 'employees', dipendenti: 'employees', numerodipendenti: 'employees', addetti: 'employees',
  ispublicadministration: 'isPublicAdministration', pubblicaamministrazione: 'isPublicAdministration', pa: 'isPublicAdministration',
  istypebcooperative: 'isTypeBCooperative', cooperativab: 'isTypeBCooperative', cooperativatipob: 'isTypeBCooperative',
  street: 'street', indirizzo: 'street', via: 'street',
  postalcode: 'postalCode', cap: 'postalCode',
  municipality: 'municipality', comune: 'municipality', citta: 'municipality',
  province: 'province', provincia: 'province', prov: 'province',
  region: 'region', regione: 'region',
  phone: 'phone', telefono: 'phone', tel: 'phone',
  email: 'email', mail: 'email', pec: 'email',
  website: 'website', sitoweb: 'website', sito: 'website',
}
const BOOLEAN_FIELDS = new Set(['isPublicAdministration', 'isTypeBCooperative'])
const fold = (value: string) => value.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().replace(/[^a-z0-9]/g, '')

/** CSV records (header first) as rows of the contract's fields: blank cells left out, numbers and yes/no read. */
export function csvRows(text: string): Record<string, unknown>[] {
  const [header, ...records] = parseCsv(text)
  if (!header) throw badRequest('Il file CSV è vuoto.')
  // Columns that name no field of a company are left out.
  const fields = header.map((h) => HEADER_ALIASES[fold(h)] ?? null)
  return records.map((record) => {
    const row: Record<string, unknown> = {}
    fields.forEach((field, i) => {
      const value = (record[i] ?? '').trim()
      if (field === null || value === '') return
      if (field === 'employees') row[field] = /^\d+$/.test(value) ? Number(value) : value
      else if (BOOLEAN_FIELDS.has(field)) row[field] = /^(true|1|s[iì]|yes|x)$/i.test(value) ? true : /^(false|0|no)$/i.test(value) ? false : value
      else if (field === 'region') row[field] = fold(value).replace(/^(emiliaromagna)$/, 'emilia_romagna').replace(/^friuliveneziagiulia$/, 'friuli_venezia_giulia').replace(/^valledaosta$/, 'valle_d_aosta')
      else if (field === 'province') row[field] = value.toUpperCase()
      else row[field] = value
    })
    return row
  })
}

/** Checks one row against the CompanyCreate schema, answering its problems (none when valid); the route compiles it with the API's validator. */
export type RowValidator = (row: Record<string, unknown>) => ProblemFieldError[]

export async function importCompanies(db: Database, caller: Caller, rows: Record<string, unknown>[], validate: RowValidator, ownerOrganisationId?: string): Promise<CompanyImportResult> {
  if (rows.length === 0) throw badRequest('Nessuna azienda da importare.')
  if (rows.length > COMPANY_IMPORT_MAX_ROWS) throw badRequest(`Al massimo ${COMPANY_IMPORT_MAX_ROWS} aziende per importazione.`, [{ pointer: '/items', detail: `At most ${COMPANY_IMPORT_MAX_ROWS} rows` }])
  const circle = await loadCompanyCircle(db, caller.principal)
  const owner = registeringOrganisation(circle, ownerOrganisationId)
  const items: CompanyImportItemResult[] = []
  const seenInFile = new Map<string, string>()
  await db.transaction(async (tx) => {
    for (const [index, raw] of rows.entries()) {
      const errors = validate(raw)
      if (errors.length > 0) {
        items.push({ index, outcome: 'invalid', errors })
        continue
      }
      const input = raw as CompanyCreate
      const { values, errors: ruleErrors } = await checkedCompanyValues(tx, circle, input, owner)
      if (ruleErrors.length > 0) {
        items.push({ index, outcome: 'invalid', errors: ruleErrors })
        continue
      }
      const vat = values.vatNumber
      const existing = vat ? (seenInFile.get(vat) ?? (await repo.findCompanyIdByVatNumber(tx, vat))) : null
      if (existing) {
        items.push({ index, outcome: 'duplicate', existingId: existing })
        continue
      }
      try {
        // One savepoint per row: a row that fails leaves the others standing.
        const row = await tx.transaction((sp) => insertCompanyRecord(sp, caller, owner, { ...values, name: input.name.trim() }))
        if (vat) seenInFile.set(vat, row.id)
        items.push({ index, outcome: 'created', id: row.id })
      } catch (error) {
        if (!isUniqueViolation(error, 'companies_vat_number_key')) throw error
        items.push({ index, outcome: 'duplicate', existingId: (await repo.findCompanyIdByVatNumber(tx, vat!))! })
      }
    }
  })
  const count = (outcome: CompanyImportItemResult['outcome']) => items.filter((i) => i.outcome === outcome).length
  return { created: count('created'), duplicates: count('duplicate'), invalid: count('invalid'), items }
}
