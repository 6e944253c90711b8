/** SQL of meetings: a case's page and missed count, look-ups and writes, and the upcoming list across cases. */
import { and, asc, count, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client.js'
import { cases, meetings, persons, type MeetingRow, type MeetingStatus } from '../../db/schema/index.js'

export type MeetingInsert = typeof meetings.$inferInsert
export type MeetingChanges = Partial<Omit<MeetingInsert, 'id' | 'caseId' | 'version' | 'createdAt' | 'createdBy'>>

/** Sort key of a meeting: date, start time, id (the cursor of both lists). */
export interface MeetingKey {
  date: string
  startTime: string
  id: string
}

export interface CaseMeetingFilter {
  status?: MeetingStatus
  dateFrom?: string
  dateTo?: string
  /** Key of the last item of the previous page (most recent first). */
  before: MeetingKey | null
  limit: number
}

/** One page of a case's meetings, most recent first, plus one row to know whether another follows. */
export function listCaseMeetings(db: Db, caseId: string, filter: CaseMeetingFilter) {
  const where: SQL[] = [eq(meetings.caseId, caseId)]
  if (filter.status) where.push(eq(meetings.status, filter.status))
  if (filter.dateFrom) where.push(gte(meetings.date, filter.dateFrom))
  if (filter.dateTo) where.push(lte(meetings.date, filter.dateTo))
  if (filter.before) where.push(sql`(${meetings.date}, ${meetings.startTime}, ${meetings.id}) < (${filter.before.date}::date, ${filter.before.startTime}::time, ${filter.before.id}::uuid)`)
  return db
    .select()
    .from(meetings)
    .where(and(...where))
    .orderBy(desc(meetings.date), desc(meetings.startTime), desc(meetings.id))
    .limit(filter.limit + 1)
}

export async function countMissedMeetings(db: Db, caseId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(meetings).where(and(eq(meetings.caseId, caseId), eq(meetings.status, 'missed')))
  return row?.n ?? 0
}

export async function findMeeting(db: Db, caseId: string, meetingId: string, options: { forUpdate?: boolean } = {}): Promise<MeetingRow | null> {
  const query = db.select().from(meetings).where(and(eq(meetings.id, meetingId), eq(meetings.caseId, caseId)))
  const [row] = options.forUpdate ? await query.for('update') : await query
  return row ?? null
}

export const insertMeeting = async (db: Db, values: MeetingInsert) => (await db.insert(meetings).values(values).returning())[0]!

export const updateMeeting = async (db: Db, id: string, changes: MeetingChanges) =>
  (
    await db
      .update(meetings)
      .set({ ...changes, version: sql`${meetings.version} + 1`, updatedAt: new Date() })
      .where(eq(meetings.id, id))
      .returning()
  )[0]!

export interface UpcomingFilter {
  /** The SQL scope on `cases` of the cases whose meetings the caller follows. */
  scope: SQL
  today: string
  until?: string
  includeOverdue: boolean
  /** Only the cases assigned to this case manager. */
  caseManagerId?: string | undefined
  after: MeetingKey | null
  limit: number
}

/** Planned meetings of the scoped cases in date and time order (overdue first), with the case's municipality and person. */
export function listUpcomingMeetings(db: Db, filter: UpcomingFilter) {
  const where: SQL[] = [eq(meetings.status, 'planned'), filter.scope]
  if (!filter.includeOverdue) where.push(gte(meetings.date, filter.today))
  if (filter.until) where.push(lte(meetings.date, filter.until))
  if (filter.caseManagerId) where.push(eq(cases.caseManagerId, filter.caseManagerId))
  if (filter.after) {
    where.push(sql`(${meetings.date}, ${meetings.startTime}, ${meetings.id}) > (${filter.after.date}::date, ${filter.after.startTime}::time, ${filter.after.id}::uuid)`)
  }
  return db
    .select({
      meeting: meetings,
      municipalityId: cases.municipalityId,
      person: { id: persons.id, givenName: persons.givenName, familyName: persons.familyName },
    })
    .from(meetings)
    .innerJoin(cases, eq(cases.id, meetings.caseId))
    .innerJoin(persons, eq(persons.id, cases.personId))
    .where(and(...where))
    .orderBy(asc(meetings.date), asc(meetings.startTime), asc(meetings.id))
    .limit(filter.limit + 1)
}

