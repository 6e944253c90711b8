/**
 * SQL of persons: look-ups by tax code (omocodia-proof, through the `tax_code_base` column), the
 * near-duplicate check, the accent- and typo-tolerant name search (unaccent + pg_trgm, see the
 * migration person_search), writes of the person and of their sensitive section.
 */
import { and, asc, desc, eq, inArray, ne, type SQL, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.js'
import { cases, persons, personSearchNames, personSensitive, referrals, type CaseRow, type PersonRow, type PersonSensitiveRow } from '../../db/schema/index.js'
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
 * Where the persons visible to the caller can be: each municipality they work for as staff, and the
 * persons of cases referred to their partner organisations (their municipalities are looked up).
 * A name search reads the names of these municipalities only; the visibility condition then picks
 * the persons the caller sees there.
 */
export interface SearchScopes {
  municipalityIds: string[]
  partnerOrganisationIds: string[]
}

/**
 * The stored search names of the persons of `municipalities` (SQL yielding municipality ids, or null
 * for every municipality) that match the text typed, with their distance to it: the text, folded
 * like the names (unaccented, lower case), is similar to the name or to a part of it — pg_trgm word
 * similarity at least 0.6 (`%>`, the extension's default threshold): typos (two in a name too, as
 * "giusepe fumagali" for Giuseppe Fumagalli), missing accents, either name order, the family name
 * alone. The distance is 1 − that similarity (0 = the text is in the name). Read from the
 * dictionary of distinct names (`person_search_names`, trigram GIN index), a few thousand rows
 * however many persons share them.
 */
export function matchingSearchNames(text: string, municipalities: SQL | null) {
  const query = sql`ponte_search_text(${text})`
  return sql`select n.municipality_id, n.search_name, (n.search_name <->> ${query}) as distance from ${personSearchNames} n
    where n.search_name %> ${query}${municipalities ? sql` and n.municipality_id in (${municipalities})` : sql``}`
}

/**
 * One page (plus one row) of the persons matching the criteria among those `visible` selects, best
 * first: by distance (0 = exact), then id. A name matches as `matchingSearchNames` says.
 *
 * A name search never reads every person who bears a matching name: for each matching name of the
 * dictionary, nearest first, it reads at most a page of that name's persons in id order (btree on
 * municipality, search name, id — the visibility condition filtering as it goes), and the page is
 * the first rows of these, by distance and id.
 */
export async function searchPersons(db: Db, visible: SQL, scopes: SearchScopes, criteria: SearchCriteria, page: SearchPage) {
  const places: SQL[] = []
  if (scopes.municipalityIds.length > 0) places.push(sql`select unnest(${sql.param(scopes.municipalityIds)}::uuid[])`)
  if (scopes.partnerOrganisationIds.length > 0) {
    places.push(
      sql`select distinct ${referrals.municipalityId} from ${referrals} where ${referrals.status} = 'accepted' and ${inArray(referrals.partnerOrganisationId, scopes.partnerOrganisationIds)}`,
    )
  }
  if (places.length === 0) return []
  const municipalities = sql.join(places, sql` union `)
  if (criteria.kind !== 'name') {
    // The municipality first, as the (municipality, tax code base) and (municipality, birth date)
    // indexes want it: the visibility condition alone is an OR the planner cannot index.
    const where: SQL[] = [sql`${persons.municipalityId} in (${municipalities})`, visible]
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
  const size = page.limit + 1
  const names = matchingSearchNames(criteria.name, municipalities)
  const after = page.after
  const ofName: SQL[] = [sql`${persons.municipalityId} = n.municipality_id`, sql`${persons.searchName} = n.search_name`, visible]
  if (criteria.birthDate) ofName.push(eq(persons.birthDate, criteria.birthDate))
  if (after) ofName.push(sql`(n.distance > ${after.distance}::real or ${persons.id} > ${after.id}::uuid)`)
  // The persons table is named in the lateral subquery only, so drizzle's columns refer to it there.
  const rows = await db.execute<{ id: string; distance: number }>(sql`
    select p.id, n.distance from (${names}) n
    cross join lateral (select ${persons.id} as id from ${persons} where ${and(...ofName)} order by ${persons.id} limit ${size}) p
    ${after ? sql`where n.distance >= ${after.distance}::real` : sql``}
    order by n.distance, p.id limit ${size}`)
  if (rows.rows.length === 0) return []
  const found = await db.select().from(persons).where(inArray(persons.id, rows.rows.map((r) => r.id)))
  const byId = new Map(found.map((person) => [person.id, person]))
  return rows.rows.map((r) => ({ person: byId.get(r.id)!, distance: Number(r.distance) }))
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
