/**
 * The audit trail (registro degli accessi) as the organisation's auditor reads it: every read and
 * write of personal data, append-only and hash-chained (DOMAIN.md §1 role `auditor`, §8).
 */
import { Type, type Static } from 'typebox'
import { DateOnly, Instant, Nullable, Page, PageQuery, Ref, Uuid } from './common.js'
import { UserRef } from './cases.js'

export const AUDIT_CHANNELS = ['staff', 'client', 'system'] as const
export const AuditChannel = Type.Enum(AUDIT_CHANNELS, {
  $id: 'AuditChannel',
  description: 'Through what the action came: `staff` (a signed-in user), `client` (an API client), `system` (the platform itself)',
})
export type AuditChannel = (typeof AUDIT_CHANNELS)[number]

/**
 * Every action the API writes to the trail (a test reads the API's sources and fails when one is
 * missing; the web app names each in words). The field stays an open string for older entries.
 */
export const AUDIT_ACTIONS = [
  // reads
  'read', 'list', 'search', 'duplicate_check', 'read_timeline', 'read_assignments', 'read_revisions', 'attendance', 'register', 'deadlines',
  'outcomes', 'tutoring_sessions', 'payments', 'follow_up', 'follow_ups_due', 'document', 'puc_quarterly_report', 'audit_view', 'export',
  // writes
  'create', 'update', 'delete', 'transition', 'sign', 'reassign', 'reopen', 'add_member', 'remove_member', 'add_membership', 'reset_password',
  'extend', 'rule_override', 'revoke', 'rotate_secret', 'disable', 'redeliver',
  // identity
  'login', 'login_failed', 'login_refused_no_membership', 'logout', 'refresh_token_reuse', 'token_issued',
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

/** Kinds of record whose entries name a person (and, when the record belongs to one, a case). */
export const AuditSubject = Type.Object(
  {
    person: Type.Object(
      { id: Uuid, name: Type.String({ description: 'Given and family name of the person' }) },
      { additionalProperties: false, description: 'The person the record is about' },
    ),
    case: Nullable(
      Type.Object(
        {
          id: Uuid,
          episode: Type.Integer({ format: 'int32', minimum: 1, description: 'Episode of the person\'s case in the municipality (1 for the first)' }),
          openedOn: DateOnly,
        },
        { additionalProperties: false, description: 'The case the record belongs to; null for records of the person alone' },
      ),
    ),
  },
  {
    $id: 'AuditSubject',
    additionalProperties: false,
    description: 'Whose file the entry touched: shown to the organisation\'s auditor only, and the showing is itself audited (`audit_view`)',
  },
)
export type AuditSubject = Static<typeof AuditSubject>

export const AuditEntry = Type.Object(
  {
    id: Type.Integer({ format: 'int64', minimum: 1, description: 'Position in the whole trail (grows with time)' }),
    at: Instant,
    actor: Nullable(Ref(UserRef)),
    channel: Ref(AuditChannel),
    action: Type.String({ description: 'What was done: `read`, `list`, `create`, `update`, `transition`, `login`…', examples: ['read'] }),
    resourceType: Type.String({ description: 'Kind of record (`person`, `case`, `referral`, `audit_log`…)', examples: ['case'] }),
    resourceId: Nullable(Type.String({ description: 'Id of the record' })),
    subject: Nullable(Ref(AuditSubject)),
    changedFields: Nullable(Type.Array(Type.String(), { description: 'Names of the fields a write changed (never their values)' })),
    requestId: Nullable(Type.String({ description: 'Id of the HTTP request that caused the entry' })),
    hash: Nullable(Type.String({ description: 'SHA-256 (hex) of this entry chained to the previous one; null while the entry is pending (not sealed yet)' })),
    prevHash: Nullable(Type.String({ description: 'Hash of the previous entry of the whole trail; null for the first entry and while pending' })),
  },
  { $id: 'AuditEntry', additionalProperties: false, description: 'One entry of the audit trail' },
)
export type AuditEntry = Static<typeof AuditEntry>

/** The filters of the trail, shared by the list and the export. */
const AuditEntryFilters = {
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Entries at or after this instant' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Entries before this instant' })),
  actorUserId: Type.Optional(Uuid),
  resourceType: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Kind of record, e.g. `case`' })),
  resourceId: Type.Optional(Uuid),
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Action, e.g. `read`' })),
  personId: Type.Optional(
    Type.String({ format: 'uuid', description: 'Entries about this person: the person, their sensitive section, and every record of their cases' }),
  ),
  q: Type.Optional(
    Type.String({
      minLength: 2,
      maxLength: 100,
      description: 'Entries about the persons whose name matches (tolerant of accents, case and typos, like the person search)',
    }),
  ),
}

export const AuditEntryListQuery = Type.Object({ ...PageQuery.properties, ...AuditEntryFilters })
export type AuditEntryListQuery = Static<typeof AuditEntryListQuery>

export const AuditEntryPage = Page(Ref(AuditEntry), { $id: 'AuditEntryPage' })
export type AuditEntryPage = Static<typeof AuditEntryPage>

export const AUDIT_EXPORT_FORMATS = ['csv', 'xlsx'] as const
/** The most entries one export holds; a wider selection answers 422 (narrow the period). */
export const AUDIT_EXPORT_MAX = 10000

export const AuditEntryExportQuery = Type.Object({
  ...AuditEntryFilters,
  format: Type.Enum(AUDIT_EXPORT_FORMATS, { description: '`csv` (UTF-8 with BOM, `;` separator, for Italian spreadsheets) or `xlsx`' }),
})
export type AuditEntryExportQuery = Static<typeof AuditEntryExportQuery>

export const AuditActorPage = Page(Ref(UserRef), { $id: 'AuditActorPage' })
export type AuditActorPage = Static<typeof AuditActorPage>

export const AuditChainVerification = Type.Object(
  {
    checked: Type.Integer({ format: 'int64', minimum: 0, description: 'How many sealed entries of the organisation were checked' }),
    pending: Type.Integer({
      format: 'int64',
      minimum: 0,
      description: 'Entries of the organisation written but not linked into the chain yet (the sealer links them within seconds); not covered by this check',
    }),
    valid: Type.Boolean({ description: 'True when every checked entry\'s hash and link to the previous entry are intact' }),
    firstInvalidId: Nullable(Type.Integer({ format: 'int64', minimum: 1, description: 'The oldest entry that fails the check; null when valid' })),
  },
  { $id: 'AuditChainVerification', additionalProperties: false, description: 'Result of recomputing the hash chain over the organisation\'s entries' },
)
export type AuditChainVerification = Static<typeof AuditChainVerification>
