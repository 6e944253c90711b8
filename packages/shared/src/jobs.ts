/** Background jobs a caller started (large bulk imports) and their progress. */
import { Type, type Static } from 'typebox'
import { Instant, Nullable, Ref, Uuid } from './common.js'

export const PERSON_IMPORT_MAX_ROWS = 1000
/** Imports of more rows than this run as a job (202 with its Location); smaller ones answer at once. */
export const PERSON_IMPORT_SYNC_ROWS = 100

export const ImportItemResult = Type.Object(
  {
    index: Type.Integer({ format: 'int32', minimum: 0, description: 'Position of the row (0-based; the CSV header is not counted)' }),
    outcome: Type.Enum(['created', 'duplicate', 'invalid']),
    id: Type.Optional(Uuid),
    existingId: Type.Optional(Uuid),
    errors: Type.Optional(Type.Array(Type.Object({ pointer: Type.String(), detail: Type.String(), code: Type.Optional(Type.String()) }, { additionalProperties: false }))),
  },
  { $id: 'ImportItemResult', additionalProperties: false, description: '`created` with `id`; `duplicate` with the `existingId` of the record already registered; `invalid` with its `errors`' },
)
export type ImportItemResult = Static<typeof ImportItemResult>

export const ImportResult = Type.Object(
  {
    created: Type.Integer({ format: 'int32' }),
    duplicates: Type.Integer({ format: 'int32' }),
    invalid: Type.Integer({ format: 'int32' }),
    items: Type.Array(Ref(ImportItemResult)),
  },
  { $id: 'ImportResult', additionalProperties: false },
)
export type ImportResult = Static<typeof ImportResult>

export const PersonImportRequest = Type.Object(
  { items: Type.Array(Type.Record(Type.String(), Type.Unknown()), { minItems: 1, maxItems: PERSON_IMPORT_MAX_ROWS, description: 'Persons as in createPerson; each row is checked on its own' }) },
  { $id: 'PersonImportRequest', additionalProperties: false, description: 'Up to 1,000 persons (also accepted as `text/csv` with a header row)' },
)
export type PersonImportRequest = Static<typeof PersonImportRequest>

export const JobStatus = Type.Enum(['running', 'completed', 'failed'], { $id: 'JobStatus' })
export type JobStatus = Static<typeof JobStatus>

export const Job = Type.Object(
  {
    id: Uuid,
    kind: Type.String({ examples: ['persons.import'] }),
    status: Ref(JobStatus),
    total: Type.Integer({ format: 'int32', description: 'Items to process' }),
    processed: Type.Integer({ format: 'int32', description: 'Items processed so far' }),
    result: Nullable(Ref(ImportResult)),
    error: Nullable(Type.String()),
    createdAt: Instant,
    finishedAt: Nullable(Instant),
  },
  { $id: 'Job', additionalProperties: false },
)
export type Job = Static<typeof Job>
