import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog, caseEvents, diaryNotes, domainEvents, idempotencyKeys } from '../../src/db/schema/index.js'
import { useTestContext } from '../helpers/app.js'
import { createWorkedCase, injectAs } from '../helpers/worked-case.js'
import { type TestUser } from '../helpers/factories.js'

const ctx = useTestContext()

const world = () => createWorkedCase(ctx, 'diary-notes')
const inject = (...args: Parameters<typeof injectAs> extends [unknown, ...infer Rest] ? Rest : never) => injectAs(ctx, ...args)

interface Note {
  id: string
  version: number
  text: string
  visibility: string
}

async function write(user: TestUser, base: string, values: Record<string, unknown> = {}, headers?: Record<string, string>): Promise<Note> {
  const response = await inject(user, 'POST', base, { notedOn: '2026-11-20', text: 'Colloquio telefonico: la signora conferma la disponibilità al tirocinio.', ...values }, headers)
  expect(response.statusCode).toBe(201)
  return response.json()
}

const edit = (user: TestUser, base: string, note: { id: string; version: number }, patch: object) => inject(user, 'PATCH', `${base}/${note.id}`, patch, { 'if-match': `"${note.version}"` })
const listIds = async (user: TestUser, base: string) => (await inject(user, 'GET', base)).json().items.map((n: Note) => n.id)

describe('writing and reading diary notes', () => {
  it('writes a note as its author with ETag and Location, a timeline event without the text and an audit entry', async () => {
    const w = await world()
    const response = await inject(w.caseManager, 'POST', w.base, { notedOn: '2026-11-20', text: 'Primo colloquio: racconta la perdita del lavoro in fabbrica.' })
    expect(response.statusCode).toBe(201)
    const note = response.json()
    expect(note).toMatchObject({ caseId: w.theCase.id, notedOn: '2026-11-20', visibility: 'normal', authorId: w.caseManager.id, version: 1 })
    expect(note.authorName).toMatch(/^Maria Rossi /)
    expect(response.headers.etag).toBe('"1"')
    expect(response.headers.location).toBe(`${w.base}/${note.id}`)
    const events = await ctx.database.db.select().from(caseEvents).where(eq(caseEvents.resourceId, note.id))
    expect(events).toMatchObject([{ type: 'diary_note.created', audience: 'municipality' }])
    expect(JSON.stringify(events[0]!.data)).not.toContain('fabbrica')
    expect(await ctx.database.db.select().from(auditLog).where(and(eq(auditLog.resourceId, note.id), eq(auditLog.action, 'create')))).toHaveLength(1)

    const read = await inject(w.member, 'GET', `${w.base}/${note.id}`)
    expect(read.statusCode).toBe(200)
    // The same note; what each may do on it is their own (only the author edits).
    expect(note.permissions).toEqual(['update'])
    expect(read.json()).toEqual({ ...note, permissions: [] })
    expect(await ctx.database.db.select().from(auditLog).where(and(eq(auditLog.resourceId, note.id), eq(auditLog.action, 'read'), eq(auditLog.actorUserId, w.member.id)))).toHaveLength(1)
  })

  it('lists notes most recent first with cursor pagination', async () => {
    const w = await world()
    const older = await write(w.caseManager, w.base, { notedOn: '2026-11-01' })
    const newer = await write(w.member, w.base, { notedOn: '2026-11-15' })
    const newest = await write(w.coordinator, w.base, { notedOn: '2026-11-15' })
    const first = (await inject(w.caseManager, 'GET', `${w.base}?limit=2`)).json()
    expect(first.items.map((n: Note) => n.id)).toEqual([newest.id, newer.id])
    expect((await inject(w.caseManager, 'GET', `${w.base}?limit=2&cursor=${first.nextCursor}`)).json()).toMatchObject({ items: [{ id: older.id }], nextCursor: null })
  })
})

describe('editing diary notes', () => {
  it('keeps the previous text in the revisions, with who edited and when', async () => {
    const w = await world()
    const note = await write(w.caseManager, w.base, { text: 'Prima versione' })
    const first = await edit(w.caseManager, w.base, note, { text: 'Seconda versione' })
    expect(first.statusCode).toBe(200)
    expect(first.json()).toMatchObject({ text: 'Seconda versione', version: 2 })
    expect(first.headers.etag).toBe('"2"')
    const second = await edit(w.caseManager, w.base, first.json(), { text: 'Terza versione', notedOn: '2026-11-21' })
    expect(second.json()).toMatchObject({ text: 'Terza versione', notedOn: '2026-11-21', version: 3 })

    const revisions = await inject(w.member, 'GET', `${w.base}/${note.id}/revisions`)
    expect(revisions.statusCode).toBe(200)
    expect(revisions.json()).toMatchObject({
      items: [
        { noteId: note.id, version: 2, text: 'Seconda versione', notedOn: '2026-11-20', visibility: 'normal', editedBy: w.caseManager.id },
        { noteId: note.id, version: 1, text: 'Prima versione', notedOn: '2026-11-20', visibility: 'normal', editedBy: w.caseManager.id },
      ],
      nextCursor: null,
    })
    expect(revisions.json().items[0].editedAt).toMatch(/Z$/)
    const paged = (await inject(w.member, 'GET', `${w.base}/${note.id}/revisions?limit=1`)).json()
    expect((await inject(w.member, 'GET', `${w.base}/${note.id}/revisions?limit=1&cursor=${paged.nextCursor}`)).json()).toMatchObject({ items: [{ version: 1 }], nextCursor: null })
    const events = await ctx.database.db.select().from(caseEvents).where(and(eq(caseEvents.resourceId, note.id), eq(caseEvents.type, 'diary_note.updated')))
    expect(events).toHaveLength(2)
    expect(JSON.stringify(events.map((e) => e.data))).not.toContain('versione')
  })

  it('lets only the author edit: 403 for the coordinator and for a colleague on the case', async () => {
    const w = await world()
    const note = await write(w.caseManager, w.base)
    expect((await edit(w.coordinator, w.base, note, { text: 'Modifica' })).statusCode).toBe(403)
    expect((await edit(w.member, w.base, note, { text: 'Modifica' })).statusCode).toBe(403)
    expect((await inject(w.caseManager, 'GET', `${w.base}/${note.id}`)).json()).toMatchObject({ version: 1, text: note.text })
  })

  it('answers 428 without If-Match and 412 when stale', async () => {
    const w = await world()
    const note = await write(w.caseManager, w.base)
    expect((await inject(w.caseManager, 'PATCH', `${w.base}/${note.id}`, { text: 'X' })).statusCode).toBe(428)
    expect((await edit(w.caseManager, w.base, { ...note, version: 2 }, { text: 'X' })).statusCode).toBe(412)
  })

  it('lets one of two concurrent edits win, answers 412 to the other, and keeps both texts', async () => {
    const w = await world()
    const note = await write(w.caseManager, w.base, { text: 'Originale' })
    const [a, b] = await Promise.all([edit(w.caseManager, w.base, note, { text: 'Versione A' }), edit(w.caseManager, w.base, note, { text: 'Versione B' })])
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 412])
    const [winner, loser] = a.statusCode === 200 ? ['Versione A', 'Versione B'] : ['Versione B', 'Versione A']
    const current = await inject(w.caseManager, 'GET', `${w.base}/${note.id}`)
    expect(current.json().text).toBe(winner)
    const retry = await inject(w.caseManager, 'PATCH', `${w.base}/${note.id}`, { text: loser }, { 'if-match': current.headers.etag as string })
    expect(retry.json()).toMatchObject({ text: loser, version: 3 })
    const texts = (await inject(w.caseManager, 'GET', `${w.base}/${note.id}/revisions`)).json().items.map((r: Note) => r.text)
    expect(texts).toEqual([winner, 'Originale'])
  })

  it('creates one note for a retried POST with the same Idempotency-Key', async () => {
    const w = await world()
    const body = { notedOn: '2026-11-20', text: 'Nota unica' }
    const first = await inject(w.caseManager, 'POST', w.base, body, { 'idempotency-key': 'note-1' })
    const again = await inject(w.caseManager, 'POST', w.base, body, { 'idempotency-key': 'note-1' })
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(again.json().id).toBe(first.json().id)
    expect(await ctx.database.db.select().from(diaryNotes).where(eq(diaryNotes.caseId, w.theCase.id))).toHaveLength(1)
  })
})

describe('what writing a note records with it (one statement: note, audit entry, timeline event, outbox event)', () => {
  const recorded = async (noteId: string) => ({
    notes: await ctx.database.db.select().from(diaryNotes).where(eq(diaryNotes.id, noteId)),
    audit: await ctx.database.db.select().from(auditLog).where(and(eq(auditLog.resourceId, noteId), eq(auditLog.action, 'create'))),
    events: await ctx.database.db.select().from(caseEvents).where(eq(caseEvents.resourceId, noteId)),
    outbox: await ctx.database.db.select().from(domainEvents).where(eq(domainEvents.resourceId, noteId)),
  })

  for (const idempotent of [false, true]) {
    it(`records each once${idempotent ? ' in the request transaction of an Idempotency-Key, and nothing more on the replay' : ''}`, async () => {
      const w = await world()
      const body = { notedOn: '2026-11-20', text: 'Colloquio con il datore di lavoro del tirocinio.' }
      const headers = idempotent ? { 'idempotency-key': `record-${Math.random().toString(36).slice(2)}` } : undefined
      const response = await inject(w.caseManager, 'POST', w.base, body, headers)
      expect(response.statusCode).toBe(201)
      const note = response.json()
      if (idempotent) expect((await inject(w.caseManager, 'POST', w.base, body, headers)).headers['idempotent-replayed']).toBe('true')
      const { notes, audit, events, outbox } = await recorded(note.id)
      expect(notes).toHaveLength(1)
      expect(audit).toMatchObject([{ actorUserId: w.caseManager.id, organisationId: w.theCase.municipalityId, resourceType: 'diary_note', changedFields: ['notedOn', 'text', 'visibility'] }])
      expect(events).toMatchObject([{ caseId: w.theCase.id, type: 'diary_note.created', audience: 'municipality', actorUserId: w.caseManager.id, resourceType: 'diary_note', data: { notedOn: '2026-11-20', visibility: 'normal' } }])
      // The outbox event is addressed to the municipality, carries no text, and belongs to the same transaction as the note.
      expect(outbox).toMatchObject([{ type: 'diary_note.created', resourceType: 'diary_note', caseId: w.theCase.id, ownerOrganisationId: w.theCase.municipalityId, audience: [w.theCase.municipalityId], data: {}, actorUserId: w.caseManager.id }])
      expect(JSON.stringify(outbox)).not.toContain('datore')
      // now() is the transaction's start: the same instant for the note, its event and its outbox row.
      expect(outbox[0]!.occurredAt).toEqual(notes[0]!.createdAt)
      expect(events[0]!.occurredAt).toEqual(notes[0]!.createdAt)
    })
  }

  it('keeps a restricted note\'s event off the outbox', async () => {
    const w = await world()
    const note = await write(w.caseManager, w.base, { visibility: 'restricted' }, { 'idempotency-key': `restricted-${Math.random().toString(36).slice(2)}` })
    const { audit, events, outbox } = await recorded(note.id)
    expect(audit).toHaveLength(1)
    expect(events).toMatchObject([{ audience: 'restricted' }])
    expect(outbox).toEqual([])
  })

  it('records nothing when the use case refuses the note in the request transaction, and the key stays free', async () => {
    const w = await world()
    await ctx.database.pool.query(`update cases set status = 'closed', closed_on = current_date, outcome = 'goals_met', closing_note = 'Chiuso' where id = $1`, [w.theCase.id])
    const before = await ctx.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, w.theCase.id))
    const key = `refused-${Math.random().toString(36).slice(2)}`
    const refused = await inject(w.caseManager, 'POST', w.base, { notedOn: '2026-11-20', text: 'Nota su un caso chiuso' }, { 'idempotency-key': key })
    expect(refused.statusCode).toBe(409)
    expect(refused.json().code).toBe('case-closed')
    expect(await ctx.database.db.select().from(diaryNotes).where(eq(diaryNotes.caseId, w.theCase.id))).toEqual([])
    expect(await ctx.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, w.theCase.id))).toEqual(before)
    expect(await ctx.database.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key))).toEqual([])
  })
})

describe('restricted notes', () => {
  it('shows a case manager\'s restricted note to its author and the coordinators, and hides it from a colleague on the case', async () => {
    const w = await world()
    const normal = await write(w.member, w.base)
    const restricted = await write(w.caseManager, w.base, { text: 'Riferisce una situazione familiare delicata.', visibility: 'restricted' })
    for (const reader of [w.caseManager, w.coordinator, w.secondCoordinator]) {
      expect((await inject(reader, 'GET', `${w.base}/${restricted.id}`)).statusCode).toBe(200)
      expect(await listIds(reader, w.base)).toEqual([restricted.id, normal.id])
    }
    expect((await inject(w.member, 'GET', `${w.base}/${restricted.id}`)).statusCode).toBe(404)
    expect((await inject(w.member, 'GET', `${w.base}/${restricted.id}/revisions`)).statusCode).toBe(404)
    expect(await listIds(w.member, w.base)).toEqual([normal.id])
    expect((await inject(w.member, 'GET', `${w.base}?visibility=restricted`)).json().items).toEqual([])
    expect((await edit(w.member, w.base, restricted, { text: 'X' })).statusCode).toBe(404)
  })

  it('hides a coordinator\'s restricted note from the assigned case manager and a colleague: 404 and absent from their lists', async () => {
    const w = await world()
    const restricted = await write(w.coordinator, w.base, { visibility: 'restricted' })
    for (const reader of [w.caseManager, w.member]) {
      expect((await inject(reader, 'GET', `${w.base}/${restricted.id}`)).statusCode).toBe(404)
      expect(await listIds(reader, w.base)).toEqual([])
    }
    expect(await listIds(w.secondCoordinator, w.base)).toEqual([restricted.id])
  })

  it('writes the timeline events of a restricted note with the restricted audience and never its text', async () => {
    const w = await world()
    const note = await write(w.caseManager, w.base, { text: 'Testo riservato', visibility: 'restricted' })
    await edit(w.caseManager, w.base, note, { text: 'Testo riservato corretto' })
    const events = await ctx.database.db.select().from(caseEvents).where(eq(caseEvents.resourceId, note.id))
    expect(events.map((e) => e.audience)).toEqual(['restricted', 'restricted'])
    expect(JSON.stringify(events.map((e) => e.data))).not.toContain('riservato')
  })

  it('keeps a revision that was restricted hidden from colleagues after the note is made normal', async () => {
    const w = await world()
    const note = await write(w.caseManager, w.base, { text: 'Versione riservata', visibility: 'restricted' })
    const opened = (await edit(w.caseManager, w.base, note, { text: 'Versione condivisibile', visibility: 'normal' })).json()
    await edit(w.caseManager, w.base, opened, { text: 'Versione finale' })
    expect((await inject(w.member, 'GET', `${w.base}/${note.id}`)).json()).toMatchObject({ text: 'Versione finale', visibility: 'normal' })
    const forMember = (await inject(w.member, 'GET', `${w.base}/${note.id}/revisions`)).json().items.map((r: Note) => r.text)
    expect(forMember).toEqual(['Versione condivisibile'])
    const forAuthor = (await inject(w.caseManager, 'GET', `${w.base}/${note.id}/revisions`)).json().items.map((r: Note) => r.text)
    expect(forAuthor).toEqual(['Versione condivisibile', 'Versione riservata'])
    const forCoordinator = (await inject(w.coordinator, 'GET', `${w.base}/${note.id}/revisions`)).json().items
    expect(forCoordinator).toHaveLength(2)
  })
})

describe('who sees the diary', () => {
  it('answers 404 on every route to a partner operator with an accepted referral, another municipality and an unassigned case manager', async () => {
    const w = await world()
    const note = await write(w.caseManager, w.base)
    for (const outsider of [w.partner, w.stranger, w.colleague]) {
      const responses = [
        await inject(outsider, 'GET', w.base),
        await inject(outsider, 'POST', w.base, { notedOn: '2026-11-20', text: 'X' }),
        await inject(outsider, 'GET', `${w.base}/${note.id}`),
        await edit(outsider, w.base, note, { text: 'X' }),
        await inject(outsider, 'GET', `${w.base}/${note.id}/revisions`),
      ]
      expect(responses.map((r) => r.statusCode)).toEqual([404, 404, 404, 404, 404])
    }
  })
})
