/**
 * The audit trail (registro degli accessi) as the organisation's auditor reads it: every read and
 * write of personal data, append-only and hash-chained (DOMAIN.md §1 role `auditor`, §8).
 */
import { Type, type Static } from 'typebox'
import { Instant, Nullable, Page, PageQuery, Ref, Uuid } from './common.js'
import { UserRef } from './cases.js'

export const AUDIT_CHANNELS = ['staff', 'client', 'system'] as const
export const AuditChannel = Type.Enum(AUDIT_CHANNELS, {
  $id: 'AuditChannel',
  description: 'Through what the action came: `staff` (a signed-in user), `client` (an API client), `system` (the platform itself)',
})
export type AuditChannel = (typeof AUDIT_CHANNELS)[number]

/** Actions the API writes to the trail (others may appear: the field is an open string). */
export const AUDIT_ACTIONS = ['read', 'list', 'create', 'update', 'transition', 'login', 'logout', 'delete'] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

export const AuditEntry = Type.Object(
  {
    id: Type.Integer({ format: 'int64', minimum: 1, description: 'Position in the whole trail (grows with time)' }),
    at: Instant,
    actor: Nullable(Ref(UserRef)),
    channel: Ref(AuditChannel),
    action: Type.String({ description: 'What was done: `read`, `list`, `create`, `update`, `transition`, `login`…', examples: ['read'] }),
    resourceType: Type.String({ description: 'Kind of record (`person`, `case`, `referral`, `audit_log`…)', examples: ['case'] }),
    resourceId: Nullable(Type.String({ description: 'Id of the record' })),
    changedFields: Nullable(Type.Array(Type.String(), { description: 'Names of the fields a write changed (never their values)' })),
    requestId: Nullable(Type.String({ description: 'Id of the HTTP request that caused the entry' })),
    hash: Nullable(Type.String({ description: 'SHA-256 (hex) of this entry chained to the previous one; null while the entry is pending (not sealed yet)' })),
    prevHash: Nullable(Type.String({ description: 'Hash of the previous entry of the whole trail; null for the first entry and while pending' })),
  },
  { $id: 'AuditEntry', additionalProperties: false, description: 'One entry of the audit trail' },
)
export type AuditEntry = Static<typeof AuditEntry>

export const AuditEntryListQuery = Type.Object({
  ...PageQuery.properties,
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Entries at or after this instant' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Entries before this instant' })),
  actorUserId: Type.Optional(Uuid),
  resourceType: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Kind of record, e.g. `case`' })),
  resourceId: Type.Optional(Uuid),
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Action, e.g. `read`' })),
})
export type AuditEntryListQuery = Static<typeof AuditEntryListQuery>

export const AuditEntryPage = Page(Ref(AuditEntry), { $id: 'AuditEntryPage' })
export type AuditEntryPage = Static<typeof AuditEntryPage>

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
