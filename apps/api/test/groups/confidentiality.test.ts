/**
 * What is said in a group is never stored (DOMAIN.md §6, docs/decisions/0011). The schema has no
 * column for it — this test fails when a text column outside the names, contacts and places below
 * appears in a groups table — the database refuses free text in coded columns and multi-line text
 * anywhere, the API refuses any property it does not declare, and events carry no personal data.
 */
import { getTableColumns, sql } from 'drizzle-orm'
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core'
import { beforeAll, describe, expect, it } from 'vitest'
import * as schema from '../../src/db/schema/groups.js'
import { domainEvents } from '../../src/db/schema/index.js'
import { useTestContext } from '../helpers/app.js'
import { ifMatch, createGroupsWorld, createProgramme, runningGroup, readGroup, type GroupsWorld } from './groups-world.js'

/** Every free-text column the groups tables may have: names, contacts, places, times. Nothing else. */
const ALLOWED_TEXT = new Set([
  'group_programmes.name',
  'group_programmes.funder',
  'group_programmes.covered_municipalities',
  'group_applications.given_name',
  'group_applications.family_name',
  'group_applications.phone',
  'group_applications.email',
  'group_applications.residence_municipality',
  'group_information_meetings.start_time',
  'group_information_meetings.place',
  'groups.name',
  'group_sessions.start_time',
  'group_sessions.place',
])

const ctx = useTestContext()
let world: GroupsWorld

beforeAll(async () => {
  world = await createGroupsWorld(ctx.app, ctx.database.db)
})

describe('the schema', () => {
  it('has no free-text column but names, contacts and places; every other text column takes codes from a list', () => {
    const tables = (Object.values(schema) as unknown[]).filter((v): v is PgTable => typeof v === 'object' && v !== null && Symbol.for('drizzle:IsDrizzleTable') in v)
    expect(tables.length).toBeGreaterThanOrEqual(11)
    const freeText: string[] = []
    for (const table of tables) {
      const { name } = getTableConfig(table)
      for (const column of Object.values(getTableColumns(table))) {
        const isText = column.columnType === 'PgText' || column.columnType === 'PgArray' || column.columnType === 'PgJsonb'
        const coded = 'enumValues' in column && Array.isArray(column.enumValues) && column.enumValues.length > 0
        if (isText && !coded && !ALLOWED_TEXT.has(`${name}.${column.name}`)) freeText.push(`${name}.${column.name}`)
      }
    }
    // Arrays of codes (themes, topics, actions, referrals) and the programme's closures are checked by the database below.
    expect(freeText.sort()).toEqual(['group_member_outcomes.job_search_actions', 'group_member_outcomes.referrals', 'group_programmes.local_closures', 'group_sessions.themes', 'groups.requested_topics'])
  })

  it('refuses a free text in a coded column and a multi-line place, even from a direct SQL client', async () => {
    const programme = await createProgramme(ctx.app, world)
    const { group } = await runningGroup(ctx.app, world, programme, { members: 1 })
    await expect(ctx.database.db.execute(sql`update group_sessions set themes = array['Mario ha raccontato del licenziamento'] where group_id = ${group.id}`)).rejects.toThrow()
    await expect(ctx.database.db.execute(sql`update group_sessions set change_reason = 'Mario stava male' where group_id = ${group.id}`)).rejects.toThrow()
    await expect(ctx.database.db.execute(sql`update group_sessions set place = ${'Sala civica\nVerbale: ...'} where group_id = ${group.id}`)).rejects.toThrow()
    await expect(ctx.database.db.execute(sql`update group_sessions set place = ${'x'.repeat(201)} where group_id = ${group.id}`)).rejects.toThrow()
    await expect(ctx.database.db.execute(sql`update group_members set drop_out_reason = 'depressione', status = 'dropped_out', dropped_out_on = '2026-01-01' where group_id = ${group.id}`)).rejects.toThrow()
  })
})

describe('the API', () => {
  it('refuses notes, minutes or any undeclared property on every write of a session (400), and changes nothing', async () => {
    const programme = await createProgramme(ctx.app, world)
    const { group } = await runningGroup(ctx.app, world, programme, { members: 1 })
    const sessions = (await ctx.app.inject({ method: 'GET', url: `/api/v1/groups/${group.id}/sessions`, headers: world.facilitator.headers })).json().items
    const session = sessions[0]
    const memberId = (await readGroup(ctx.app, world.facilitator, group.id)).members[0]!.id
    const attempts = [
      ctx.app.inject({ method: 'PATCH', url: `/api/v1/group-sessions/${session.id}`, headers: { ...ifMatch(world.facilitator, session.version), 'content-type': 'application/merge-patch+json' }, payload: { notes: 'Oggi si è parlato di…' } }),
      ctx.app.inject({ method: 'PATCH', url: `/api/v1/group-sessions/${session.id}`, headers: { ...ifMatch(world.facilitator, session.version), 'content-type': 'application/merge-patch+json' }, payload: { themes: ['Luca è preoccupato per il mutuo'] } }),
      ctx.app.inject({ method: 'PUT', url: `/api/v1/group-sessions/${session.id}/attendance`, headers: ifMatch(world.facilitator, session.version), payload: { entries: [{ memberId, status: 'present', note: 'ha pianto' }] } }),
      ctx.app.inject({ method: 'PUT', url: `/api/v1/group-sessions/${session.id}/attendance`, headers: ifMatch(world.facilitator, session.version), payload: { entries: [{ memberId, status: 'present' }], minutes: 'verbale' } }),
      ctx.app.inject({ method: 'PUT', url: `/api/v1/group-members/${memberId}/outcomes`, headers: world.facilitator.headers, payload: { wellbeingEntry: 5, comment: 'racconta di…' } }),
      ctx.app.inject({ method: 'POST', url: `/api/v1/groups/${group.id}/sessions`, headers: world.facilitator.headers, payload: { topic: 'cv_and_cover_letter', date: '2027-02-10', startTime: '17:00', place: 'Sala', summary: 'resoconto' } }),
    ]
    for (const response of await Promise.all(attempts)) expect(response.statusCode, response.body).toBe(400)
    const after = (await ctx.app.inject({ method: 'GET', url: `/api/v1/groups/${group.id}/sessions`, headers: world.facilitator.headers })).json().items
    expect(after).toEqual(sessions)
  })

  it('records aggregate themes from the list only', async () => {
    const programme = await createProgramme(ctx.app, world)
    const { group } = await runningGroup(ctx.app, world, programme, { members: 1 })
    const [session] = (await ctx.app.inject({ method: 'GET', url: `/api/v1/groups/${group.id}/sessions`, headers: world.facilitator.headers })).json().items
    const response = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/group-sessions/${session.id}`, headers: { ...ifMatch(world.facilitator, session.version), 'content-type': 'application/merge-patch+json' }, payload: { themes: ['job_search_strategies', 'mutual_support'] } })
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json().themes).toEqual(['job_search_strategies', 'mutual_support'])
  })

  it('writes events without names, contacts, a person or a case', async () => {
    const programme = await createProgramme(ctx.app, world)
    const { group } = await runningGroup(ctx.app, world, programme, { members: 2 })
    const members = (await readGroup(ctx.app, world.coordinator, group.id)).members
    const events = await ctx.database.db.select().from(domainEvents).where(sql`${domainEvents.type} like 'group%'`)
    expect(events.length).toBeGreaterThan(5)
    const text = JSON.stringify(events.map((e) => e.data))
    for (const m of members) {
      expect(text).not.toContain(m.familyName)
      expect(text).not.toContain(m.phone ?? '§')
    }
    expect(events.every((e) => e.caseId === null)).toBe(true)
  })
})
