/**
 * The access register answers "who read Maria Brambilla's file?": entries name the person and the
 * case (for the auditor only, the showing audited), filter by person, user, action and period, and
 * export to CSV and XLSX with the same filters.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { AUDIT_ACTIONS } from '@ponte/shared'
import { and, eq, sql } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { auditLog } from '../../src/db/schema/index.js'
import { AUDIT_ACTION_WORDS } from '../../src/modules/audit/audit.documents.js'
import { listAuditEntries } from '../../src/modules/audit/audit.repository.js'
import { recordAudit } from '../../src/lib/audit.js'
import { useTestContext } from '../helpers/app.js'
import { createCase, createPerson } from '../helpers/case-factories.js'
import { createOrganisation, createUser, type TestUser } from '../helpers/factories.js'

const ctx = useTestContext()
const db = () => ctx.database.db
const entriesUrl = (organisationId: string) => `/api/v1/organisations/${organisationId}/audit-entries`
const list = (caller: TestUser, organisationId: string, query: Record<string, string> = {}) => ctx.app.inject({ method: 'GET', url: entriesUrl(organisationId), query, headers: caller.headers })
const exportAs = (caller: TestUser, organisationId: string, query: Record<string, string>) =>
  ctx.app.inject({ method: 'GET', url: `${entriesUrl(organisationId)}/export`, query, headers: caller.headers })

type Entry = { id: number; action: string; resourceType: string; resourceId: string | null; actor: { id: string; name: string } | null; subject: { person: { id: string; name: string }; case: { id: string; episode: number; openedOn: string } | null } | null }

/** A municipality where a case manager read Maria Brambilla's case timeline (through the API) and a colleague worked Luca Sala's case. */
async function municipalityWithTwoFiles() {
  const org = await createOrganisation(db())
  const auditor = await createUser(ctx.app, db(), [{ organisationId: org.id, roles: ['auditor'] }], { givenName: 'Dora', familyName: 'Pini' })
  const carlo = await createUser(ctx.app, db(), [{ organisationId: org.id, roles: ['case_manager'] }], { givenName: 'Carlo', familyName: 'Neri' })
  const bice = await createUser(ctx.app, db(), [{ organisationId: org.id, roles: ['case_manager'] }], { givenName: 'Bice', familyName: 'Rota' })
  const maria = await createPerson(db(), { municipalityId: org.id, givenName: 'Maria', familyName: 'Brambilla' })
  const luca = await createPerson(db(), { municipalityId: org.id, givenName: 'Luca', familyName: 'Sala' })
  const mariaCase = await createCase(db(), { municipalityId: org.id, caseManagerId: carlo.id, personId: maria.id, status: 'active', openedOn: '2026-09-14' })
  const lucaCase = await createCase(db(), { municipalityId: org.id, caseManagerId: bice.id, personId: luca.id, status: 'active' })
  const timeline = await ctx.app.inject({ method: 'GET', url: `/api/v1/cases/${mariaCase.id}/timeline`, headers: carlo.headers })
  expect(timeline.statusCode).toBe(200)
  const note = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/cases/${mariaCase.id}/diary-notes`,
    headers: { ...carlo.headers, 'idempotency-key': crypto.randomUUID() },
    payload: { notedOn: '2026-11-20', text: 'Colloquio telefonico', visibility: 'normal' },
  })
  expect(note.statusCode).toBe(201)
  const staff = (userId: string) => ({ actorUserId: userId, actorClientId: null, channel: 'staff' as const, requestId: 'req-test' })
  await recordAudit(db(), staff(bice.id), [
    { action: 'read', resourceType: 'case', resourceId: lucaCase.id, organisationId: org.id },
    { action: 'read', resourceType: 'person_sensitive', resourceId: luca.id, organisationId: org.id },
  ])
  return { org, auditor, carlo, bice, maria, luca, mariaCase, lucaCase, noteId: note.json().id as string }
}

describe('the access register names whose file each entry touched', () => {
  it('shows the auditor the person and the case of each entry, the user\'s name, and audits the names it showed', async () => {
    const { org, auditor, maria, mariaCase, carlo, luca } = await municipalityWithTwoFiles()
    const items = (await list(auditor, org.id)).json().items as Entry[]
    const timeline = items.find((e) => e.action === 'read_timeline')!
    expect(timeline).toMatchObject({
      actor: { id: carlo.id, name: 'Carlo Neri' },
      resourceType: 'case',
      subject: { person: { id: maria.id, name: 'Maria Brambilla' }, case: { id: mariaCase.id, episode: 1, openedOn: '2026-09-14' } },
    })
    const note = items.find((e) => e.resourceType === 'diary_note' && e.action === 'create')!
    expect(note.subject).toMatchObject({ person: { name: 'Maria Brambilla' }, case: { id: mariaCase.id } })
    const sensitive = items.find((e) => e.resourceType === 'person_sensitive')!
    expect(sensitive.subject).toEqual({ person: { id: luca.id, name: 'Luca Sala' }, case: null })
    const shown = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorUserId, auditor.id), eq(auditLog.action, 'audit_view')))
    expect(shown.map((e) => e.resourceId).sort()).toEqual([maria.id, luca.id].sort())
    expect(shown.every((e) => e.resourceType === 'person' && e.organisationId === org.id)).toBe(true)
  })

  it('filters by person: only that person\'s rows, whatever the record (case, diary note, person)', async () => {
    const { org, auditor, maria, luca } = await municipalityWithTwoFiles()
    const response = await list(auditor, org.id, { personId: maria.id })
    expect(response.statusCode).toBe(200)
    const items = response.json().items as Entry[]
    expect(items.length).toBeGreaterThanOrEqual(2)
    expect(items.every((e) => e.subject?.person.id === maria.id)).toBe(true)
    expect(items.map((e) => e.action)).toEqual(expect.arrayContaining(['read_timeline', 'create']))
    const lucas = (await list(auditor, org.id, { personId: luca.id })).json().items as Entry[]
    expect(lucas.map((e) => `${e.action} ${e.resourceType}`).sort()).toEqual(['read case', 'read person_sensitive'])
  })

  it('finds a person by a misspelt name ("brambila") and combines it with the user, action and period filters', async () => {
    const { org, auditor, maria, carlo, bice } = await municipalityWithTwoFiles()
    const byName = (await list(auditor, org.id, { q: 'brambila' })).json().items as Entry[]
    expect(byName.length).toBeGreaterThan(0)
    expect(byName.every((e) => e.subject?.person.id === maria.id)).toBe(true)
    const whoRead = (await list(auditor, org.id, { q: 'Brambilla', actorUserId: carlo.id, action: 'read_timeline' })).json().items as Entry[]
    expect(whoRead).toHaveLength(1)
    expect(whoRead[0]!.actor!.name).toBe('Carlo Neri')
    expect((await list(auditor, org.id, { q: 'Brambilla', actorUserId: bice.id })).json().items).toEqual([])
    const future = new Date(Date.now() + 3600_000).toISOString()
    expect((await list(auditor, org.id, { personId: maria.id, from: future })).json().items).toEqual([])
    expect((await list(auditor, org.id, { personId: 'not-a-uuid' })).statusCode).toBe(400)
    expect((await list(auditor, org.id, { q: 'b' })).statusCode).toBe(400)
  })

  it('answers a name many persons bear page by page the same, whether it reads the newest entries first or the records about the persons', async () => {
    const { org, maria, luca } = await municipalityWithTwoFiles()
    const others = await Promise.all(['Mariella Brambilla', 'Mario Brambilla', 'Maria Sala'].map((name) => createPerson(db(), { municipalityId: org.id, givenName: name.split(' ')[0]!, familyName: name.split(' ')[1]! })))
    const staff = { actorUserId: null, actorClientId: null, channel: 'staff' as const, requestId: 'req-test' }
    for (const person of [maria, ...others, luca, maria]) await recordAudit(db(), staff, [{ action: 'read', resourceType: 'person', resourceId: person.id, organisationId: org.id }])
    const pages = async (q: string, walk: { abovePersons: number; entries: number }) => {
      const ids: number[] = []
      let beforeId: number | null = null
      for (;;) {
        const rows = await listAuditEntries(db(), org.id, { q, beforeId, limit: 2 }, walk)
        ids.push(...rows.slice(0, 2).map((r) => r.row.id))
        if (rows.length <= 2) return ids
        beforeId = rows[1]!.row.id
      }
    }
    for (const q of ['brambilla', 'Brambila', 'maria brambilla']) {
      const byRecords = await pages(q, { abovePersons: Number.MAX_SAFE_INTEGER, entries: 3 })
      expect(byRecords.length, q).toBeGreaterThan(2)
      const subjects = await listAuditEntries(db(), org.id, { q, beforeId: null, limit: 100 }, { abovePersons: 0, entries: 3 })
      expect(subjects.every((r) => r.personName !== null && /brambill|maria/i.test(r.personName)), q).toBe(true)
      // Newest first, 3 entries read before falling back to the records; or the whole trail read newest first.
      expect(await pages(q, { abovePersons: 0, entries: 3 }), q).toEqual(byRecords)
      expect(await pages(q, { abovePersons: 0, entries: 1000 }), q).toEqual(byRecords)
    }
  })

  it('lists the users who appear in the trail, for the filter by user', async () => {
    const { org, auditor } = await municipalityWithTwoFiles()
    const response = await ctx.app.inject({ method: 'GET', url: `${entriesUrl(org.id)}/actors`, headers: auditor.headers })
    expect(response.statusCode).toBe(200)
    expect(response.json().items.map((u: { name: string }) => u.name)).toEqual(['Carlo Neri', 'Bice Rota'].sort((a, b) => a.split(' ')[1]!.localeCompare(b.split(' ')[1]!)))
  })
})

describe('exporting the access register', () => {
  it('exports the filtered rows to CSV, with the person, the user and the action in words', async () => {
    const { org, auditor, maria } = await municipalityWithTwoFiles()
    const response = await exportAs(auditor, org.id, { format: 'csv', personId: maria.id })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/^text\/csv/)
    expect(response.headers['content-disposition']).toMatch(/attachment; filename="registro-accessi-.*\.csv"/)
    const lines = response.body.replace(/^\uFEFF/, '').trim().split('\r\n')
    const header = lines[0]!.split(';')
    expect(header).toEqual(expect.arrayContaining(['Chi', 'Azione', 'Persona']))
    const rows = lines.slice(1).map((l) => l.split(';'))
    const person = header.indexOf('Persona')
    expect(rows.length).toBeGreaterThanOrEqual(2)
    expect(rows.every((r) => r[person] === 'Maria Brambilla')).toBe(true)
    const timeline = rows.find((r) => r[header.indexOf('Codice azione')] === 'read_timeline')!
    expect(timeline[header.indexOf('Chi')]).toBe('Carlo Neri')
    expect(timeline[header.indexOf('Azione')]).toBe('Lettura della cronologia del caso')
    const [exported] = await db().select().from(auditLog).where(and(eq(auditLog.actorUserId, auditor.id), eq(auditLog.action, 'export')))
    expect(exported).toMatchObject({ resourceType: 'audit_log', organisationId: org.id })
  })

  it('exports to an XLSX workbook that opens and holds the same rows', async () => {
    const { org, auditor, maria, carlo } = await municipalityWithTwoFiles()
    const listed = (await list(auditor, org.id, { actorUserId: carlo.id, personId: maria.id })).json().items as Entry[]
    const response = await exportAs(auditor, org.id, { format: 'xlsx', actorUserId: carlo.id, personId: maria.id })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer)
    const sheet = workbook.getWorksheet('Registro accessi')!
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1)
    expect(values(3)).toEqual(expect.arrayContaining(['N.', 'Chi', 'Azione', 'Persona']))
    const rows = Array.from({ length: sheet.rowCount - 3 }, (_, i) => values(i + 4))
    expect(rows.map((r) => r[0])).toEqual(listed.map((e) => e.id))
    expect(rows.every((r) => r[2] === 'Carlo Neri' && r[8] === 'Maria Brambilla')).toBe(true)
  })

  it('refuses a selection wider than an export holds with 422, never a file cut short', async () => {
    const { org, auditor } = await municipalityWithTwoFiles()
    await db().execute(sql`insert into audit_log (organisation_id, channel, action, resource_type) select ${org.id}::uuid, 'system', 'list', 'case' from generate_series(1, 10001)`)
    const response = await exportAs(auditor, org.id, { format: 'csv' })
    expect(response.statusCode).toBe(422)
    expect(response.json().violations[0]).toMatchObject({ rule: 'audit-export-max', limit: 10000 })
    expect((await exportAs(auditor, org.id, { format: 'csv', action: 'read_timeline' })).statusCode).toBe(200)
  })

  it('answers 404 to everyone but the organisation\'s auditor, for the export and the users too', async () => {
    const { org, mariaCase } = await municipalityWithTwoFiles()
    const coordinator = await createUser(ctx.app, db(), [{ organisationId: org.id, roles: ['coordinator', 'org_admin'] }])
    const otherAuditor = await createUser(ctx.app, db(), [{ organisationId: (await createOrganisation(db())).id, roles: ['auditor'] }])
    for (const caller of [coordinator, otherAuditor]) {
      expect((await exportAs(caller, org.id, { format: 'xlsx' })).statusCode).toBe(404)
      expect((await ctx.app.inject({ method: 'GET', url: `${entriesUrl(org.id)}/actors`, headers: caller.headers })).statusCode).toBe(404)
      expect((await list(caller, org.id, { personId: mariaCase.personId })).statusCode).toBe(404)
    }
    expect((await ctx.app.inject({ method: 'GET', url: `${entriesUrl(org.id)}/export?format=csv` })).statusCode).toBe(401)
  })
})

describe('every action in words', () => {
  /** The action codes the API's sources write to the trail. */
  function actionsWritten(): Set<string> {
    const found = new Set<string>()
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name)
        if (statSync(path).isDirectory()) walk(path)
        else if (path.endsWith('.ts')) {
          const text = readFileSync(path, 'utf8')
          for (const m of text.matchAll(/\baction: '([a-z_]+)'/g)) found.add(m[1]!)
          for (const m of text.matchAll(/auditRead\([^\n]*, '([a-z_]+)'\)/g)) found.add(m[1]!)
          for (const m of text.matchAll(/measureResponse\([^\n]*, '([a-z_]+)'\)/g)) found.add(m[1]!)
        }
      }
    }
    walk(join(import.meta.dirname, '../../src'))
    return found
  }

  it('lists every action the API writes in the contract, each with its words in the exports', () => {
    const written = actionsWritten()
    expect(written.size).toBeGreaterThan(20)
    expect(written).toContain('read_timeline')
    expect([...written].filter((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a))).toEqual([])
    for (const action of AUDIT_ACTIONS) expect(AUDIT_ACTION_WORDS[action]).toBeTruthy()
  })
})
