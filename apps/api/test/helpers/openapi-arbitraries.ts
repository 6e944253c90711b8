/**
 * fast-check arbitraries from the committed OpenAPI document: values valid for a JSON Schema of the
 * document (with its `$ref`s to components resolved), and hostile values — what the document allows
 * but the database may not hold, what it forbids, and what nobody expects. Used by the fuzz of
 * test/platform/openapi-fuzz.test.ts.
 */
import fc from 'fast-check'

/** A JSON Schema of the document (2020-12, as OpenAPI 3.1 uses it). */
export type Schema = { [keyword: string]: unknown }

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>
  components: { schemas: Record<string, Schema> }
}

export interface Parameter {
  name: string
  in: 'path' | 'query' | 'header'
  required?: boolean
  schema: Schema
}

export interface Operation {
  operationId: string
  parameters?: Parameter[]
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> }
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>
  security?: Record<string, string[]>[]
}

/** Strings longer than this are left to the hostile values: valid ones stay small and quick. */
const MAX_VALID_LENGTH = 40
const MAX_VALID_ITEMS = 3
const MAX_DEPTH = 8

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 }

/** A date a person or a plan may have: mostly near today, sometimes a century away. */
const dateValue = fc.oneof(
  { weight: 4, arbitrary: fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true }) },
  { weight: 1, arbitrary: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }) },
)

/** Arbitraries of valid values for the schemas of one document. */
export class SchemaArbitraries {
  private readonly byRef = new Map<string, fc.Arbitrary<unknown>>()
  private readonly resolving = new Set<string>()

  /**
   * `idFor(name)` gives the values of a `uuid` named `name` (a property or a parameter): the fuzz
   * uses it to name real records of the test database more often than random ids.
   */
  constructor(
    private readonly document: OpenApiDocument,
    private readonly idFor: (name: string) => fc.Arbitrary<string> = () => fc.uuid(),
  ) {}

  /** The schema a `$ref` names (`#/components/schemas/X`). */
  resolve(schema: Schema): Schema {
    let current = schema
    for (let hops = 0; typeof current.$ref === 'string' && hops < 16; hops++) {
      const path = (current.$ref as string).replace(/^#\//, '').split('/').map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'))
      current = path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], this.document) as Schema
    }
    return current
  }

  /** Values valid for `schema`, the schema of the property or parameter `name`. */
  valid(schema: Schema | undefined, depth = 0, name = ''): fc.Arbitrary<unknown> {
    if (!schema || depth > MAX_DEPTH) return fc.constant(null)
    if (schema.format === 'uuid' && name) return this.idFor(name)
    if (typeof schema.$ref === 'string') {
      const ref = schema.$ref
      if (name && this.resolve(schema).format === 'uuid') return this.idFor(name)
      const known = this.byRef.get(ref)
      if (known) return known
      if (this.resolving.has(ref)) return fc.constant(null) // a recursive schema: stop here
      this.resolving.add(ref)
      const arbitrary = this.valid(this.resolve(schema), depth + 1)
      this.resolving.delete(ref)
      this.byRef.set(ref, arbitrary)
      return arbitrary
    }
    if ('const' in schema) return fc.constant(schema.const)
    if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]))
    for (const key of ['anyOf', 'oneOf'] as const) {
      const options = schema[key] as Schema[] | undefined
      if (options?.length) return fc.oneof(...options.map((option) => this.valid({ ...withoutKey(schema, key), ...option }, depth + 1, name)))
    }
    if (Array.isArray(schema.allOf)) return this.valid(mergeAll(schema.allOf.map((s) => this.resolve(s as Schema))), depth + 1)
    const type = schema.type
    if (Array.isArray(type)) return fc.oneof(...type.map((t) => this.valid({ ...schema, type: t }, depth, name)))
    switch (type) {
      case 'null':
        return fc.constant(null)
      case 'boolean':
        return fc.boolean()
      case 'integer':
        return integerFor(schema)
      case 'number':
        return numberFor(schema)
      case 'string':
        return stringFor(schema)
      case 'array': {
        const items = this.valid(schema.items as Schema | undefined, depth + 1, name)
        const minLength = (schema.minItems as number | undefined) ?? 0
        const maxLength = Math.max(minLength, Math.min((schema.maxItems as number | undefined) ?? MAX_VALID_ITEMS, MAX_VALID_ITEMS))
        return schema.uniqueItems ? fc.uniqueArray(items, { minLength, maxLength, selector: (v) => JSON.stringify(v) }) : fc.array(items, { minLength, maxLength })
      }
      case 'object':
      default:
        return this.objectFor(schema, depth)
    }
  }

  private objectFor(schema: Schema, depth: number): fc.Arbitrary<unknown> {
    const properties = (schema.properties ?? {}) as Record<string, Schema>
    const required = new Set((schema.required ?? []) as string[])
    if (Object.keys(properties).length === 0) {
      const extra = schema.additionalProperties
      if (extra && typeof extra === 'object') return fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), this.valid(extra as Schema, depth + 1), { maxKeys: MAX_VALID_ITEMS })
      return fc.constant({})
    }
    const record: Record<string, fc.Arbitrary<unknown>> = {}
    for (const [key, property] of Object.entries(properties)) record[key] = this.valid(property, depth + 1, key)
    return fc.record(record, { requiredKeys: [...required].filter((k) => k in record) })
  }
}

const withoutKey = (schema: Schema, key: string) => Object.fromEntries(Object.entries(schema).filter(([k]) => k !== key))

function mergeAll(schemas: Schema[]): Schema {
  const merged: Schema = { type: 'object', properties: {}, required: [] }
  for (const s of schemas) {
    Object.assign(merged.properties as Schema, s.properties ?? {})
    ;(merged.required as string[]).push(...((s.required ?? []) as string[]))
  }
  return merged
}

function integerFor(schema: Schema): fc.Arbitrary<number> {
  const bounds = schema.format === 'int64' ? { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER } : INT32
  const min = Math.max((schema.minimum as number | undefined) ?? bounds.min, bounds.min)
  const max = Math.min((schema.maximum as number | undefined) ?? bounds.max, bounds.max)
  const small = fc.integer({ min: Math.max(min, Math.min(0, max)), max: Math.min(max, Math.max(min, 0) + 100) })
  return fc.oneof({ weight: 4, arbitrary: small }, { weight: 1, arbitrary: fc.integer({ min, max }) }, { weight: 1, arbitrary: fc.constantFrom(min, max) })
}

function numberFor(schema: Schema): fc.Arbitrary<number> {
  const min = (schema.minimum as number | undefined) ?? -1e9
  const max = (schema.maximum as number | undefined) ?? 1e9
  const step = schema.multipleOf as number | undefined
  if (step) return fc.integer({ min: Math.ceil(min / step), max: Math.floor(max / step) }).map((n) => Math.round(n * step * 1e6) / 1e6)
  return fc.oneof(fc.double({ min, max, noNaN: true, noDefaultInfinity: true }), fc.integer({ min: Math.ceil(min), max: Math.floor(Math.min(max, min + 1000)) }))
}

function stringFor(schema: Schema): fc.Arbitrary<string> {
  const minLength = (schema.minLength as number | undefined) ?? 0
  const maxLength = Math.max(minLength, Math.min((schema.maxLength as number | undefined) ?? MAX_VALID_LENGTH, MAX_VALID_LENGTH))
  switch (schema.format) {
    case 'uuid':
      return fc.uuid()
    case 'date':
      return dateValue.map((d) => d.toISOString().slice(0, 10))
    case 'date-time':
      return dateValue.map((d) => d.toISOString())
    case 'email':
      return fc.emailAddress().filter((e) => e.length <= ((schema.maxLength as number | undefined) ?? 254))
    case 'uri':
      return fc.webUrl({ withQueryParameters: true })
  }
  if (typeof schema.pattern === 'string') {
    if (schema.pattern === '\\S') return text(minLength, maxLength).map((s) => (/\S/.test(s) ? s : `x${s}`.slice(0, Math.max(1, maxLength))))
    try {
      const max = (schema.maxLength as number | undefined) ?? Infinity
      return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= minLength && s.length <= max)
    } catch {
      return text(minLength, maxLength)
    }
  }
  return text(minLength, maxLength)
}

/** Text of people and places: mostly Latin letters with accents, sometimes any Unicode. */
function text(minLength: number, maxLength: number): fc.Arbitrary<string> {
  const letters = fc.string({ minLength, maxLength, unit: fc.constantFrom(...'abcdefghilmnoprstuvzàèéìòù ABCDEFGLMNOPRSTVZ\'-.') })
  return fc.oneof({ weight: 3, arbitrary: letters }, { weight: 1, arbitrary: fc.string({ minLength, maxLength, unit: 'grapheme' }) })
}

/** A cursor as the API makes them (base64url of a JSON array), holding what it never would. */
const forgedCursor = fc
  .constantFrom<unknown[]>(
    ['2026-02-30 10:00:00+00', '019a7b1e-6c2e-7a4b-9a51-1f2e3d4c5b6a'],
    ['0000-01-01T00:00:00Z', '019a7b1e-6c2e-7a4b-9a51-1f2e3d4c5b6a'],
    ['2026-01-01T00:00:00-18:32', 'not-a-uuid'],
    [1e308, '019a7b1e-6c2e-7a4b-9a51-1f2e3d4c5b6a'],
    [2 ** 63],
    [-1],
    ['a\u0000b'],
    [null, null],
    [{ nested: [1, 2] }, true],
    [],
    ['9999-12-31', '9999-12-31', '9999-12-31'],
  )
  .map((values) => Buffer.from(JSON.stringify(values)).toString('base64url'))

/** Text the document allows (or not) that PostgreSQL, JavaScript or a parser may choke on. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'a\u0000b',
    '\u0000',
    '0000-01-01',
    '9999-12-31',
    '2026-02-30',
    '2026-13-01',
    '2026-01-01T00:00:00-18:32',
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59-15:59',
    '2026-02-30T10:00:00Z',
    '1e308',
    '9223372036854775808',
    '-1',
    'NaN',
    '',
    ' ',
    '\ud800',
    '../../etc/passwd',
    '%00',
    '%',
    'null',
    "'; select pg_sleep(10); --",
    'me',
    '019a7b1e-6c2e-7a4b-9a51-1f2e3d4c5b6a',
    '00000000-0000-0000-0000-000000000000',
  ),
  fc.constantFrom('x'.repeat(10_001), 'è'.repeat(70_000)),
  forgedCursor,
  fc.string({ maxLength: 20, unit: 'binary' }),
)

/** Any JSON value that is not what a field expects, or is but at an extreme. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileText },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(1e308, -1e308, 2 ** 63, -(2 ** 63), 2 ** 53 + 1, -1, 0, 0.5, -0, 2 ** 31, 1e-320, null, true, false, [], {}, [null], { $ref: '#' }, { __proto__: null }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
)

/** Replaces one value inside `value` (the `index`-th of its nodes, root included) by `replacement`. */
export function replaceNode(value: unknown, index: number, replacement: unknown): unknown {
  const nodes: { parent: Record<string, unknown> | unknown[] | null; key: string | number }[] = [{ parent: null, key: '' }]
  const walk = (node: unknown) => {
    if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        nodes.push({ parent: node as Record<string, unknown>, key: Array.isArray(node) ? Number(key) : key })
        walk(child)
      }
    }
  }
  const copy = structuredClone(value)
  walk(copy)
  const target = nodes[index % nodes.length]!
  if (target.parent === null) return replacement
  ;(target.parent as Record<string | number, unknown>)[target.key] = replacement
  return copy
}

/** A JSON text nested `depth` levels deep, in one of three shapes. */
export const deepJson = (depth: number, shape: number) =>
  shape % 3 === 0 ? '['.repeat(depth) + ']'.repeat(depth) : shape % 3 === 1 ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : `{"text":"x","extra":${'[{"b":'.repeat(depth)}null${'}]'.repeat(depth)}}`
