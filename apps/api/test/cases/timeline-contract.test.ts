/**
 * The timeline's contract: every event type is a schema of @ponte/shared (`CaseEvent`, discriminated
 * by `type`), every type is written by a real use case with exactly its data, served whole, and the
 * writer refuses what its type does not describe; stored rows of earlier versions still read.
 */
import { asc, eq, inArray } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { CASE_EVENT_TYPES } from '@ponte/shared'
import { caseEvents } from '../../src/db/schema/index.js'
import { daysFromTodayInItaly, todayInItaly } from '../../src/lib/dates.js'
import { caseEventDataValidator, recordCaseEvent } from '../../src/modules/cases/case-events.js'
import { useTestContext } from '../helpers/app.js'
import { createCase, createPerson } from '../helpers/case-factories.js'
import { createOrganisation, createUser, type TestUser } from '../helpers/factories.js'

const ctx = useTestContext()

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'

/** A request as `user`, answering its JSON body; fails the test on any status but the one expected. */
async function send(user: TestUser, method: Method, url: string, body?: object, version?: number, expected = method === 'POST' ? [200, 201] : [200, 204]) {
  const response = await ctx.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: {
      ...user.headers,
      ...(body === undefined ? {} : { 'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' }),
      ...(version === undefined ? {} : { 'if-match': `"${version}"` }),
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  })
  expect(expected, `${method} ${url}: ${response.statusCode} ${response.body}`).toContain(response.statusCode)
  return response.body ? response.json() : null
}

async function world() {
  const db = ctx.database.db
  const municipality = await createOrganisation(db, { kind: 'municipality' })
  const cooperative = await createOrganisation(db, { kind: 'cooperative', name: 'Cooperativa del contratto' })
  const coordinator = await createUser(ctx.app, db, [{ organisationId: municipality.id, roles: ['coordinator'] }])
  const caseManager = await createUser(ctx.app, db, [{ organisationId: municipality.id, roles: ['case_manager'] }])
  const colleague = await createUser(ctx.app, db, [{ organisationId: municipality.id, roles: ['case_manager'] }])
  const operator = await createUser(ctx.app, db, [{ organisationId: cooperative.id, roles: ['operator'] }])
  return { db, municipality, cooperative, coordinator, caseManager, colleague, operator }
}

/** Every event of a case as `user` reads it, page by page. */
async function timeline(user: TestUser, caseId: string) {
  const events: { id: string; type: string; data: Record<string, unknown>; [key: string]: unknown }[] = []
  let cursor: string | null = null
  do {
    const page: { items: typeof events; nextCursor: string | null } = await send(user, 'GET', `/cases/${caseId}/timeline?limit=7${cursor ? `&cursor=${cursor}` : ''}`)
    events.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return events
}

describe('the timeline contract', () => {
  it('writes every event type through the use cases, each with exactly its data, and serves it whole', async () => {
    const w = await world()
    const { coordinator: coord, caseManager: cm, operator } = w
    const today = todayInItaly()
    const person = await createPerson(w.db, { municipalityId: w.municipality.id })

    // The case: opened, edited, a colleague added and removed, moved on to active.
    const opened = await send(cm, 'POST', '/cases', { personId: person.id })
    const caseId: string = opened.id
    const base = `/cases/${caseId}`
    const caseVersion = async () => (await send(coord, 'GET', base)).version as number
    await send(cm, 'PATCH', base, { sourceNotes: 'Segnalata dal Centro per l\'Impiego' }, await caseVersion())
    const personRead = await send(cm, 'GET', `/persons/${person.id}`)
    await send(cm, 'PATCH', `/persons/${person.id}`, { educationNotes: 'Diploma di perito meccanico' }, personRead.version)
    await send(coord, 'PUT', `${base}/members/${w.colleague.id}`)
    await send(coord, 'DELETE', `${base}/members/${w.colleague.id}`, undefined, await caseVersion())
    for (const to of ['assessment', 'active']) await send(cm, 'POST', `${base}/transitions`, { to, reason: `Verso ${to}` }, await caseVersion())

    // An assessment: recorded, changed, signed.
    const assessment = await send(cm, 'POST', `${base}/assessments`, { kind: 'preliminary', assessedOn: today, notes: 'Primo colloquio' })
    const assessed = await send(cm, 'PATCH', `${base}/assessments/${assessment.id}`, { employabilityLevel: 'medium' }, assessment.version)
    await send(cm, 'POST', `${base}/assessments/${assessment.id}/sign`, {}, assessed.version)

    // Referrals: one rejected by the partner, one revoked by the municipality, one accepted (completed when the case closes).
    const refer = () => send(cm, 'POST', `${base}/referrals`, { partnerOrganisationId: w.cooperative.id, purpose: 'Accompagnamento al lavoro', consent: { date: today, scope: 'Profilo lavorativo' } })
    const rejected = await refer()
    await send(operator, 'POST', `/referrals/${rejected.id}/transitions`, { action: 'reject', reason: 'Nessun posto disponibile ora' }, rejected.version)
    const revoked = await refer()
    await send(cm, 'POST', `/referrals/${revoked.id}/transitions`, { action: 'revoke', reason: 'Invio sbagliato' }, revoked.version)
    const accepted = await refer()
    await send(operator, 'POST', `/referrals/${accepted.id}/transitions`, { action: 'accept' }, accepted.version)

    // The plan: created, edited, a partner commitment added and changed, submitted, returned, submitted, approved, signed.
    const plan = await send(cm, 'POST', `${base}/plans`, { objectives: [{ title: 'Tirocinio di reinserimento', expectedResult: 'Tre mesi di tirocinio' }] })
    await send(cm, 'PATCH', `${base}/plans/${plan.id}`, { notes: 'Concordato con la persona' }, plan.version)
    const commitment = await send(cm, 'POST', `${base}/plans/${plan.id}/commitments`, { who: 'partner', partnerOrganisationId: w.cooperative.id, what: 'Proporre due aziende', dueDate: daysFromTodayInItaly(10) })
    const changedCommitment = await send(cm, 'PATCH', `${base}/plans/${plan.id}/commitments/${commitment.id}`, { what: 'Proporre tre aziende' }, commitment.version)
    const act = async (user: TestUser, planId: string, body: object) => {
      const current = await send(cm, 'GET', `${base}/plans/${planId}`)
      return send(user, 'POST', `${base}/plans/${planId}/transitions`, body, current.version)
    }
    await act(cm, plan.id, { action: 'submit' })
    await act(coord, plan.id, { action: 'return', reason: 'Manca la data di verifica' })
    await act(cm, plan.id, { action: 'submit' })
    await act(coord, plan.id, { action: 'approve' })
    await act(cm, plan.id, { action: 'sign', signedOn: today })
    // The partner works on its commitment of the plan in force: met, with a progress note.
    await send(operator, 'PATCH', `${base}/plan-commitments/${commitment.id}`, { status: 'met', doneOn: today }, changedCommitment.version)
    await send(operator, 'POST', `${base}/plan-commitments/${commitment.id}/progress-notes`, { text: 'Primo colloquio in azienda svolto' })
    // A revision, signed in turn: the first version is superseded.
    const revision = await send(cm, 'POST', `${base}/plans/${plan.id}/revisions`)
    await act(cm, revision.id, { action: 'submit' })
    await act(coord, revision.id, { action: 'approve' })
    await act(cm, revision.id, { action: 'sign', signedOn: today })

    // Meetings: one planned, changed, moved and held; one missed; one cancelled.
    const meeting = await send(cm, 'POST', `${base}/meetings`, { date: today, startTime: '09:00' })
    const moved = await send(cm, 'PATCH', `${base}/meetings/${meeting.id}`, { location: 'Ufficio 2' }, meeting.version)
    const held = await send(cm, 'PATCH', `${base}/meetings/${meeting.id}`, { startTime: '08:30' }, moved.version)
    await send(cm, 'POST', `${base}/meetings/${meeting.id}/transitions`, { to: 'held', outcome: 'Colloquio svolto', evaluation: 4 }, held.version)
    const missed = await send(cm, 'POST', `${base}/meetings`, { date: today, startTime: '11:00' })
    await send(cm, 'POST', `${base}/meetings/${missed.id}/transitions`, { to: 'missed' }, missed.version)
    const cancelled = await send(cm, 'POST', `${base}/meetings`, { date: daysFromTodayInItaly(3), startTime: '10:00' })
    await send(cm, 'POST', `${base}/meetings/${cancelled.id}/transitions`, { to: 'cancelled', reason: 'La persona è malata' }, cancelled.version)

    // A restricted diary note, written and edited.
    const note = await send(cm, 'POST', `${base}/diary-notes`, { notedOn: today, text: 'Nota riservata', visibility: 'restricted' })
    await send(cm, 'PATCH', `${base}/diary-notes/${note.id}`, { text: 'Nota riservata, corretta' }, note.version)

    // Economic supports: one changed, approved for less and paid; one rejected.
    const support = { type: 'rent', amountCents: 90_000, periodFrom: today, periodTo: daysFromTodayInItaly(30) }
    const paid = await send(cm, 'POST', `${base}/economic-supports`, support)
    const changedSupport = await send(cm, 'PATCH', `${base}/economic-supports/${paid.id}`, { amountCents: 80_000 }, paid.version)
    const approved = await send(coord, 'POST', `${base}/economic-supports/${paid.id}/transitions`, { to: 'approved', approvedAmountCents: 60_000 }, changedSupport.version)
    await send(coord, 'POST', `${base}/economic-supports/${paid.id}/payment`, { paidOn: today }, approved.version)
    const refused = await send(cm, 'POST', `${base}/economic-supports`, support)
    await send(coord, 'POST', `${base}/economic-supports/${refused.id}/transitions`, { to: 'rejected', note: 'ISEE oltre la soglia' }, refused.version)

    // Reassigned, closed (the accepted referral is completed with it), reopened as a new episode.
    await send(coord, 'POST', `${base}/assignment`, { caseManagerId: w.colleague.id, reason: 'Redistribuzione dei casi' }, await caseVersion())
    await send(coord, 'POST', `${base}/transitions`, { to: 'closed', reason: 'Assunta', outcome: 'employed', note: 'Contratto a tempo indeterminato' }, await caseVersion())
    const reopened = await send(coord, 'POST', `${base}/reopen`, { reason: 'Il contratto è finito' })

    const served = [...(await timeline(coord, caseId)), ...(await timeline(coord, reopened.id))]
    const stored = await w.db.select().from(caseEvents).where(inArray(caseEvents.caseId, [caseId, reopened.id])).orderBy(asc(caseEvents.occurredAt), asc(caseEvents.id))

    // Every type of the contract was written, and nothing else: the union is what the code writes.
    expect([...new Set(served.map((e) => e.type))].sort()).toEqual([...CASE_EVENT_TYPES].sort())
    // Served whole: each event exactly as stored, its data valid for its type.
    expect(served.map((e) => e.id)).toEqual(stored.map((row) => row.id))
    for (const [index, event] of served.entries()) {
      const row = stored[index]!
      expect(Object.keys(event).sort(), event.type).toEqual(['actor', 'audience', 'data', 'id', 'occurredAt', 'resourceId', 'resourceType', 'type'])
      expect(event, event.type).toMatchObject({ type: row.type, audience: row.audience, resourceType: row.resourceType, resourceId: row.resourceId, occurredAt: row.occurredAt.toISOString() })
      expect(event.data, event.type).toEqual(row.data)
      expect(caseEventDataValidator(event.type)!.Check(event.data), event.type).toBe(true)
    }
    expect(served.find((e) => e.type === 'case.reassigned')!.data).toMatchObject({ from: { id: cm.id }, to: { id: w.colleague.id }, reason: 'Redistribuzione dei casi' })
    expect(served.find((e) => e.type === 'economic_support.approved')!.data).toMatchObject({ amountCents: 80_000, approvedAmountCents: 60_000 })
  })

  it('names every event type in the OpenAPI document: one schema each, mapped from the type by the discriminator', async () => {
    const document = (await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json()
    const union = document.components.schemas.CaseEvent
    expect(union.discriminator.propertyName).toBe('type')
    expect(Object.keys(union.discriminator.mapping)).toEqual([...CASE_EVENT_TYPES])
    expect(union.oneOf.map((o: { $ref: string }) => o.$ref)).toEqual(Object.values(union.discriminator.mapping))
    for (const [type, ref] of Object.entries(union.discriminator.mapping as Record<string, string>)) {
      const branch = document.components.schemas[ref.split('/').at(-1)!]
      expect(branch.properties.type.enum, type).toEqual([type])
      expect(branch.properties.data.additionalProperties, type).toBe(false)
    }
  })

  it('refuses to write data its type does not describe, and a type without a schema', async () => {
    const w = await world()
    const row = await createCase(w.db, { municipalityId: w.municipality.id, caseManagerId: w.caseManager.id })
    const event = { caseId: row.id, audience: 'municipality', actorUserId: w.caseManager.id } as const
    // @ts-expect-error the data of `case.opened` names the episode and the case manager
    await expect(recordCaseEvent(w.db, { ...event, type: 'case.opened', data: { episode: 1 } })).rejects.toThrow(/case\.opened: data does not match its schema \(.*caseManager/)
    // @ts-expect-error a field its type does not name
    await expect(recordCaseEvent(w.db, { ...event, type: 'case.updated', data: { changedFields: ['source'], source: 'school' } })).rejects.toThrow(/does not match its schema/)
    // @ts-expect-error a type the contract does not know
    await expect(recordCaseEvent(w.db, { ...event, type: 'case.archived', data: {} })).rejects.toThrow(/has no schema/)
    expect(await w.db.select().from(caseEvents).where(eq(caseEvents.caseId, row.id))).toEqual([])
  })

  it('reads rows written before: keys no schema names are dropped, optional fields may be missing, a row matching no schema is left out', async () => {
    const w = await world()
    const row = await createCase(w.db, { municipalityId: w.municipality.id, caseManagerId: w.caseManager.id })
    const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 9, minutes))
    const old = (type: string, data: Record<string, unknown>, minutes: number) =>
      w.db.insert(caseEvents).values({ caseId: row.id, type, audience: 'municipality', actorUserId: w.caseManager.id, resourceType: 'case', resourceId: row.id, data, occurredAt: at(minutes) }).returning({ id: caseEvents.id })
    await old('case.opened', { episode: 1, caseManager: { id: w.caseManager.id, name: 'Marco Rusconi' }, legacy: 'a key no schema names' }, 1)
    await old('case.status_changed', { from: 'intake', to: 'assessment' }, 2)
    const [unknownType] = await old('case.archived', {}, 3)
    const [incomplete] = await old('case.reassigned', { reason: 'Senza operatori' }, 4)
    await old('referral.accepted', { partnerOrganisation: { id: w.cooperative.id, name: null }, from: 'requested', to: 'accepted' }, 5)

    const events = await timeline(w.coordinator, row.id)
    expect(events.map((e) => e.type)).toEqual(['case.opened', 'case.status_changed', 'referral.accepted'])
    expect(events[0]!.data).toEqual({ episode: 1, caseManager: { id: w.caseManager.id, name: 'Marco Rusconi' } })
    expect(events[1]!.data).toEqual({ from: 'intake', to: 'assessment' })
    expect(events[2]!.data).toEqual({ partnerOrganisation: { id: w.cooperative.id, name: null }, from: 'requested', to: 'accepted' })
    expect(events.map((e) => e.id)).not.toContain(unknownType!.id)
    expect(events.map((e) => e.id)).not.toContain(incomplete!.id)
  })
})
