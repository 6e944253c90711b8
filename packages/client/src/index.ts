/**
 * @ponte/client: a typed client of the Ponte API. The types (`paths`, `components`, `operations`)
 * are generated from the committed OpenAPI document (src/schema.ts, `pnpm --filter @ponte/client
 * generate`); requests go through openapi-fetch, so a wrong URL, parameter, body or response field
 * is a compile error. The web app wraps it with its session (apps/web/src/api/http.ts); partner
 * systems and scripts (Node) import `@ponte/client/partner`: the token exchange, Idempotency-Key,
 * Retry-After, ETag, paging, the change feed and webhook verification (src/partner.ts).
 */
import createClient, { type ClientOptions, type Client } from 'openapi-fetch'
import type { components, operations, paths } from './schema.ts'

export type { components, operations, paths } from './schema.ts'

/** A client of the whole API (paths relative to `/api/v1`). */
export type PonteClient = Client<paths>

/** The API's named schemas, e.g. `Schemas['Case']`. */
export type Schemas = components['schemas']

/** The names of the API's operations (their operationId), e.g. `'listCases'`. */
export type OperationId = keyof operations

/** The query parameters of an operation, e.g. `QueryOf<'listCases'>`. */
export type QueryOf<O extends OperationId> = operations[O]['parameters'] extends { query?: infer Q } ? NonNullable<Q> : never

/** The JSON body an operation takes, e.g. `BodyOf<'updatePlan'>` (a merge patch for PATCH). */
export type BodyOf<O extends OperationId> = operations[O] extends { requestBody?: { content: infer C } } ? C[keyof C] : never

type SuccessStatus = 200 | 201
/** The JSON an operation answers on success, e.g. `ResultOf<'readCase'>`. */
export type ResultOf<O extends OperationId> = {
  [S in SuccessStatus & keyof operations[O]['responses']]: operations[O]['responses'][S] extends { content: { 'application/json': infer R } } ? R : never
}[SuccessStatus & keyof operations[O]['responses']]

/** Where the API lives under its origin. */
export const API_PATH = '/api/v1'

/** A typed client; `baseUrl` is the API's root, e.g. `https://ponte.example.it/api/v1`. */
export function createPonteClient(options: ClientOptions & { baseUrl: string }): PonteClient {
  return createClient<paths>(options)
}

/** The `If-Match` value for the version read (the API's ETags are the quoted version). */
export const ifMatch = (version: number) => `"${version}"`

