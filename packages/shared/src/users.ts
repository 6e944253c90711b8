/** Users (operatori) of an organisation and the roles they hold there, managed by its org_admin. */
import { Type, type Static } from 'typebox'
import { Instant, Nullable, Page, PageQuery, Ref, Uuid, Version } from './common.js'
import { Role } from './organisations.js'

export const PASSWORD_MIN_LENGTH = 12

export const Password = Type.String({
  minLength: PASSWORD_MIN_LENGTH,
  maxLength: 256,
  description: `At least ${PASSWORD_MIN_LENGTH} characters with letters and digits, not containing the email`,
})

/** A user as seen from one organisation: the roles are the ones held in that organisation. */
export const OrganisationUser = Type.Object(
  {
    id: Uuid,
    email: Type.String({ format: 'email' }),
    givenName: Type.String(),
    familyName: Type.String(),
    isActive: Type.Boolean({ description: 'False when the user is disabled in this organisation' }),
    roles: Type.Array(Ref(Role)),
    lastLoginAt: Nullable(Instant),
    version: Version,
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'OrganisationUser', additionalProperties: false },
)
export type OrganisationUser = Static<typeof OrganisationUser>

export const OrganisationUserCreate = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    givenName: Type.String({ minLength: 1, maxLength: 100 }),
    familyName: Type.String({ minLength: 1, maxLength: 100 }),
    roles: Type.Array(Ref(Role), { minItems: 1, uniqueItems: true }),
    password: Type.Optional(Password),
  },
  {
    $id: 'OrganisationUserCreate',
    additionalProperties: false,
    description: 'Adds a user to the organisation. An existing user (same email) gains the membership; a new one needs a password.',
  },
)
export type OrganisationUserCreate = Static<typeof OrganisationUserCreate>

export const OrganisationUserPatch = Type.Object(
  {
    givenName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    familyName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    roles: Type.Optional(Type.Array(Ref(Role), { minItems: 1, uniqueItems: true })),
    isActive: Type.Optional(Type.Boolean()),
    password: Type.Optional(Password),
  },
  { $id: 'OrganisationUserPatch', additionalProperties: false, description: 'JSON Merge Patch (RFC 7396) of a user\'s membership' },
)
export type OrganisationUserPatch = Static<typeof OrganisationUserPatch>

export const OrganisationUserListQuery = Type.Object({
  ...PageQuery.properties,
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Part of the name or email' })),
  role: Type.Optional(Ref(Role)),
})
export type OrganisationUserListQuery = Static<typeof OrganisationUserListQuery>

export const OrganisationUserPage = Page(Ref(OrganisationUser), { $id: 'OrganisationUserPage' })
export type OrganisationUserPage = Static<typeof OrganisationUserPage>

/** Password policy shared by the API (authoritative) and the web app (as-you-type hints). */
export function checkPasswordPolicy(password: string, email?: string): string[] {
  const problems: string[] = []
  if (password.length < PASSWORD_MIN_LENGTH) problems.push('too_short')
  if (!/[A-Za-z]/.test(password) || !/[0-9]/.test(password)) problems.push('needs_letters_and_digits')
  const local = email?.split('@')[0]?.toLowerCase()
  if (local && local.length >= 3 && password.toLowerCase().includes(local)) problems.push('contains_email')
  return problems
}
