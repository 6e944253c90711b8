/**
 * SQL of persons: look-ups by tax code (omocodia-proof, through the `tax_code_base` column), the
 * near-duplicate check, the accent- and typo-tolerant name search (unaccent + pg_trgm, see the
 * migration person_search), writes of the person and of their sensitive section.
 */
import { and, asc, desc, eq, ne, type SQL, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.js'
import { cases, persons, personSensitive, type PersonRow, type PersonSensitiveRow } from '../../db/schema/index.js'
import { isUniqueViolation } from '../../lib/pg-errors.js'

export type PersonInsert = typeof persons.$inferInsert
export type PersonChanges = Partial<Omit<PersonInsert, 'id' | 'municipalityId' | 'createdBy' | 'version' | 'createdAt' | 'updatedAt'>>
export type PersonSensitiveValues = Pick<PersonSensitiveRow, 'disadvantageCategories' | 'l68Registered' | 'invalidityPercent' | 'healthNotes' | 'addictionNotes' | 'judicialNotes'>

/** The unaccented lower-case full name the trigram index covers (persons_search_name_trgm_idx). */
const searchName = sql`ponte_search_text(${persons.givenName} || ' ' || ${persons.familyName})`

/** The id of the municipality's person with this tax code or one of its omocodia variants. */
export async function findPersonIdByTaxCode(db: Db, municipalityId: string, taxCode: string, excludeId?: string): Promise<string | null> {
  const where = [eq(persons.municipalityId, municipalityId), sql`${persons.taxCodeBase} = ponte_tax_code_base(${taxCode})`]
  if (excludeId) where.push(ne(persons.id, excludeId))
  const [row] = await db.select({ id: persons.id }).from(persons).where(and(...where)).limit(1)
  return row?.id ?? null
}

/** Inserts the person; null when the municipality already has the tax code (or a variant of it). */
export async function insertPerson(db: Db, values: PersonInsert): Promise<PersonRow | null> {
  const [row] = await db
    .insert(persons)
    .values(values)
    .onConflictDoNothing({ target: [persons.municipalityId, persons.taxCodeBase] })
    .returning()
  return row ?? null
}

/** The unique index that makes a tax code (and its omocodia variants) unique per municipality. */
const TAX_CODE_KEY = 'persons_municipality_tax_code_base_key'


/**
 * Updates the person; null when a new tax code was meanwhile registered for someone else of the
 * municipality (the unique index refused it; the savepoint keeps the caller's transaction usable).
 */
export async function updatePerson(db: Db, id: string, changes: PersonChanges): Promise<PersonRow | null> {
  const update = async (tx: Db) =>
    (await tx.update(persons).set({ ...changes, version: sql`${persons.version} + 1`, updatedAt: new Date() }).where(eq(persons.id, id)).returning())[0]!
  if (changes.taxCode === undefined) return update(db)
  try {
    return await db.transaction(update)
  } catch (error) {
    if (isUniqueViolation(error, TAX_CODE_KEY)) return null
    throw error
  }
}

export interface DuplicateCriteria {
  municipalityId: string
  givenName: string
  familyName: string
  birthDate: string
  /** A well-formed tax code, or null. */
  taxCode: string | null
  limit: number
}

/**
 * Persons of the municipality with the same tax code (omocodia variants included), or with the
 * same birth date and names — compared without accents, case, spaces and apostrophes, given and
 * family name in either order. Tax-code matches first.
 */
export function findDuplicates(db: Db, criteria: DuplicateCriteria) {
  const taxCodeMatch = criteria.taxCode ? sql`${persons.taxCodeBase} = ponte_tax_code_base(${criteria.taxCode})` : sql`false::boolean`
  const given = sql`ponte_name_key(${criteria.givenName})`
  const family = sql`ponte_name_key(${criteria.familyName})`
  const rowGiven = sql`ponte_name_key(${persons.givenName})`
  const rowFamily = sql`ponte_name_key(${persons.familyName})`
  const nameMatch = sql`(${persons.birthDate} = ${criteria.birthDate} and ((${rowGiven} = ${given} and ${rowFamily} = ${family}) or (${rowGiven} = ${family} and ${rowFamily} = ${given})))`
  const isTaxCodeMatch = sql<boolean>`(${taxCodeMatch})`
  return db
    .select({ id: persons.id, givenName: persons.givenName, familyName: persons.familyName, birthDate: persons.birthDate, municipalityId: persons.municipalityId, isTaxCodeMatch })
    .from(persons)
    .where(and(eq(persons.municipalityId, criteria.municipalityId), sql`(${taxCodeMatch} or ${nameMatch})`))
    .orderBy(desc(isTaxCodeMatch), asc(persons.familyName), asc(persons.givenName), asc(persons.id))
    .limit(criteria.limit)
}

export type SearchCriteria =
  | { kind: 'tax_code'; taxCode: string }
  | { kind: 'name'; name: string; birthDate: string | null }
  | { kind: 'birth_date'; birthDate: string }

export interface SearchPage {
  /** Rank and id of the last result of the previous page. */
  after: { score: number; id: string } | null
  limit: number
}

/**
 * One page (plus one row) of the persons matching the criteria among those `visible` selects, best
 * first: by score (1000 = exact; for names, the trigram similarity of the unaccented lower-case
 * names, whole or word by word), then id. Name matches use the trigram index: `%` (similarity at
 * least pg_trgm.similarity_threshold, 0.3) or `<%` (the query is similar to a part of the name,
 * word_similarity at least 0.6), so typos, missing accents and either name order still match.
 */
export function searchPersons(db: Db, visible: SQL, criteria: SearchCriteria, page: SearchPage) {
  const where: SQL[] = [visible]
  let score: SQL<number> = sql<number>`1000::int`
  if (criteria.kind === 'tax_code') where.push(sql`${persons.taxCodeBase} = ponte_tax_code_base(${criteria.taxCode})`)
  if (criteria.kind === 'birth_date') where.push(eq(persons.birthDate, criteria.birthDate))
  if (criteria.kind === 'name') {
    const query = sql`ponte_search_text(${criteria.name})`
    where.push(sql`(${searchName} % ${query} or ${query} <% ${searchName})`)
    if (criteria.birthDate) where.push(eq(persons.birthDate, criteria.birthDate))
    score = sql<number>`round(greatest(similarity(${searchName}, ${query}), word_similarity(${query}, ${searchName})) * 1000)::int`
  }
  if (page.after) where.push(sql`(${score} < ${page.after.score} or (${score} = ${page.after.score} and ${persons.id} > ${page.after.id}::uuid))`)
  return db
    .select({ person: persons, score: score.mapWith(Number) })
    .from(persons)
    .where(and(...where))
    .orderBy(desc(score), asc(persons.id))
    .limit(page.limit + 1)
}

/** The person's cases not closed yet: where a change of the person is written on the timeline. */
export const openCaseIdsOf = async (db: Db, personId: string): Promise<string[]> =>
  (await db.select({ id: cases.id }).from(cases).where(and(eq(cases.personId, personId), ne(cases.status, 'closed')))).map((c) => c.id)

export async function findSensitive(db: Db, personId: string, options: { forUpdate?: boolean } = {}): Promise<PersonSensitiveRow | null> {
  const query = db.select().from(personSensitive).where(eq(personSensitive.personId, personId))
  const [row] = options.forUpdate ? await query.for('update') : await query
  return row ?? null
}

export const insertSensitive = async (db: Db, personId: string, values: PersonSensitiveValues, updatedBy: string): Promise<PersonSensitiveRow> =>
  (await db.insert(personSensitive).values({ ...values, personId, updatedBy }).returning())[0]!

export const updateSensitive = async (db: Db, personId: string, values: PersonSensitiveValues, updatedBy: string): Promise<PersonSensitiveRow> =>
  (
    await db
      .update(personSensitive)
      .set({ ...values, updatedBy, version: sql`${personSensitive.version} + 1`, updatedAt: new Date() })
      .where(eq(personSensitive.personId, personId))
      .returning()
  )[0]!
