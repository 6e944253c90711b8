/** Staff sign-in: login, refresh, the signed-in user with memberships and roles. */
import { Type, type Static } from 'typebox'
import { Ref, Uuid } from './common.js'
import { OrganisationKind, Role } from './organisations.js'

export const LoginRequest = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254, description: 'The user\'s email address' }),
    password: Type.String({ minLength: 1, maxLength: 256, description: 'The user\'s password' }),
  },
  { $id: 'LoginRequest', additionalProperties: false },
)
export type LoginRequest = Static<typeof LoginRequest>

export const Membership = Type.Object(
  {
    organisationId: Uuid,
    organisationName: Type.String(),
    organisationKind: Ref(OrganisationKind),
    roles: Type.Array(Ref(Role)),
  },
  { $id: 'Membership', additionalProperties: false },
)
export type Membership = Static<typeof Membership>

export const Me = Type.Object(
  {
    id: Uuid,
    email: Type.String({ format: 'email' }),
    givenName: Type.String(),
    familyName: Type.String(),
    locale: Type.String({ enum: ['it', 'en'] }),
    memberships: Type.Array(Ref(Membership)),
  },
  { $id: 'Me', additionalProperties: false },
)
export type Me = Static<typeof Me>

export const Session = Type.Object(
  {
    accessToken: Type.String({ description: 'JWT bearer token for the Authorization header' }),
    tokenType: Type.Literal('Bearer'),
    expiresIn: Type.Integer({ format: 'int32', description: 'Seconds until the access token expires' }),
    sessionExpiresIn: Type.Integer({
      format: 'int32',
      minimum: 0,
      description: 'Seconds until the session ends unless renewed (POST /auth/refresh): after this long without a renewal — or at the latest 12 hours after the sign-in — the user must sign in again',
    }),
    sessionExpiresAt: Type.String({ format: 'date-time', description: 'When the session ends unless renewed (the instant of `sessionExpiresIn`)' }),
    user: Ref(Me),
  },
  { $id: 'Session', additionalProperties: false },
)
export type Session = Static<typeof Session>
