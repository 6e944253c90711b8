/**
 * SQL of persons: look-ups by tax code (omocodia-proof, through the `tax_code_base` column), the
 * near-duplicate check, the accent- and typo-tolerant name search (unaccent + pg_trgm, see the
 * migration person_search), writes of the person and of their sensitive section.
 */
import { and, asc, desc, eq, inArray, ne, type SQL, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.js'
import { cases, persons, personSearchNames, personSearchParts, personSensitive, referrals, type CaseRow, type PersonRow, type PersonSensitiveRow } from '../../db/schema/index.js'
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
 * What a name typed matches, read from one of the two dictionaries kept by triggers, nearest first.
 * The text, folded like the names (unaccented, lower case), must be similar to the name or to a part
 * of it — pg_trgm word similarity at least 0.6 (`%>`, the extension's default threshold): typos (two
 * in a name too, as "giusepe fumagali" for Giuseppe Fumagalli), missing accents, either name order,
 * the family name alone. The distance is 1 − that similarity (0 = the text is in the name).
 *
 * - One word ("mario", "brambilla", "d'angelo"): compared with the distinct given names and family
 *   names (`person_search_parts`), a few hundred thousand short rows where a common word matches a
 *   handful — not with every full name that contains it (tens of thousands for "mario" in a real
 *   register, docs/decisions/0027). A person's distance is that of the nearer of their two parts.
 * - Several words: compared with the distinct full names (`person_search_names`), where they are
 *   selective ("giusepe fumagali" matches a few names even among half a million).
 */
export type NameMatch =
  | { by: 'parts'; entries: { municipalityId: string; kind: 'given' | 'family'; part: string; distance: number; persons: number }[] }
  | { by: 'names'; entries: { municipalityId: string; searchName: string; distance: number; persons: number }[] }

/** Whether the text typed is one word (no blank inside): matched against the name parts. */
export const isOneWord = (text: string) => !/\s/.test(text.trim())

/** The query text folded like the stored names. */
const foldedQuery = (text: string) => sql`ponte_search_text(${text})`

/** The entries of the dictionary the text matches (`NameMatch`), in the municipalities `municipalities` yields (null: all), nearest first. */
export async function matchNames(db: Db, text: string, municipalities: SQL | null): Promise<NameMatch> {
  const query = foldedQuery(text)
  const where = municipalities ? sql` and n.municipality_id in (${municipalities})` : sql``
  if (isOneWord(text)) {
    const rows = await db.execute<{ municipality_id: string; kind: 'given' | 'family'; part: string; distance: number; persons: string }>(sql`
      select n.municipality_id, n.kind, n.part, (n.part <->> ${query}) as distance, n.persons from ${personSearchParts} n
      where n.part %> ${query}${where} order by 4, 1, 2, 3`)
    return { by: 'parts', entries: rows.rows.map((r) => ({ municipalityId: r.municipality_id, kind: r.kind, part: r.part, distance: Number(r.distance), persons: Number(r.persons) })) }
  }
  const rows = await db.execute<{ municipality_id: string; search_name: string; distance: number; persons: string }>(sql`
    select n.municipality_id, n.search_name, (n.search_name <->> ${query}) as distance, n.persons from ${personSearchNames} n
    where n.search_name %> ${query}${where} order by 3, 1, 2`)
  return { by: 'names', entries: rows.rows.map((r) => ({ municipalityId: r.municipality_id, searchName: r.search_name, distance: Number(r.distance), persons: Number(r.persons) })) }
}

/** How many persons bear the matching names (the dictionaries' counts; a person matching by both parts counts twice). */
export const matchedPersons = (match: NameMatch) => match.entries.reduce((sum, e) => sum + e.persons, 0)

/**
 * A condition on the persons table under `alias` (SQL name, e.g. `p` or `persons`): the person bears
 * one of the matching names or parts. Values, not a subquery: the planner weighs them with the
 * columns' statistics (the expression indexes' for the parts).
 */
export function bearsMatchedName(match: NameMatch, alias: string): SQL {
  const t = sql.raw(`"${alias}"`)
  // The municipalities of the matches: implied (each municipality's dictionary holds its persons' names), and what lets the (municipality, name, id) btrees answer.
  const where = (entries: NameMatch['entries'][number][], condition: SQL) =>
    sql`(${t}.municipality_id = any(${sql.param([...new Set(entries.map((e) => e.municipalityId))])}::uuid[]) and ${condition})`
  if (match.by === 'names') return where(match.entries, sql`${t}.search_name = any(${sql.param([...new Set(match.entries.map((e) => e.searchName))])}::text[])`)
  const parts: SQL[] = []
  for (const kind of ['given', 'family'] as const) {
    const entries = match.entries.filter((e) => e.kind === kind)
    if (entries.length > 0) parts.push(where(entries, sql`ponte_search_text(${t}.${sql.raw(kind === 'given' ? 'given_name' : 'family_name')}) = any(${sql.param([...new Set(entries.map((e) => e.part))])}::text[])`))
  }
  if (parts.length === 0) return sql`false`
  return parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` or `)})`
}

/**
 * One page (plus one row) of the persons matching the criteria among those `visible` selects, best
 * first: by distance (0 = exact), then the most recently registered (id descending). A name matches
 * as `matchNames` says.
 *
 * A name search stops after the page: the matching names (or name parts) are read from the
 * dictionary nearest first, and their persons are read a distance at a time — for each name, at
 * most a page of its persons, newest first, from a btree (municipality, name or part, id), the
 * visibility condition filtering as it goes — until a page is full. A name borne by 30,000 persons
 * costs a page, not 30,000 rows; the nearer distances are read first, so a common word whose exact
 * matches fill the page never reads its near misses. With a birth date, the persons born that day
 * are read (municipality, birth date index) and their names compared.
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
  const size = page.limit + 1
  const after = page.after
  if (criteria.kind !== 'name') {
    // The municipality first, as the (municipality, tax code base) and (municipality, birth date)
    // indexes want it: the visibility condition alone is an OR the planner cannot index.
    const where: SQL[] = [sql`${persons.municipalityId} in (${municipalities})`, visible]
    if (criteria.kind === 'tax_code') where.push(sql`${persons.taxCodeBase} = ponte_tax_code_base(${criteria.taxCode})`)
    if (criteria.kind === 'birth_date') where.push(eq(persons.birthDate, criteria.birthDate))
    if (after) where.push(sql`${persons.id} < ${after.id}::uuid`)
    return db
      .select({ person: persons, distance: sql<number>`0::real`.mapWith(Number) })
      .from(persons)
      .where(and(...where))
      .orderBy(desc(persons.id))
      .limit(size)
  }
  const query = foldedQuery(criteria.name)
  let found: { id: string; distance: number }[]
  if (criteria.birthDate) {
    const distance = sql`(${persons.searchName} <->> ${query})`
    const where: SQL[] = [sql`${persons.municipalityId} in (${municipalities})`, eq(persons.birthDate, criteria.birthDate), sql`${persons.searchName} %> ${query}`, visible]
    if (after) where.push(sql`(${distance} > ${after.distance}::real or (${distance} = ${after.distance}::real and ${persons.id} < ${after.id}::uuid))`)
    found = (
      await db
        .select({ id: persons.id, distance: sql<number>`${distance}`.mapWith(Number) })
        .from(persons)
        .where(and(...where))
        .orderBy(sql`2`, desc(persons.id))
        .limit(size)
    ).map((r) => ({ id: r.id, distance: Number(r.distance) }))
  } else {
    const match = await matchNames(db, criteria.name, municipalities)
    const entries = (match.entries as NameMatch['entries'][number][]).filter((e) => !after || e.distance >= after.distance)
    found = []
    // Batches of whole distances, nearest first, each large enough (by the dictionary's counts) to fill the page if every person were visible.
    let i = 0
    while (i < entries.length && found.length < size) {
      const need = size - found.length
      let persons = 0
      let j = i
      while (j < entries.length && (persons < need || entries[j]!.distance === entries[j - 1]!.distance)) persons += entries[j++]!.persons
      const batch = entries.slice(i, j)
      i = j
      const rows = await readBatch(db, match.by, batch, query, visible, need, after)
      found.push(...rows)
    }
  }
  if (found.length === 0) return []
  const rows = await db.select().from(persons).where(inArray(persons.id, found.map((r) => r.id)))
  const byId = new Map(rows.map((person) => [person.id, person]))
  return found.map((r) => ({ person: byId.get(r.id)!, distance: r.distance }))
}

/**
 * At most `limit` persons bearing the names (or parts) of `batch`, by distance then newest first:
 * for each name, at most `limit` of its persons from the btree, newest first; `after` (the last row
 * of the previous page) skips those already shown at its distance. For a part, a person is read
 * under the nearer of their two parts only (the given name when both are as near).
 */
async function readBatch(db: Db, by: NameMatch['by'], batch: NameMatch['entries'][number][], query: SQL, visible: SQL, limit: number, after: SearchPage['after']) {
  const afterId = (distance: SQL) => (after ? sql` and (${distance} > ${after.distance}::real or ${persons.id} < ${after.id}::uuid)` : sql``)
  let rows
  if (by === 'names') {
    const names = batch as Extract<NameMatch, { by: 'names' }>['entries']
    rows = await db.execute<{ id: string; distance: number }>(sql`
      select p.id, w.distance from (select m, n, n <->> ${query} as distance from unnest(${sql.param(names.map((e) => e.municipalityId))}::uuid[], ${sql.param(names.map((e) => e.searchName))}::text[]) as u(m, n)) w
      cross join lateral (
        select ${persons.id} as id from ${persons}
        where ${persons.municipalityId} = w.m and ${persons.searchName} = w.n and ${visible}${afterId(sql`w.distance`)}
        order by ${persons.id} desc limit ${limit}) p
      order by w.distance, p.id desc limit ${limit}`)
  } else {
    const parts = batch as Extract<NameMatch, { by: 'parts' }>['entries']
    const given = sql`ponte_search_text(${persons.givenName})`
    const family = sql`ponte_search_text(${persons.familyName})`
    rows = await db.execute<{ id: string; distance: number }>(sql`
      select p.id, w.distance from (select m, k, t, t <->> ${query} as distance from unnest(${sql.param(parts.map((e) => e.municipalityId))}::uuid[], ${sql.param(parts.map((e) => e.kind))}::text[], ${sql.param(parts.map((e) => e.part))}::text[]) as u(m, k, t)) w
      cross join lateral (
        (select ${persons.id} as id from ${persons}
         where w.k = 'given' and ${persons.municipalityId} = w.m and ${given} = w.t and (${family} <->> ${query}) >= w.distance and ${visible}${afterId(sql`w.distance`)}
         order by ${persons.id} desc limit ${limit})
        union all
        (select ${persons.id} as id from ${persons}
         where w.k = 'family' and ${persons.municipalityId} = w.m and ${family} = w.t and (${given} <->> ${query}) > w.distance and ${visible}${afterId(sql`w.distance`)}
         order by ${persons.id} desc limit ${limit})) p
      order by w.distance, p.id desc limit ${limit}`)
  }
  return rows.rows.map((r) => ({ id: r.id, distance: Number(r.distance) }))
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
