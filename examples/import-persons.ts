/**
 * Imports persons from a CSV file (a header row: Nome;Cognome;Codice fiscale;Data di nascita;Sesso;…
 * or the API's field names) and prints each row's outcome. Up to 1,000 rows per file; more than 100
 * run as a job whose progress is followed until it ends. Sending the same file again is safe: the
 * persons already registered answer `duplicate` with their id.
 *
 *   PONTE_URL=… PONTE_CLIENT_ID=… PONTE_CLIENT_SECRET=pnt_… pnpm --filter @ponte/examples import-persons ./persons.csv
 *
 * The client needs the scope `persons:write`.
 */
import { readFile } from 'node:fs/promises'
import { createPartnerClient, type ClientCredentials } from '@ponte/client/partner'
import type { Schemas } from '@ponte/client'

export type ImportResult = Schemas['ImportResult']

export async function importPersonsFromCsv(credentials: ClientCredentials, file: string, onProgress?: (processed: number, total: number) => void): Promise<ImportResult> {
  const api = createPartnerClient(credentials)
  const csv = await readFile(file, 'utf8')
  const { data, error, response } = await api.POST('/persons/import', {
    body: csv as never,
    bodySerializer: (body) => body as unknown as string,
    headers: { 'content-type': 'text/csv' },
  })
  if (!data) throw Object.assign(new Error(`The import answered HTTP ${response.status}`), { problem: error })
  if ('items' in data) return data
  // A job: follow its progress.
  let job = data
  while (job.status === 'running') {
    onProgress?.(job.processed, job.total)
    await new Promise((resolve) => setTimeout(resolve, 500))
    const next = await api.GET('/jobs/{jobId}', { params: { path: { jobId: job.id } } })
    if (!next.data) throw new Error(`Reading the job answered HTTP ${next.response.status}`)
    job = next.data
  }
  if (job.status === 'failed' || !job.result) throw new Error(`The import failed: ${job.error ?? 'unknown error'}`)
  return job.result
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const env = (name: string) => process.env[name] ?? (console.error(`Set ${name}`), process.exit(2))
  const file = process.argv[2] ?? (console.error('Usage: import-persons <file.csv>'), process.exit(2))
  const result = await importPersonsFromCsv({ baseUrl: env('PONTE_URL'), clientId: env('PONTE_CLIENT_ID'), clientSecret: env('PONTE_CLIENT_SECRET') }, file, (done, total) => console.log(`${done}/${total}…`))
  for (const item of result.items) console.log(`row ${item.index + 1}: ${item.outcome}${item.id ? ` ${item.id}` : ''}${item.existingId ? ` (already ${item.existingId})` : ''}${item.errors ? ` — ${item.errors.map((e) => `${e.pointer} ${e.detail}`).join('; ')}` : ''}`)
  console.log(`${result.created} created, ${result.duplicates} duplicates, ${result.invalid} invalid`)
}
