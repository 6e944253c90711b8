/** Importing persons in bulk (CSV as it is) and following the job of a large import. */
import { api, dataOf, newIdempotencyKey, writeHeaders } from './http'

export const importPersonsCsv = (text: string, idempotencyKey = newIdempotencyKey()) =>
  dataOf(
    api.POST('/persons/import', {
      params: { header: writeHeaders({ idempotencyKey }) },
      body: text as never,
      headers: { 'content-type': 'text/csv' },
      bodySerializer: (body: unknown) => body as string,
    }),
  )

export const readJob = (jobId: string) => dataOf(api.GET('/jobs/{jobId}', { params: { path: { jobId } } }))
