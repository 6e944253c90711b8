/**
 * How requests are validated, once for every route (docs/decisions/0017):
 *
 * - one Ajv per part of the request: query strings, path parameters and headers arrive as text and
 *   are coerced to the schema's types (`?limit=10` → 10); JSON bodies are typed already and are
 *   never coerced (`null` for an integer is a 400, not 0);
 * - `date` and `date-time` are as strict as PostgreSQL (no year 0, no offset beyond ±15:59);
 * - no text anywhere in a request may hold the NUL character, which PostgreSQL cannot store;
 * - JSON bodies nest at most MAX_JSON_DEPTH levels.
 */
import AjvCompiler from '@fastify/ajv-compiler'
import type { FastifyRequest, FastifyServerOptions } from 'fastify'
import { isCalendarDate, isInstant } from '@ponte/shared'
import { AppError, validationFailed } from './errors.js'

type Ajv = AjvCompiler.Ajv
type ValidatorRoute = { schema: unknown; method: string; url: string; httpPart?: string }
type Validate = ((data: unknown) => unknown) & { errors?: unknown }
type BuildValidator = (externalSchemas: unknown, ajvServerOption: unknown) => (route: ValidatorRoute) => Validate

/** The Ajv options both validators share (request-wide behaviour). */
const SHARED_OPTIONS = { useDefaults: true, removeAdditional: false, allErrors: true, discriminator: true } as const

/** Replaces ajv-formats' RFC 3339 `date` and `date-time` with the database's stricter ones. */
export function addPonteFormats(ajv: Ajv) {
  ajv.addFormat('date', { type: 'string', validate: isCalendarDate })
  ajv.addFormat('date-time', { type: 'string', validate: isInstant })
}

/** The Ajv options Fastify is built with: coercion for the parts that arrive as text. */
export const AJV_SERVER_OPTIONS = {
  customOptions: { ...SHARED_OPTIONS, coerceTypes: 'array' as const },
  onCreate: addPonteFormats,
} satisfies NonNullable<FastifyServerOptions['ajv']>

/**
 * The validator compiler factory (`schemaController.compilersFactory.buildValidator`): bodies get an
 * Ajv that never coerces, the other parts one that does; query strings refuse unknown parameters.
 */
export function buildValidatorFactory(): BuildValidator {
  const pool = AjvCompiler() as unknown as (externals: unknown, options: unknown) => (route: ValidatorRoute) => Validate
  return (externalSchemas) => {
    const coercing = pool(externalSchemas, AJV_SERVER_OPTIONS)
    const strict = pool(externalSchemas, { customOptions: { ...SHARED_OPTIONS, coerceTypes: false }, onCreate: addPonteFormats })
    return (route) => (route.httpPart === 'body' ? strict(route) : coercing(route))
  }
}

type RouteSchemaHolder = { url: string; schema?: { querystring?: unknown; hide?: boolean } & Record<string, unknown> }

/**
 * `onRoute` of every API route: its query string refuses parameters it does not declare, as bodies
 * refuse unknown properties (400 `validation-failed` naming `/querystring/<name>`). An object
 * schema without `additionalProperties` is closed; a route without a query-string schema gets an
 * empty closed one. (Closing changes no parameter of the OpenAPI document.)
 */
export function closeQuerystring(route: RouteSchemaHolder, prefix: string) {
  if (!route.url.startsWith(prefix) || !route.schema || route.schema.hide) return
  const querystring = route.schema.querystring as { type?: unknown; additionalProperties?: unknown } | undefined
  if (querystring === undefined) route.schema.querystring = { type: 'object', properties: {}, additionalProperties: false }
  else if (querystring.type === 'object' && querystring.additionalProperties === undefined) route.schema.querystring = { ...querystring, additionalProperties: false }
}

/**
 * `onRoute` of every API route whose body is declared per media type (`body: { content: … }`, the
 * imports: JSON or CSV): Fastify validates such a body only when its media type is one declared,
 * so a request without a body, or with a body of another type that has a parser, would reach the
 * handler unvalidated. Such a request answers 400 (no body) or 415, before validation.
 */
export function requireDeclaredMediaType(route: RouteSchemaHolder & { preValidation?: unknown }, prefix: string) {
  const content = (route.schema?.body as { content?: Record<string, unknown> } | undefined)?.content
  if (!route.url.startsWith(prefix) || !content) return
  const declared = Object.keys(content)
  const check = async (request: FastifyRequest) => {
    const mediaType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
    if (declared.includes(mediaType) && request.body !== undefined) return
    if (request.body === undefined || request.body === null || request.body === '') {
      throw validationFailed([{ pointer: '/', code: 'required', detail: `a body is required (${declared.join(' or ')})` }], `Serve un corpo della richiesta (${declared.join(' o ')}).`)
    }
    throw new AppError(415, 'unsupported-media-type', 'Tipo di contenuto non supportato', { detail: `Questa operazione accetta ${declared.join(' o ')}.` })
  }
  const existing = route.preValidation
  route.preValidation = existing === undefined ? [check] : [...(Array.isArray(existing) ? existing : [existing]), check]
}

/** How deep a JSON body may nest: the deepest body of the contract is far shallower. */
export const MAX_JSON_DEPTH = 32

const tooDeep = () => new AppError(400, 'too-deeply-nested', 'JSON troppo annidato', { detail: `Il corpo della richiesta supera ${MAX_JSON_DEPTH} livelli di annidamento.` })

const pointerOf = (path: (string | number)[]) => path.map((p) => `/${String(p).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('')

/**
 * Walks a parsed value without recursion: throws 400 when it nests deeper than `maxDepth`, and
 * returns the JSON pointers of every text (value or key) that holds a NUL character.
 */
export function inspectValue(value: unknown, maxDepth = MAX_JSON_DEPTH): string[] {
  const nul: string[] = []
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }]
  while (stack.length > 0) {
    const { value: item, path } = stack.pop()!
    if (typeof item === 'string') {
      if (item.includes('\u0000')) nul.push(pointerOf(path))
    } else if (item !== null && typeof item === 'object') {
      if (path.length >= maxDepth) throw tooDeep()
      if (Array.isArray(item)) item.forEach((child, i) => stack.push({ value: child, path: [...path, i] }))
      else
        for (const [key, child] of Object.entries(item)) {
          if (key.includes('\u0000')) nul.push(pointerOf([...path, key]))
          stack.push({ value: child, path: [...path, key] })
        }
    }
  }
  return nul.sort()
}

/** `preValidation` of every route: no NUL in the body, query string or path, and no body nested too deep. */
export async function rejectUnstorableInput(request: FastifyRequest) {
  const errors = [
    ...inspectValue(request.body).map((pointer) => ({ pointer: pointer || '/', detail: 'must not contain the NUL character (\\u0000)', code: 'nul' })),
    ...inspectValue(request.query, 2).map((pointer) => ({ pointer: `/querystring${pointer}`, detail: 'must not contain the NUL character (\\u0000)', code: 'nul' })),
    ...inspectValue(request.params, 2).map((pointer) => ({ pointer: `/params${pointer}`, detail: 'must not contain the NUL character (\\u0000)', code: 'nul' })),
  ]
  if (errors.length > 0) throw validationFailed(errors, 'Il testo non può contenere il carattere NUL (\\u0000).')
}
