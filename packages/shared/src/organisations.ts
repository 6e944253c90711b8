/** Organisations (enti), their kinds and hierarchy, and the roles users hold in them (DOMAIN.md §1). */
import { Type, type Static } from 'typebox'
import { Instant, Nullable, Page, PageQuery, Ref, Uuid, Version } from './common.js'
import { ORGANISATION_KINDS, ROLES } from './vocabularies.js'

export const OrganisationKind = Type.Enum(ORGANISATION_KINDS, { $id: 'OrganisationKind', description: 'Kind of organisation (ente)' })
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number]

export const Role = Type.Enum(ROLES, { $id: 'Role', description: 'Role a user holds in an organisation' })
export type Role = (typeof ROLES)[number]

export const COOPERATIVE_TYPES = ['A', 'B'] as const

export const Organisation = Type.Object(
  {
    id: Uuid,
    kind: Ref(OrganisationKind),
    name: Type.String({ minLength: 2, maxLength: 200 }),
    taxCode: Nullable(Type.String({ description: 'Codice fiscale / partita IVA of the organisation' })),
    parentId: Nullable(Uuid),
    cooperativeType: Nullable(Type.Enum(COOPERATIVE_TYPES, { description: 'Social cooperative type (A or B)' })),
    email: Nullable(Type.String({ format: 'email' })),
    isActive: Type.Boolean(),
    version: Version,
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'Organisation', additionalProperties: false },
)
export type Organisation = Static<typeof Organisation>

export const OrganisationCreate = Type.Object(
  {
    kind: Ref(OrganisationKind),
    name: Type.String({ minLength: 2, maxLength: 200 }),
    taxCode: Type.Optional(Nullable(Type.String({ pattern: '^[0-9]{11}$|^[A-Z0-9]{16}$', description: 'Partita IVA (11 digits) or codice fiscale' }))),
    parentId: Type.Optional(Nullable(Uuid)),
    cooperativeType: Type.Optional(Nullable(Type.Enum(COOPERATIVE_TYPES))),
    email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 254 }))),
  },
  { $id: 'OrganisationCreate', additionalProperties: false },
)
export type OrganisationCreate = Static<typeof OrganisationCreate>

export const OrganisationPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
    taxCode: Type.Optional(Nullable(Type.String({ pattern: '^[0-9]{11}$|^[A-Z0-9]{16}$' }))),
    parentId: Type.Optional(Nullable(Uuid)),
    cooperativeType: Type.Optional(Nullable(Type.Enum(COOPERATIVE_TYPES))),
    email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 254 }))),
    isActive: Type.Optional(Type.Boolean()),
  },
  { $id: 'OrganisationPatch', additionalProperties: false, description: 'JSON Merge Patch (RFC 7396) of an organisation' },
)
export type OrganisationPatch = Static<typeof OrganisationPatch>

export const OrganisationListQuery = Type.Object({
  ...PageQuery.properties,
  kind: Type.Optional(Ref(OrganisationKind)),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Part of the name (case-insensitive)' })),
  isActive: Type.Optional(Type.Boolean({ description: 'Only active (true) or only deactivated (false) organisations' })),
})
export type OrganisationListQuery = Static<typeof OrganisationListQuery>

export const OrganisationPage = Page(Ref(Organisation), { $id: 'OrganisationPage' })
export type OrganisationPage = Static<typeof OrganisationPage>
