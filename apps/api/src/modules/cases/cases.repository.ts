/** SQL of cases: the case with its names, pages and counts under a visibility condition, writes, assignments and members. */
import { type AnyColumn, Column, and, asc, desc, eq, inArray, is, isNull, max, ne, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Db } from '../../db/client.js'
import { pgClientOf } from '../../db/statements.js'
import type { AuditActor } from '../../lib/audit.js'
import { bearsMatchedName, matchedPersons, matchNames, type NameMatch } from '../persons/persons.repository.js'
import { caseAssignments, caseCounts, caseMembers, cases, memberships, organisations, persons, referrals, users, type CaseRow, type CaseStatus } from '../../db/schema/index.js'

export type CaseInsert = typeof cases.$inferInsert
export type CaseChanges = Partial<Pick<CaseRow, 'status' | 'suspendedFrom' | 'source' | 'sourceNotes' | 'caseManagerId' | 'closedOn' | 'outcome' | 'closingNote'>>

/** A user's display name, as SQL. */
export const userName = (table: { givenName: AnyColumn; familyName: AnyColumn }) => sql<string>`${table.givenName} || ' ' || ${table.familyName}`

/** An instant with its microseconds, for cursors (a JS Date keeps only milliseconds). */
export const exactInstant = (column: AnyColumn) => sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`

/** Text folded the way `ponte_search_text` folds it (unaccented, lower case), in JavaScript. */
export const foldText = (text: string) => text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase()

const caseManagerUser = alias(users, 'case_manager_user')

const summaryColumns = {
  row: cases,
  personGivenName: persons.givenName,
  personFamilyName: persons.familyName,
  municipalityName: organisations.name,
  caseManagerName: userName(caseManagerUser),
  cursorUpdatedAt: exactInstant(cases.updatedAt),
}

/** A list page's columns: only what a case summary shows (a page of 50 maps each column 50 times). */
const listColumns = {
  id: cases.id,
  status: cases.status,
  episode: cases.episode,
  personId: cases.personId,
  municipalityId: cases.municipalityId,
  caseManagerId: cases.caseManagerId,
  openedOn: cases.openedOn,
  updatedAt: cases.updatedAt,
  version: cases.version,
  personGivenName: persons.givenName,
  personFamilyName: persons.familyName,
  municipalityName: organisations.name,
  caseManagerName: userName(caseManagerUser),
  cursorUpdatedAt: exactInstant(cases.updatedAt),
}

export type CaseSummaryRow = Awaited<ReturnType<typeof pageQuery>>[number]

function summaryQuery(db: Db) {
  return db
    .select(summaryColumns)
    .from(cases)
    .innerJoin(persons, eq(persons.id, cases.personId))
    .innerJoin(organisations, eq(organisations.id, cases.municipalityId))
    .innerJoin(caseManagerUser, eq(caseManagerUser.id, cases.caseManagerId))
}

export interface CaseFilter {
  statuses?: CaseStatus[]
  caseManagerId?: string
  municipalityId?: string
  updatedSince?: string
  q?: string
}

/**
 * Up to this many persons bearing the names `q` matches, their cases are looked up person by person;
 * above it, the newest cases are walked (a page of a name one person in 200 bears is found within
 * about 10,000 cases). At 1M the planner weighed both alike and walked 160,000 cases for "maria
 * brambila" (1,513 persons): the choice is made here from the dictionaries' counts.
 */
export const PERSONS_FIRST_AT_MOST = 5000

function filterConditions(filter: CaseFilter, names: NameMatch | null, personsFirstAtMost = PERSONS_FIRST_AT_MOST): SQL[] {
  const where: SQL[] = []
  if (filter.statuses && filter.statuses.length > 0) where.push(inArray(cases.status, filter.statuses))
  if (filter.caseManagerId) where.push(eq(cases.caseManagerId, filter.caseManagerId))
  if (filter.municipalityId) where.push(eq(cases.municipalityId, filter.municipalityId))
  if (filter.updatedSince) where.push(sql`${cases.updatedAt} >= ${filter.updatedSince}::timestamptz`)
  // The person bears one of the names (or name parts) matching `q` (read first, see `listCases`),
  // compared with `=`. Borne by few persons, these are read first (an array the case index is
  // probed with); by many, the newest cases are walked until a page of theirs is found.
  if (names && matchedPersons(names) <= personsFirstAtMost) where.push(sql`${cases.personId} = any(array(select p.id from persons p where ${bearsMatchedName(names, 'p')}))`)
  else if (names) where.push(bearsMatchedName(names, 'persons'))
  return where
}

/**
 * One page (plus one row) of the cases matching `visible` and the filter, newest change first.
 *
 * With `q`, the person's name matches as in the person search (`matchNames`: word similarity of
 * the text typed to the stored search name, or for one word to the given or family name — either
 * name order, a missing accent, a typo or two: "rosi mario" finds Mario Rossi). The matching names
 * (or name parts) are read first from the dictionaries; none, and the page is empty without reading
 * a case. Otherwise they are given to the case query as values, so the planner knows from the
 * columns' statistics whether to walk the newest cases until a page of them is found (a common name)
 * or to read the few persons who bear them (a rare one) — a subquery it could not see into made it
 * walk every case for a name nobody bears.
 *
 * The page has one row more than `limit`, to know whether another follows. With `audit`, the
 * statement also writes the `list` audit entry of each case of the page (the first `limit` rows):
 * the page and its entries in one round trip (docs/decisions/0025).
 */
export async function listCases(
  db: Db,
  visible: SQL,
  filter: CaseFilter & { after: { updatedAt: string; id: string } | null; limit: number },
  personsFirstAtMost = PERSONS_FIRST_AT_MOST,
  audit: AuditActor | null = null,
): Promise<CaseSummaryRow[]> {
  let names: NameMatch | null = null
  if (filter.q) {
    names = await matchNames(db, filter.q, null)
    if (names.entries.length === 0) return []
  }
  const where = [visible, ...filterConditions(filter, names, personsFirstAtMost)]
  if (filter.after) where.push(sql`(${cases.updatedAt}, ${cases.id}) < (${filter.after.updatedAt}::timestamptz, ${filter.after.id}::uuid)`)
  const page = pageQuery(db, where, filter.limit)
  if (!audit) return page
  const { sql: text, params } = page.toSQL()
  const n = params.length
  const { rows } = await pgClientOf(db).query<unknown[]>({
    rowMode: 'array',
    text: `with page as (${text}), audited as (
      insert into audit_log (actor_user_id, actor_client_id, channel, request_id, organisation_id, action, resource_type, resource_id)
      select $${n + 1}::uuid, $${n + 2}::uuid, $${n + 3}::text, $${n + 4}::text, p.municipality_id, 'list', 'case', p.id::text
      from (select id, municipality_id from page order by updated_at desc, id desc limit $${n + 5}::int) as p
    )
    select * from page order by updated_at desc, id desc`,
    values: [...params, audit.actorUserId, audit.actorClientId, audit.channel, audit.requestId, filter.limit],
  })
  return rows.map(listRowOf)
}

/** A row of `listColumns` from an array-mode row (the columns in their order, each decoded as Drizzle would). */
function listRowOf(values: unknown[]): CaseSummaryRow {
  const row: Record<string, unknown> = {}
  LIST_KEYS.forEach((key, i) => {
    const value = values[i]
    const column = listColumns[key]
    row[key] = value === null || value === undefined ? null : is(column, Column) ? column.mapFromDriverValue(value) : value
  })
  return row as unknown as CaseSummaryRow
}
const LIST_KEYS = Object.keys(listColumns) as (keyof typeof listColumns)[]

function pageQuery(db: Db, where: SQL[], limit: number) {
  return db
    .select(listColumns)
    .from(cases)
    .innerJoin(persons, eq(persons.id, cases.personId))
    .innerJoin(organisations, eq(organisations.id, cases.municipalityId))
    .innerJoin(caseManagerUser, eq(caseManagerUser.id, cases.caseManagerId))
    .where(and(...where))
    .orderBy(desc(cases.updatedAt), desc(cases.id))
    .limit(limit + 1)
}

export interface CountScope {
  /** Municipalities where the caller is coordinator: every case counts. */
  coordinated: string[]
  /** Other municipalities where the caller is case manager: their own cases and those they were added to. */
  managed: string[]
  /** Partner organisations the caller operates for: cases referred to them (accepted). */
  partnerOrganisations: string[]
  userId: string
}

export type StatusCount = { status: CaseStatus; count: number }

/**
 * The number of cases per status the caller sees (`CountScope` splits `visibleCasesCondition` into
 * parts that do not overlap), with the filter. Whole municipalities and one's own cases come from
 * the counters (`case_counts`); only the cases one was added to and the referred ones — few — are
 * counted row by row.
 */
export async function countCasesByStatus(db: Db, scope: CountScope, filter: Pick<CaseFilter, 'caseManagerId' | 'municipalityId'>): Promise<StatusCount[]> {
  const inMunicipality = (ids: string[]) => (filter.municipalityId ? ids.filter((id) => id === filter.municipalityId) : ids)
  const coordinated = inMunicipality(scope.coordinated)
  const managed = inMunicipality(scope.managed)
  const parts: SQL[] = []
  const counters = (municipalityIds: string[], caseManagerId: string | undefined) =>
    sql`select ${caseCounts.status} as status, ${caseCounts.count} as n from ${caseCounts} where ${and(
      inArray(caseCounts.municipalityId, municipalityIds),
      caseManagerId ? eq(caseCounts.caseManagerId, caseManagerId) : undefined,
    )}`
  if (coordinated.length > 0) parts.push(counters(coordinated, filter.caseManagerId))
  const ownCases = !filter.caseManagerId || filter.caseManagerId === scope.userId
  if (managed.length > 0 && ownCases) parts.push(counters(managed, scope.userId))
  const filtered = and(
    filter.caseManagerId ? eq(cases.caseManagerId, filter.caseManagerId) : undefined,
    filter.municipalityId ? eq(cases.municipalityId, filter.municipalityId) : undefined,
  )
  if (managed.length > 0) {
    // Cases of colleagues the caller was added to.
    parts.push(sql`select ${cases.status} as status, 1 as n from ${caseMembers} join ${cases} on ${cases.id} = ${caseMembers.caseId}
      where ${and(eq(caseMembers.userId, scope.userId), inArray(cases.municipalityId, managed), sql`${cases.caseManagerId} <> ${scope.userId}`, filtered)}`)
  }
  if (scope.partnerOrganisations.length > 0) {
    // Referred cases not already counted above.
    const notCountedAbove: SQL[] = []
    if (scope.coordinated.length > 0) notCountedAbove.push(sql`not ${inArray(cases.municipalityId, scope.coordinated)}`)
    if (scope.managed.length > 0) {
      notCountedAbove.push(sql`not (${inArray(cases.municipalityId, scope.managed)} and (${cases.caseManagerId} = ${scope.userId}
        or exists (select 1 from ${caseMembers} where ${caseMembers.caseId} = ${cases.id} and ${caseMembers.userId} = ${scope.userId})))`)
    }
    parts.push(sql`select ${cases.status} as status, 1 as n from ${cases}
      where ${and(
        sql`${cases.id} in (select ${referrals.caseId} from ${referrals} where ${referrals.status} = 'accepted' and ${inArray(referrals.partnerOrganisationId, scope.partnerOrganisations)})`,
        ...notCountedAbove,
        filtered,
      )}`)
  }
  if (parts.length === 0) return []
  const result = await db.execute<{ status: CaseStatus; count: number }>(
    sql`select status, sum(n)::int as count from (${sql.join(parts, sql` union all `)}) counted group by status`,
  )
  return result.rows.map((r) => ({ status: r.status, count: Number(r.count) }))
}

/** The case with the names its representation shows, and its members. */
export async function findCaseView(db: Db, id: string) {
  const [found] = await summaryQuery(db).where(eq(cases.id, id))
  if (!found) return null
  const members = await listMembers(db, id)
  return { ...found, members }
}
export type CaseView = NonNullable<Awaited<ReturnType<typeof findCaseView>>>

/** The view of a case row already read (by the access gate): its names and members, without reading the case again. */
export async function caseViewOf(db: Db, row: CaseRow): Promise<CaseView> {
  const [names] = await db
    .select({ personGivenName: persons.givenName, personFamilyName: persons.familyName, municipalityName: organisations.name, caseManagerName: userName(users) })
    .from(persons)
    .innerJoin(organisations, eq(organisations.id, row.municipalityId))
    .innerJoin(users, eq(users.id, row.caseManagerId))
    .where(eq(persons.id, row.personId))
  const members = await listMembers(db, row.id)
  return { row, ...names!, cursorUpdatedAt: row.updatedAt.toISOString(), members }
}

export const listMembers = (db: Db, caseId: string) =>
  db
    .select({ id: users.id, name: userName(users) })
    .from(caseMembers)
    .innerJoin(users, eq(users.id, caseMembers.userId))
    .where(eq(caseMembers.caseId, caseId))
    .orderBy(asc(caseMembers.createdAt), asc(users.id))

export const isMember = async (db: Db, caseId: string, userId: string) =>
  (await db.select({ userId: caseMembers.userId }).from(caseMembers).where(and(eq(caseMembers.caseId, caseId), eq(caseMembers.userId, userId)))).length > 0

/** Adds a member; false when they already were one. */
export const insertMember = async (db: Db, values: typeof caseMembers.$inferInsert) =>
  (await db.insert(caseMembers).values(values).onConflictDoNothing().returning({ userId: caseMembers.userId })).length > 0

/** Removes a member; false when they were not one. */
export const deleteMember = async (db: Db, caseId: string, userId: string) =>
  (await db.delete(caseMembers).where(and(eq(caseMembers.caseId, caseId), eq(caseMembers.userId, userId))).returning({ userId: caseMembers.userId })).length > 0

/** The open case (any status but closed) of the person in the municipality, if any. */
export const findOpenCase = async (db: Db, municipalityId: string, personId: string) =>
  (await db.select({ id: cases.id }).from(cases).where(and(eq(cases.municipalityId, municipalityId), eq(cases.personId, personId), sql`${cases.status} <> 'closed'`)).limit(1))[0] ?? null

/** The person's latest episode in the municipality (0 when none) and that case's id. */
export async function latestEpisode(db: Db, municipalityId: string, personId: string): Promise<{ episode: number; caseId: string | null }> {
  const [top] = await db.select({ episode: max(cases.episode) }).from(cases).where(and(eq(cases.municipalityId, municipalityId), eq(cases.personId, personId)))
  const episode = top?.episode ?? 0
  if (episode === 0) return { episode: 0, caseId: null }
  const [row] = await db
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.municipalityId, municipalityId), eq(cases.personId, personId), eq(cases.episode, episode)))
  return { episode, caseId: row?.id ?? null }
}

export const insertCase = async (db: Db, values: CaseInsert) => (await db.insert(cases).values(values).returning())[0]!

/** Writes the changes and the next version (every change of the case bumps it, so its ETag changes). */
export const updateCase = async (db: Db, id: string, changes: CaseChanges) =>
  (
    await db
      .update(cases)
      .set({ ...changes, version: sql`${cases.version} + 1`, updatedAt: sql`now()` })
      .where(eq(cases.id, id))
      .returning()
  )[0]!

/** The person, when it belongs to one of `municipalityIds` and is not anonymised. */
export const findPersonIn = async (db: Db, personId: string, municipalityIds: string[]) =>
  municipalityIds.length === 0
    ? null
    : ((
        await db
          .select({ id: persons.id, municipalityId: persons.municipalityId, givenName: persons.givenName, familyName: persons.familyName })
          .from(persons)
          .where(and(eq(persons.id, personId), inArray(persons.municipalityId, municipalityIds), isNull(persons.anonymisedAt)))
      )[0] ?? null)

/** The roles an active user holds through an active membership of the organisation (empty when none). */
export async function activeRolesIn(db: Db, userId: string, organisationId: string): Promise<string[]> {
  const [row] = await db
    .select({ roles: memberships.roles })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.userId, userId), eq(memberships.organisationId, organisationId), eq(memberships.isActive, true), eq(users.isActive, true)))
  return row?.roles ?? []
}

export const findUserName = async (db: Db, id: string) => (await db.select({ id: users.id, name: userName(users) }).from(users).where(eq(users.id, id)))[0] ?? null

export const insertAssignment = (db: Db, values: typeof caseAssignments.$inferInsert) => db.insert(caseAssignments).values(values)

/** Ends the current assignment of the case (the row without `endedAt`). */
export const endCurrentAssignment = (db: Db, caseId: string) =>
  db
    .update(caseAssignments)
    .set({ endedAt: sql`now()` })
    .where(and(eq(caseAssignments.caseId, caseId), isNull(caseAssignments.endedAt)))

const assignedByUser = alias(users, 'assigned_by_user')

/** One page (plus one row) of the case's assignment history, oldest first. */
export function listAssignments(db: Db, caseId: string, after: { startedAt: string; id: string } | null, limit: number) {
  const where: SQL[] = [eq(caseAssignments.caseId, caseId)]
  if (after) where.push(sql`(${caseAssignments.startedAt}, ${caseAssignments.id}) > (${after.startedAt}::timestamptz, ${after.id}::uuid)`)
  return db
    .select({
      row: caseAssignments,
      caseManagerName: userName(users),
      assignedByName: sql<string | null>`${assignedByUser.givenName} || ' ' || ${assignedByUser.familyName}`,
      cursorStartedAt: exactInstant(caseAssignments.startedAt),
    })
    .from(caseAssignments)
    .innerJoin(users, eq(users.id, caseAssignments.caseManagerId))
    .leftJoin(assignedByUser, eq(assignedByUser.id, caseAssignments.assignedBy))
    .where(and(...where))
    .orderBy(asc(caseAssignments.startedAt), asc(caseAssignments.id))
    .limit(limit + 1)
}

/** Active users holding case_manager or coordinator in the municipality, by name. */
export const listCaseManagers = (db: Db, municipalityId: string) =>
  db
    .select({ id: users.id, name: userName(users) })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.organisationId, municipalityId),
        eq(memberships.isActive, true),
        eq(users.isActive, true),
        sql`${memberships.roles} && array['case_manager', 'coordinator']::text[]`,
      ),
    )
    .orderBy(asc(users.familyName), asc(users.givenName), asc(users.id))

/**
 * The municipality's open (not closed) cases per case manager and status, from the counters
 * (`case_counts`: the slots of a key are summed, so one slot may be negative); keys summing to 0 are left out.
 */
export const countOpenCasesByManager = (db: Db, municipalityId: string) =>
  db
    .select({ caseManagerId: caseCounts.caseManagerId, status: caseCounts.status, count: sql<number>`sum(${caseCounts.count})::int` })
    .from(caseCounts)
    .where(and(eq(caseCounts.municipalityId, municipalityId), ne(caseCounts.status, 'closed')))
    .groupBy(caseCounts.caseManagerId, caseCounts.status)
    .having(sql`sum(${caseCounts.count}) > 0`)

/** Users by id with their display names, by family name. */
export const listUserNames = (db: Db, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db.select({ id: users.id, name: userName(users) }).from(users).where(inArray(users.id, ids)).orderBy(asc(users.familyName), asc(users.givenName), asc(users.id))
