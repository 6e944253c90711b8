/**
 * SQL of persons: look-ups by tax code (omocodia-proof, through the `tax_code_base` column), the
 * near-duplicate check, the accent- and typo-tolerant name search (unaccent + pg_trgm, see the
 * migration person_search), writes of the person and of their sensitive section.
 */
import { and, asc, desc, eq, inArray, ne, type SQL, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.js'
import { cases, persons, personSensitive, referrals, type CaseRow, type PersonRow, type PersonSensitiveRow } from '../../db/schema/index.js'
import { isUniqueViolation } from '../../lib/pg-errors.js'

export type PersonInsert = typeof persons.$inferInsert
export type PersonChanges = Partial<Omit<PersonInsert, 'id' | 'municipalityId' | 'createdBy' | 'version' | 'createdAt' | 'updatedAt'>>
export type PersonSensitiveValues = Pick<PersonSensitiveRow, 'disadvantageCategories' | 'l68Registered' | 'invalidityPercent' | 'healthNotes' | 'addictionNotes' | 'judicialNotes'>

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
  /** When given, a similar (not equal) name counts only for a person of this sex. */
  sex: 'F' | 'M' | null
  /** A well-formed tax code, or null. */
  taxCode: string | null
  limit: number
}

/** pg_trgm `similarity` of whole names from which two names born the same day are likely the same person ("Brambila" ~ "Brambilla"). */
const DUPLICATE_NAME_SIMILARITY = 0.5

/**
 * Persons of the municipality who may be the one about to be registered, best reason first:
 * `tax_code` — the same tax code, omocodia variants included (the unique index would refuse it);
 * `tax_code_place` — a tax code equal but for the place-of-birth code (the first eleven characters
 * of the base: name codes, birth date, sex); `name_and_birth_date` — the same birth date and names
 * compared without accents, case, spaces and apostrophes, in either order; and
 * `similar_name_and_birth_date` — the same birth date (and sex, when known) and a whole name a letter
 * or two off (trigram similarity). Each with the person's open case, if any. Birth-date matches are
 * read through the (municipality, birth date) index.
 */
export function findDuplicates(db: Db, criteria: DuplicateCriteria) {
  const base = criteria.taxCode ? sql`ponte_tax_code_base(${criteria.taxCode})` : null
  const taxCodeMatch = base ? sql`(${persons.taxCodeBase} = ${base})` : sql`false::boolean`
  const placeMatch = base ? sql`(substr(${persons.taxCodeBase}, 1, 11) = substr(${base}, 1, 11))` : sql`false::boolean`
  const given = sql`ponte_name_key(${criteria.givenName})`
  const family = sql`ponte_name_key(${criteria.familyName})`
  const rowGiven = sql`ponte_name_key(${persons.givenName})`
  const rowFamily = sql`ponte_name_key(${persons.familyName})`
  const sameBirthDate = sql`${persons.birthDate} = ${criteria.birthDate}`
  const nameMatch = sql`(${sameBirthDate} and ((${rowGiven} = ${given} and ${rowFamily} = ${family}) or (${rowGiven} = ${family} and ${rowFamily} = ${given})))`
  const sameSex = criteria.sex ? sql`${persons.sex} = ${criteria.sex}` : sql`true`
  const wholeName = sql`ponte_search_text(${criteria.givenName} || ' ' || ${criteria.familyName})`
  const similarMatch = sql`(${sameBirthDate} and ${sameSex} and similarity(${persons.searchName}, ${wholeName}) >= ${DUPLICATE_NAME_SIMILARITY})`
  const reason = sql<string>`case when ${taxCodeMatch} then 'tax_code' when ${placeMatch} then 'tax_code_place' when ${nameMatch} then 'name_and_birth_date' else 'similar_name_and_birth_date' end`
  const rank = sql<number>`case when ${taxCodeMatch} then 0 when ${placeMatch} then 1 when ${nameMatch} then 2 else 3 end`
  // Qualified by hand: inside a select from one table drizzle writes columns without their table.
  const openCaseId = sql<string | null>`(select c.id from cases c where c.person_id = "persons"."id" and c.municipality_id = "persons"."municipality_id" and c.status <> 'closed' limit 1)`
  return db
    .select({ id: persons.id, givenName: persons.givenName, familyName: persons.familyName, birthDate: persons.birthDate, sex: persons.sex, municipalityId: persons.municipalityId, reason, openCaseId })
    .from(persons)
    .where(and(eq(persons.municipalityId, criteria.municipalityId), sql`(${taxCodeMatch} or ${placeMatch} or ${nameMatch} or ${similarMatch})`))
    .orderBy(asc(rank), asc(persons.familyName), asc(persons.givenName), asc(persons.id))
    .limit(criteria.limit)
}

export type SearchCriteria =
  | { kind: 'tax_code'; taxCode: string }
  | { kind: 'name'; name: string; birthDate: string | null }
  | { kind: 'birth_date'; birthDate: string }

export interface SearchPage {
  /** Distance and id of the last result of the previous page. */
  after: { distance: number; id: string } | null
  limit: number
}

/**
 * Where the persons the caller may see can be: each municipality they work for as staff, and the
 * persons of cases referred to their partner organisations. A name search runs one index scan per
 * place, so the municipality's condition and the name's ordering are both answered by the index.
 */
export interface SearchScopes {
  municipalityIds: string[]
  partnerOrganisationIds: string[]
}

/** pg_trgm's `word_similarity_threshold`: a name matches when the query's word similarity to it reaches this. */
const WORD_SIMILARITY_THRESHOLD = 0.6

/**
 * One page (plus one row) of the persons matching the criteria among those `visible` selects, best
 * first: by distance (0 = exact), then id. A name matches when the unaccented lower-case query is
 * similar to the name or to a part of it (pg_trgm `word_similarity` at least 0.6: typos, missing
 * accents, either name order, the family name alone); the distance is 1 − that similarity.
 *
 * A name search never sorts every match. Within each place of `scopes` the GiST index (municipality
 * + trigrams) yields the nearest names first (KNN `<->>`), which gives the distance of the last row
 * of the page; the page is then read with the similarity threshold raised to that distance, so the
 * index returns only the page's rows and those tied with its last one, sorted by distance and id.
 */
export async function searchPersons(db: Db, visible: SQL, scopes: SearchScopes, criteria: SearchCriteria, page: SearchPage) {
  if (criteria.kind !== 'name') {
    const where: SQL[] = [visible]
    if (criteria.kind === 'tax_code') where.push(sql`${persons.taxCodeBase} = ponte_tax_code_base(${criteria.taxCode})`)
    if (criteria.kind === 'birth_date') where.push(eq(persons.birthDate, criteria.birthDate))
    if (page.after) where.push(sql`${persons.id} > ${page.after.id}::uuid`)
    return db
      .select({ person: persons, distance: sql<number>`0::real`.mapWith(Number) })
      .from(persons)
      .where(and(...where))
      .orderBy(asc(persons.id))
      .limit(page.limit + 1)
  }
  const query = sql`ponte_search_text(${criteria.name})`
  const distance = sql<number>`(${persons.searchName} <->> ${query})`
  const matching: SQL[] = [visible, sql`${persons.searchName} %> ${query}`]
  if (criteria.birthDate) matching.push(eq(persons.birthDate, criteria.birthDate))
  if (page.after) matching.push(sql`(${distance} > ${page.after.distance}::real or (${distance} = ${page.after.distance}::real and ${persons.id} > ${page.after.id}::uuid))`)
  const places: SQL[] = scopes.municipalityIds.map((id) => eq(persons.municipalityId, id))
  if (scopes.partnerOrganisationIds.length > 0) {
    places.push(
      sql`${persons.id} in (select ${cases.personId} from ${cases} join ${referrals} on ${referrals.caseId} = ${cases.id} where ${referrals.status} = 'accepted' and ${inArray(referrals.partnerOrganisationId, scopes.partnerOrganisationIds)})`,
    )
  }
  if (places.length === 0) return []
  const size = page.limit + 1
  return db.transaction(async (tx) => {
    const nearest = places.map((place) => sql`(select ${distance} as d from ${persons} where ${and(place, ...matching)} order by ${distance} limit ${size})`)
    const bound = await tx.execute<{ d: number | null }>(sql`select max(d) as d from (select d from (${sql.join(nearest, sql` union all `)}) near order by d limit ${size}) page`)
    const last = bound.rows[0]?.d
    if (last === null || last === undefined) return []
    const lastDistance = Number(last)
    // Raising the threshold to the page's last distance (a hair below, for float rounding) lets the index skip every farther name.
    const threshold = Math.max(WORD_SIMILARITY_THRESHOLD, 1 - lastDistance - 1e-6)
    await tx.execute(sql`select set_config('pg_trgm.word_similarity_threshold', ${String(threshold)}, true)`)
    const inPage = places.map((place) => sql`(select ${persons.id} from ${persons} where ${and(place, ...matching, sql`${distance} <= ${lastDistance}::real`)})`)
    return tx
      .select({ person: persons, distance: distance.mapWith(Number) })
      .from(persons)
      .where(sql`${persons.id} in (${sql.join(inPage, sql` union all `)})`)
      .orderBy(distance, asc(persons.id))
      .limit(size)
  })
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

/**
 * For each of `personIds`, the case a search result leads to among those `visible` selects: the
 * open one (a person has at most one per municipality), else the latest episode.
 */
export async function caseToOpenByPerson(db: Db, personIds: string[], visible: SQL): Promise<Map<string, { id: string; status: CaseRow['status']; episode: number }>> {
  if (personIds.length === 0) return new Map()
  const rows = await db
    .selectDistinctOn([cases.personId], { personId: cases.personId, id: cases.id, status: cases.status, episode: cases.episode })
    .from(cases)
    .where(and(inArray(cases.personId, personIds), visible))
    .orderBy(cases.personId, sql`${cases.status} = 'closed'`, desc(cases.openedOn), desc(cases.episode), desc(cases.id))
  return new Map(rows.map(({ personId, ...kase }) => [personId, kase]))
}
