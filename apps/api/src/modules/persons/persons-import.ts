/**
 * Bulk import of persons (up to 1,000 rows, JSON or CSV), each row checked and registered on its
 * own through the same use case as POST /persons (codice fiscale rules, duplicates, audit): created
 * (its id), duplicate (the id of the person already registered with that codice fiscale, before or
 * earlier in the file) or invalid (every problem naming its field). Large imports run as a job whose
 * progress GET /jobs/{jobId} answers; the job keeps outcomes and ids, never the rows.
 */
import { eq, sql } from 'drizzle-orm'
import { PERSON_IMPORT_MAX_ROWS, type ImportItemResult, type ImportResult, type PersonCreate, type ProblemFieldError } from '@ponte/shared'
import type { Database } from '../../db/client.js'
import { jobs } from '../../db/schema/index.js'
import type { AuditActor } from '../../lib/audit.js'
import { AppError, badRequest } from '../../lib/errors.js'
import type { Principal } from '../../lib/principal.js'
import { parseCsv } from '../companies/company-import.js'
import { createPerson } from './persons.service.js'
import { requestTransactions } from '../../lib/request-transaction.js'

const HEADER_ALIASES: Record<string, string> = {
  givenname: 'givenName', nome: 'givenName',
  familyname: 'familyName', cognome: 'familyName',
  taxcode: 'taxCode', codicefiscale: 'taxCode', cf: 'taxCode',
  birthdate: 'birthDate', datadinascita: 'birthDate', natoil: 'birthDate',
  sex: 'sex', sesso: 'sex',
  birthplace: 'birthPlace', luogodinascita: 'birthPlace', natoa: 'birthPlace',
  citizenship: 'citizenship', cittadinanza: 'citizenship',
  educationlevel: 'educationLevel', livelloeqf: 'educationLevel', eqf: 'educationLevel',
  phone: 'phone', telefono: 'phone', cellulare: 'phone',
  email: 'email', mail: 'email',
  skills: 'skills', competenze: 'skills',
  employmentstatus: 'employmentStatus',
  unemployedsince: 'unemployedSince', disoccupatodal: 'unemployedSince',
  municipalityid: 'municipalityId',
}
const fold = (value: string) => value.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().replace(/[^a-z0-9]/g, '')
/** `31/12/1985` (as Italian spreadsheets write it) or ISO. */
const isoDate = (value: string) => {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value)
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : value
}

/** CSV records (header first) as rows of PersonCreate: blank cells left out, dates, numbers and lists read. */
export function personCsvRows(text: string): Record<string, unknown>[] {
  const [header, ...records] = parseCsv(text)
  if (!header) throw badRequest('Il file CSV è vuoto.')
  const fields = header.map((h) => HEADER_ALIASES[fold(h)] ?? null)
  return records.map((record) => {
    const row: Record<string, unknown> = {}
    const contacts: Record<string, string> = {}
    fields.forEach((field, i) => {
      const value = (record[i] ?? '').trim()
      if (field === null || value === '') return
      if (field === 'phone' || field === 'email') contacts[field] = value
      else if (field === 'birthDate' || field === 'unemployedSince') row[field] = isoDate(value)
      else if (field === 'educationLevel') row[field] = /^\d+$/.test(value) ? Number(value) : value
      else if (field === 'skills') row[field] = value.split('|').map((s) => s.trim()).filter(Boolean)
      else if (field === 'sex') row[field] = value.toUpperCase()
      else row[field] = value
    })
    if (Object.keys(contacts).length > 0) row.contacts = contacts
    return row
  })
}

export type RowValidator = (row: Record<string, unknown>) => ProblemFieldError[]

export function checkImportSize(rows: unknown[]) {
  if (rows.length === 0) throw badRequest('Nessuna persona da importare.')
  if (rows.length > PERSON_IMPORT_MAX_ROWS) throw badRequest(`Al massimo ${PERSON_IMPORT_MAX_ROWS} persone per importazione.`, [{ pointer: '/items', detail: `At most ${PERSON_IMPORT_MAX_ROWS} rows` }])
}

/** Imports the rows one by one; `onProgress` is told after each. */
export async function importPersons(db: Database, principal: Principal, actor: AuditActor, rows: Record<string, unknown>[], validate: RowValidator, onProgress?: (processed: number) => Promise<void>): Promise<ImportResult> {
  const items: ImportItemResult[] = []
  for (const [index, raw] of rows.entries()) {
    const errors = validate(raw)
    if (errors.length > 0) items.push({ index, outcome: 'invalid', errors })
    else {
      try {
        const person = await createPerson(db, principal, actor, raw as PersonCreate)
        items.push({ index, outcome: 'created', id: person.id })
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500) throw error
        if (error.status === 409 && error.init.existingId) items.push({ index, outcome: 'duplicate', existingId: error.init.existingId })
        else if (error.status === 403) throw error // the caller may not register persons at all: the whole import is refused
        else items.push({ index, outcome: 'invalid', errors: error.init.errors ?? (error.init.violations ?? []).map((v) => ({ pointer: '/', detail: v.detail, code: v.rule })) ?? [{ pointer: '/', detail: error.message }] })
      }
    }
    await onProgress?.(index + 1)
  }
  const count = (outcome: ImportItemResult['outcome']) => items.filter((i) => i.outcome === outcome).length
  return { created: count('created'), duplicates: count('duplicate'), invalid: count('invalid'), items }
}

/**
 * Starts a large import as a job in this process and answers its id at once; progress is written
 * every 20 rows. The rows are never stored: a job whose process stops stays unfinished, and sending
 * the file again is safe (the persons already registered answer `duplicate` with their id).
 */
export async function startImportJob(db: Database, principal: Principal, actor: AuditActor, rows: Record<string, unknown>[], validate: RowValidator, log: (err: unknown) => void): Promise<string> {
  const [job] = await db.insert(jobs).values({ kind: 'persons.import', requestedBy: principal.userId, total: rows.length }).returning({ id: jobs.id })
  const id = job!.id
  // The job outlives the request: it must not join the request's (by then committed) transaction.
  setImmediate(() => requestTransactions.exit(() => {
    importPersons(db, principal, actor, rows, validate, async (processed) => {
      if (processed % 20 === 0) await db.update(jobs).set({ processed }).where(eq(jobs.id, id))
    })
      .then((result) => db.update(jobs).set({ status: 'completed', processed: rows.length, result: result as unknown as Record<string, unknown>, finishedAt: sql`now()` }).where(eq(jobs.id, id)))
      .catch(async (err: unknown) => {
        log(err)
        await db.update(jobs).set({ status: 'failed', error: err instanceof AppError ? err.message : 'Errore imprevisto durante l\'importazione.', finishedAt: sql`now()` }).where(eq(jobs.id, id))
      })
  }))
  return id
}
