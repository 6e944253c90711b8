/**
 * SQL of the audit trail: a page of an organisation's entries with whose file each touched (the
 * person and the case, resolved from the kind of record), the filters by person, the users who
 * appear in it, and the recomputation of the hash chain.
 */
import { and, desc, eq, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Db } from '../../db/client.js'
import { auditLog, users, type AuditRow } from '../../db/schema/index.js'
import { userName } from '../cases/cases.repository.js'
import { bearsMatchedName, matchedPersons, matchNames, type NameMatch } from '../persons/persons.repository.js'

export interface AuditEntryFilter {
  from?: string
  to?: string
  actorUserId?: string
  resourceType?: string
  resourceId?: string
  action?: string
  /** Entries about this person (the person, their sensitive section, the records of their cases). */
  personId?: string
  /** Entries about the organisation's persons whose name matches (accent- and typo-tolerant). */
  q?: string
  /** Id of the last entry of the previous page (newest first). */
  beforeId: number | null
  limit: number
}

export interface AuditEntryRow {
  row: AuditRow
  actorName: string | null
  personId: string | null
  personName: string | null
  caseId: string | null
  caseEpisode: number | null
  caseOpenedOn: string | null
}

/** Kinds of record that belong to a case, and the table (with a `case_id` column) that holds them. */
const CASE_RECORDS: Record<string, string> = {
  referral: 'referrals',
  assessment: 'assessments',
  plan: 'plans',
  plan_commitment: 'plan_commitments',
  meeting: 'meetings',
  diary_note: 'diary_notes',
  economic_support: 'economic_supports',
  measure: 'measures',
  match: 'matches',
  puc_assignment: 'puc_assignments',
}

const UUID_TEXT = `'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'`

/** The case an entry's record belongs to (null for records of no case). Table names are constants of this file. */
const entryCaseId = sql.raw(`case when a.resource_id ~ ${UUID_TEXT} then case a.resource_type when 'case' then a.resource_id::uuid ${Object.entries(CASE_RECORDS)
  .map(([type, table]) => `when '${type}' then (select t.case_id from ${table} t where t.id = a.resource_id::uuid)`)
  .join(' ')} end end`)

/** The person an entry's record is about when it belongs to no case. */
const entryPersonId = sql.raw(`case when a.resource_id ~ ${UUID_TEXT} then case a.resource_type when 'person' then a.resource_id::uuid when 'person_sensitive' then a.resource_id::uuid \
when 'group_application' then (select g.person_id from group_applications g where g.id = a.resource_id::uuid) \
when 'group_member' then (select g.person_id from group_members m join group_applications g on g.id = m.application_id where m.id = a.resource_id::uuid) end end`)

/** The trail under the alias `a`, by which the subject's SQL reads the entry. */
const a = alias(auditLog, 'a')

/** Whose file each entry touched, joined laterally to the entry `a`. */
const subjectOfEntry = sql`(
  select p.id as person_id, p.given_name || ' ' || p.family_name as person_name, c.id as case_id, c.episode as case_episode, c.opened_on::text as case_opened_on,
    p.municipality_id, p.search_name, p.given_name, p.family_name
  from (select ${entryCaseId} as case_id, ${entryPersonId} as person_id) s
  left join cases c on c.id = s.case_id
  join persons p on p.id = coalesce(c.person_id, s.person_id)
) subject`

/**
 * The (kind, id) of every record about the persons `who` selects (a condition on `p`): the person,
 * their sensitive section, their cases and each case's records, their group applications and
 * memberships. Compared with (resource_type, resource_id), it walks the trail's resource index.
 */
function recordsAbout(who: SQL): SQL {
  const perCase = Object.entries(CASE_RECORDS).map(
    ([type, table]) => sql`union all select ${type}::text, t.id::text from ${sql.raw(table)} t join cases c on c.id = t.case_id join persons p on p.id = c.person_id where ${who}`,
  )
  return sql`select 'person'::text, p.id::text from persons p where ${who}
    union all select 'person_sensitive'::text, p.id::text from persons p where ${who}
    union all select 'case'::text, c.id::text from cases c join persons p on p.id = c.person_id where ${who}
    ${sql.join(perCase, sql` `)}
    union all select 'group_application'::text, g.id::text from group_applications g join persons p on p.id = g.person_id where ${who}
    union all select 'group_member'::text, m.id::text from group_members m join group_applications g on g.id = m.application_id join persons p on p.id = g.person_id where ${who}`
}

/**
 * How a name filter (`q`) selects entries: `records` lists every record about the matching persons
 * and looks each up in the trail's resource index (as `personId` does) — cheap for the few persons
 * of a rare name; `subject` reads the trail newest first and keeps the entries whose subject (the
 * person `subjectOfEntry` resolves) bears a matching name — cheap when many persons match, since a
 * page of them comes soon, where listing every record of 20,000 persons took seconds.
 */
type NameFilterBy = 'records' | 'subject'

function entryConditions(organisationId: string, filter: Omit<AuditEntryFilter, 'beforeId' | 'limit'>, names: NameMatch | null, by: NameFilterBy): SQL[] {
  const where: SQL[] = [eq(a.organisationId, organisationId)]
  if (filter.from) where.push(sql`${a.at} >= ${filter.from}::timestamptz`)
  if (filter.to) where.push(sql`${a.at} < ${filter.to}::timestamptz`)
  if (filter.actorUserId) where.push(eq(a.actorUserId, filter.actorUserId))
  if (filter.resourceType) where.push(eq(a.resourceType, filter.resourceType))
  if (filter.resourceId) where.push(eq(a.resourceId, filter.resourceId))
  if (filter.action) where.push(eq(a.action, filter.action))
  if (names && by === 'subject') where.push(bearsMatchedName(names, 'subject'))
  if (filter.personId || (names && by === 'records')) {
    const who: SQL[] = []
    if (filter.personId) who.push(sql`p.id = ${filter.personId}::uuid`)
    if (names && by === 'records') who.push(bearsMatchedName(names, 'p'))
    where.push(sql`(${a.resourceType}, ${a.resourceId}) in (${recordsAbout(sql.join(who, sql` and `))})`)
  }
  return where
}

/** The names of the organisation's persons that `q` matches; null without `q`. */
const namesOf = (db: Db, organisationId: string, q: string | undefined) => (q ? matchNames(db, q, sql`${organisationId}::uuid`) : Promise.resolve(null))

/**
 * When a name filter reads the trail newest first: above `abovePersons` persons bearing the matching
 * names, over the newest `entries` entries the other filters select (the older ones are then found
 * by their records). Tests lower them.
 */
export const NAME_WALK = { abovePersons: 300, entries: 3000 }

/**
 * One page (plus one row) of the organisation's entries, newest first (by id, the order of the chain).
 *
 * Filtered by person (`personId`, `q`), the entries are those of the records about the persons
 * (`recordsAbout`, compared with the trail's resource index or hashed, as the planner weighs them).
 * With a name many persons bear (more than `walk.abovePersons`: listing their records costs seconds
 * at 20,000 persons), the newest `walk.entries` entries are read first and kept when their subject
 * bears a matching name — a common name found among the recent entries is answered from them alone;
 * the records are read, for the older entries only, when that page is not full.
 */
export async function listAuditEntries(db: Db, organisationId: string, filter: AuditEntryFilter, walk = NAME_WALK): Promise<AuditEntryRow[]> {
  const names = await namesOf(db, organisationId, filter.q)
  if (names && names.entries.length === 0) return []
  const page = (by: NameFilterBy, extra: SQL[], limit: number) =>
    db
      .select({
        row: a,
        actorName: sql<string | null>`${userName(users)}`,
        personId: sql<string | null>`subject.person_id`,
        personName: sql<string | null>`subject.person_name`,
        caseId: sql<string | null>`subject.case_id`,
        caseEpisode: sql<number | null>`subject.case_episode`,
        caseOpenedOn: sql<string | null>`subject.case_opened_on`,
      })
      .from(a)
      .leftJoin(users, eq(users.id, a.actorUserId))
      .leftJoinLateral(subjectOfEntry, sql`true`)
      .where(and(...entryConditions(organisationId, filter, names, by), ...extra))
      .orderBy(desc(a.id))
      .limit(limit)
  const size = filter.limit + 1
  const before = filter.beforeId !== null ? [sql`${a.id} < ${filter.beforeId}`] : []
  if (!names || filter.personId || matchedPersons(names) <= walk.abovePersons) return page('records', before, size)
  // The oldest id of the newest walk.entries entries the other filters select (none: the walk covers the whole trail).
  const others = entryConditions(organisationId, { ...filter, q: undefined }, null, 'records')
  const [edge] = await db.select({ id: a.id }).from(a).where(and(...others, ...before)).orderBy(desc(a.id)).offset(walk.entries - 1).limit(1)
  const newest = await page('subject', edge ? [...before, sql`${a.id} >= ${edge.id}`] : before, size)
  if (newest.length >= size || !edge) return newest
  return [...newest, ...(await page('records', [sql`${a.id} < ${edge.id}`], size - newest.length))]
}

/** How many entries the filters select (to refuse an export too large to hand over whole). */
export async function countAuditEntries(db: Db, organisationId: string, filter: Omit<AuditEntryFilter, 'beforeId' | 'limit'>, cap: number): Promise<number> {
  const names = await namesOf(db, organisationId, filter.q)
  if (names && names.entries.length === 0) return 0
  const rows = await db
    .select({ id: a.id })
    .from(a)
    .where(and(...entryConditions(organisationId, filter, names, 'records')))
    .limit(cap + 1)
  return rows.length
}

/** The users who appear in the organisation's trail (for the filter by user), by name. */
export async function listAuditActors(db: Db, organisationId: string): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: users.id, name: sql<string>`${userName(users)}` })
    .from(users)
    .where(sql`exists (select 1 from audit_log a where a.organisation_id = ${organisationId}::uuid and a.actor_user_id = ${users.id})`)
    .orderBy(users.familyName, users.givenName, users.id)
}

export interface ChainCheck {
  checked: number
  pending: number
  firstInvalidId: number | null
}

/**
 * How many ids of the trail one statement of the verification covers. The trail is walked by id
 * range over the whole table (the chain spans every organisation), so each statement reads at most
 * this many entries whatever the organisation's share: at the 20,000–50,000 entries a second one
 * backend hashes, a batch takes about a second, far below the statement timeout (30 s by default),
 * and the connection goes back to the pool between batches.
 */
export const VERIFY_BATCH_IDS = 20_000

export interface VerifyOptions {
  /** Ids per statement (tests lower it). */
  batchIds?: number
  /** Asked between batches: true stops the walk (the client has gone); the result is then partial. */
  abandoned?: () => boolean
}

/**
 * Recomputes each of the organisation's sealed entries with `audit_log_entry_hash` — the function
 * `audit_seal` uses (migrations 0007, 0015) — from its own `prev_hash`, and checks its link: the
 * `prev_hash` is the hash of an existing entry (the chain is global, across organisations) that no
 * other entry also claims as its predecessor (a fork means an entry was forged or replayed); only
 * one sealed entry, the first, has none. Entries not sealed yet are counted as pending.
 *
 * The entries up to the newest id at the start are walked in batches of `batchIds` ids, one short
 * statement each on a connection taken from the pool for that statement only (`db` is the pool,
 * never a transaction); entries written meanwhile are left to the next verification.
 */
export async function verifyAuditChain(db: Db, organisationId: string, options: VerifyOptions = {}): Promise<ChainCheck> {
  const batchIds = options.batchIds ?? VERIFY_BATCH_IDS
  const bounds = await db.execute<{ low: number | null; high: number | null }>(sql`select min(id) as low, max(id) as high from audit_log`)
  const low = bounds.rows[0]?.low == null ? null : Number(bounds.rows[0].low)
  const high = bounds.rows[0]?.high == null ? null : Number(bounds.rows[0].high)
  const total: ChainCheck = { checked: 0, pending: 0, firstInvalidId: null }
  if (low === null || high === null) return total
  for (let from = low; from <= high; from += batchIds) {
    if (options.abandoned?.()) break
    const to = Math.min(from + batchIds - 1, high)
    const batch = await verifyRange(db, organisationId, from, to)
    total.checked += batch.checked
    total.pending += batch.pending
    if (total.firstInvalidId === null && batch.firstInvalidId !== null) total.firstInvalidId = batch.firstInvalidId
  }
  return total
}

/** One statement of the verification: the organisation's entries with ids `from`…`to`. */
async function verifyRange(db: Db, organisationId: string, from: number, to: number): Promise<ChainCheck> {
  const result = await db.execute<{ checked: number; pending: number; first_invalid_id: number | null }>(sql`
    with entries as (
      select a.id, a.hash is null as pending,
        (a.prev_hash is null and not exists (select 1 from audit_log f where f.prev_hash is null and f.hash is not null and f.id <> a.id))
          or (exists (select 1 from audit_log p where p.hash = a.prev_hash)
              and not exists (select 1 from audit_log f where f.prev_hash = a.prev_hash and f.id <> a.id)) as linked,
        a.hash = audit_log_entry_hash(a.prev_hash, a) as intact
      from audit_log a
      -- The range of the primary key bounds the work; the organisation is compared as text so that no
      -- plan reads the organisation's whole index instead (a bitmap AND with audit_log_org_at_idx).
      where a.id between ${from}::bigint and ${to}::bigint and a.organisation_id::text = ${organisationId}
    )
    select count(*) filter (where not pending)::int as checked, count(*) filter (where pending)::int as pending,
      min(id) filter (where not pending and not (linked and intact)) as first_invalid_id
    from entries
  `)
  const first = result.rows[0]
  return {
    checked: Number(first?.checked ?? 0),
    pending: Number(first?.pending ?? 0),
    firstInvalidId: first?.first_invalid_id == null ? null : Number(first.first_invalid_id),
  }
}
