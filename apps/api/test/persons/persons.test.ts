import { computeTaxCode, omocodiaVariant } from '@ponte/shared'
import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog, caseEvents, persons } from '../../src/db/schema/index.js'
import * as repo from '../../src/modules/persons/persons.repository.js'
import { useTestContext } from '../helpers/app.js'
import { createCase, createPerson } from '../helpers/case-factories.js'
import { createOrganisation, createUser, type TestUser } from '../helpers/factories.js'

const ctx = useTestContext()

function call(user: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown, headers: Record<string, string> = {}) {
  return ctx.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { ...user.headers, ...(method === 'PATCH' ? { 'content-type': 'application/merge-patch+json' } : {}), ...headers },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  })
}

/** Nicolò Brambilla, born in Lecco on 12 August 1985: his data and his tax code. */
const nicolo = () => {
  const data = { givenName: 'Nicolò', familyName: 'Brambilla', birthDate: '1985-08-12', sex: 'M' as const }
  return { ...data, taxCode: computeTaxCode({ ...data, birthPlaceCode: 'E507' }) }
}

/** A municipality with a coordinator and a case manager. */
async function world() {
  const db = ctx.database.db
  const municipality = await createOrganisation(db, { kind: 'municipality' })
  const coordinator = await createUser(ctx.app, db, [{ organisationId: municipality.id, roles: ['coordinator'] }])
  const caseManager = await createUser(ctx.app, db, [{ organisationId: municipality.id, roles: ['case_manager'] }])
  return { db, municipality, coordinator, caseManager }
}

describe('registering a person', () => {
  it('creates the person with every optional field, answers 201 with ETag and Location, and audits the creation', async () => {
    const { db, municipality, caseManager } = await world()
    const response = await call(caseManager, 'POST', '/persons', {
      ...nicolo(),
      taxCode: ` ${nicolo().taxCode.toLowerCase()} `,
      birthPlace: 'Lecco',
      citizenship: 'italiana',
      residence: { municipality: 'Valmadrera', address: 'Via Roma 1' },
      contacts: { phone: '+39 0341 123456', email: 'nicolo@example.it' },
      educationLevel: 3,
      educationNotes: 'Diploma di qualifica professionale',
      languages: [{ language: 'it', level: 'native' }, { language: 'en', level: 'A2' }],
      drivingLicences: ['B'],
      skills: ['carrellista', 'magazzino'],
      availability: { hoursPerWeek: 30, days: ['monday', 'tuesday'], mobility: ['car'], notes: 'Non il sabato' },
      employmentStatus: 'unemployed',
      unemployedSince: '2025-03-01',
      didRegistered: true,
      didDate: '2025-03-10',
    })
    expect(response.statusCode).toBe(201)
    const body = response.json()
    expect(body).toMatchObject({
      municipalityId: municipality.id,
      view: 'full',
      permissions: { canUpdate: true, canReadSensitive: false },
      givenName: 'Nicolò',
      taxCode: nicolo().taxCode,
      residence: { municipality: 'Valmadrera', address: 'Via Roma 1' },
      contacts: { phone: '+39 0341 123456', email: 'nicolo@example.it' },
      languages: [{ language: 'it', level: 'native' }, { language: 'en', level: 'A2' }],
      availability: { hoursPerWeek: 30, days: ['monday', 'tuesday'], mobility: ['car'], notes: 'Non il sabato' },
      employmentStatus: 'unemployed',
      didRegistered: true,
      createdBy: caseManager.id,
      version: 1,
    })
    expect(response.headers.etag).toBe('"1"')
    expect(response.headers.location).toBe(`/api/v1/persons/${body.id}`)
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.resourceType, 'person'), eq(auditLog.resourceId, body.id)))
    expect(audits).toEqual([expect.objectContaining({ action: 'create', organisationId: municipality.id, actorUserId: caseManager.id })])
    expect(audits[0]!.changedFields).toEqual(expect.arrayContaining(['taxCode', 'givenName', 'residenceAddress', 'availability']))
  })

  it('refuses a tax code with a bad format, a wrong check character, another birth date or another sex with 422 naming /taxCode', async () => {
    const { caseManager } = await world()
    const person = nicolo()
    const cases: [Record<string, unknown>, string[]][] = [
      [{ taxCode: 'BRMNCL85M12' }, ['tax_code_format']],
      [{ taxCode: person.taxCode.slice(0, 15) + (person.taxCode[15] === 'A' ? 'B' : 'A') }, ['tax_code_check_character']],
      [{ birthDate: '1985-08-13' }, ['tax_code_birth_date']],
      [{ sex: 'F' }, ['tax_code_sex']],
      [{ birthDate: '1986-08-12', sex: 'F' }, ['tax_code_birth_date', 'tax_code_sex']],
    ]
    for (const [change, codes] of cases) {
      const response = await call(caseManager, 'POST', '/persons', { ...person, ...change })
      expect(response.statusCode, JSON.stringify(change)).toBe(422)
      const errors = response.json().errors as { pointer: string; code: string; detail: string }[]
      expect(errors.map((e) => e.code)).toEqual(codes)
      expect(errors.every((e) => e.pointer === '/taxCode' && /codice fiscale/i.test(e.detail))).toBe(true)
    }
  })

  it('refuses missing required fields and a birth date in the future', async () => {
    const { caseManager } = await world()
    const missing = await call(caseManager, 'POST', '/persons', { givenName: 'Nicolò', taxCode: nicolo().taxCode })
    expect(missing.statusCode).toBe(400)
    expect(missing.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual(expect.arrayContaining(['/familyName', '/birthDate', '/sex']))
    const data = { givenName: 'Futuro', familyName: 'Bambino', birthDate: '2099-01-01', sex: 'M' as const }
    const future = await call(caseManager, 'POST', '/persons', { ...data, taxCode: computeTaxCode({ ...data, birthPlaceCode: 'E507' }) })
    expect(future.statusCode).toBe(422)
    expect(future.json().errors).toEqual([expect.objectContaining({ pointer: '/birthDate' })])
  })

  it('accepts an omocodia variant, then answers 409 with existingId for its base code (and another variant) in the same municipality', async () => {
    const { db, caseManager, coordinator } = await world()
    const person = nicolo()
    const variant = omocodiaVariant(person.taxCode, 2)
    expect(variant).not.toBe(person.taxCode)
    const first = await call(caseManager, 'POST', '/persons', { ...person, taxCode: variant })
    expect(first.statusCode).toBe(201)
    expect(first.json().taxCode).toBe(variant)
    for (const taxCode of [person.taxCode, omocodiaVariant(person.taxCode, 5)]) {
      const duplicate = await call(coordinator, 'POST', '/persons', { ...person, givenName: 'Altro', taxCode })
      expect(duplicate.statusCode).toBe(409)
      expect(duplicate.json()).toMatchObject({ code: 'duplicate-tax-code', existingId: first.json().id })
    }
    // The database itself refuses a variant of a registered code.
    await expect(createPerson(db, { municipalityId: first.json().municipalityId, ...person, taxCode: person.taxCode })).rejects.toThrow()
  })

  it('registers one of two persons with the same tax code sent at the same time, and answers 409 with its id to the other', async () => {
    const { coordinator, caseManager } = await world()
    const responses = await Promise.all([call(coordinator, 'POST', '/persons', nicolo()), call(caseManager, 'POST', '/persons', { ...nicolo(), taxCode: omocodiaVariant(nicolo().taxCode, 1) })])
    const created = responses.find((r) => r.statusCode === 201)
    const refused = responses.find((r) => r.statusCode === 409)
    expect(created && refused).toBeTruthy()
    expect(refused!.json().existingId).toBe(created!.json().id)
  })

  it('registers the same tax code in another municipality', async () => {
    const a = await world()
    const b = await world()
    expect((await call(a.caseManager, 'POST', '/persons', nicolo())).statusCode).toBe(201)
    const other = await call(b.caseManager, 'POST', '/persons', nicolo())
    expect(other.statusCode).toBe(201)
    expect(other.json().municipalityId).toBe(b.municipality.id)
  })

  it('answers 403 to those who cannot register persons, and asks those who work in several municipalities which one', async () => {
    const { db, municipality } = await world()
    const cooperative = await createOrganisation(db, { kind: 'cooperative' })
    const operator = await createUser(ctx.app, db, [{ organisationId: cooperative.id, roles: ['operator', 'coordinator'] }])
    const facilitator = await createUser(ctx.app, db, [{ organisationId: municipality.id, roles: ['facilitator', 'puc_manager', 'auditor', 'org_admin'] }])
    for (const user of [operator, facilitator]) expect((await call(user, 'POST', '/persons', nicolo())).statusCode).toBe(403)

    const second = await createOrganisation(db, { kind: 'municipality' })
    const both = await createUser(ctx.app, db, [
      { organisationId: municipality.id, roles: ['case_manager'] },
      { organisationId: second.id, roles: ['coordinator'] },
    ])
    const unnamed = await call(both, 'POST', '/persons', nicolo())
    expect(unnamed.statusCode).toBe(400)
    expect(unnamed.json().errors).toEqual([expect.objectContaining({ pointer: '/municipalityId' })])
    const elsewhere = await createOrganisation(db, { kind: 'municipality' })
    expect((await call(both, 'POST', '/persons', { ...nicolo(), municipalityId: elsewhere.id })).statusCode).toBe(403)
    const named = await call(both, 'POST', '/persons', { ...nicolo(), municipalityId: second.id })
    expect(named.statusCode).toBe(201)
    expect(named.json()).toMatchObject({ municipalityId: second.id, permissions: { canReadSensitive: true } })
  })

  it('creates one person when a POST is retried with the same Idempotency-Key', async () => {
    const { db, municipality, caseManager } = await world()
    const headers = { 'idempotency-key': `register-${municipality.id}` }
    const first = await call(caseManager, 'POST', '/persons', nicolo(), headers)
    const retry = await call(caseManager, 'POST', '/persons', nicolo(), headers)
    expect(first.statusCode).toBe(201)
    expect(retry.statusCode).toBe(201)
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect(retry.json().id).toBe(first.json().id)
    expect(retry.headers.location).toBe(first.headers.location)
    const rows = await db.select().from(persons).where(eq(persons.municipalityId, municipality.id))
    expect(rows).toHaveLength(1)
  })
})

describe('the duplicate warning', () => {
  it('finds a person with the same names and birth date whatever the accents, case and order, and one with the same tax code', async () => {
    const { db, municipality, caseManager, coordinator } = await world()
    const existing = (await call(coordinator, 'POST', '/persons', nicolo())).json()
    await createPerson(db, { municipalityId: municipality.id, givenName: 'Nicolò', familyName: 'Brambilla', birthDate: '1990-01-01', sex: 'M' })
    const elsewhere = await world()
    await call(elsewhere.caseManager, 'POST', '/persons', nicolo())

    const byName = await call(caseManager, 'POST', '/persons/duplicates', { givenName: 'NICOLO', familyName: 'brambìlla ', birthDate: '1985-08-12' })
    expect(byName.statusCode).toBe(200)
    expect(byName.json()).toEqual({ items: [{ personId: existing.id, givenName: 'Nicolò', familyName: 'Brambilla', birthDate: '1985-08-12', sex: existing.sex, reason: 'name_and_birth_date', openCaseId: null }] })
    const swapped = await call(caseManager, 'POST', '/persons/duplicates', { givenName: 'Brambilla', familyName: 'Nicolo', birthDate: '1985-08-12' })
    expect(swapped.json().items).toHaveLength(1)

    const byTaxCode = await call(caseManager, 'POST', '/persons/duplicates', { givenName: 'Mario', familyName: 'Rossi', birthDate: '1970-01-01', taxCode: omocodiaVariant(nicolo().taxCode, 1) })
    expect(byTaxCode.json().items).toEqual([expect.objectContaining({ personId: existing.id, reason: 'tax_code' })])

    const none = await call(caseManager, 'POST', '/persons/duplicates', { givenName: 'Nicolò', familyName: 'Brambilla', birthDate: '1985-08-13' })
    expect(none.json().items).toEqual([])

    // The caseManager did not register the person and has no case of theirs, yet learns that they exist: that is the point.
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.resourceId, existing.id), eq(auditLog.action, 'duplicate_check')))
    expect(audits.length).toBeGreaterThanOrEqual(3)
    expect(audits.every((a) => a.actorUserId === caseManager.id && a.organisationId === municipality.id)).toBe(true)
  })

  it('finds "Maria Brambilla" for "Maria Brambila" born the same day, of the same sex, with her open case', async () => {
    const { db, municipality, caseManager, coordinator } = await world()
    const maria = await createPerson(db, { municipalityId: municipality.id, givenName: 'Maria', familyName: 'Brambilla', birthDate: '1979-04-03', sex: 'F' })
    const open = await createCase(db, { municipalityId: municipality.id, caseManagerId: coordinator.id, personId: maria.id, status: 'active' })

    const typo = await call(caseManager, 'POST', '/persons/duplicates', { givenName: 'Maria', familyName: 'Brambila', birthDate: '1979-04-03', sex: 'F' })
    expect(typo.statusCode).toBe(200)
    expect(typo.json().items).toEqual([{ personId: maria.id, givenName: 'Maria', familyName: 'Brambilla', birthDate: '1979-04-03', sex: maria.sex, reason: 'similar_name_and_birth_date', openCaseId: open.id }])
    // The sex is not known yet (the form asks it later): the similar name is enough.
    expect((await call(caseManager, 'POST', '/persons/duplicates', { givenName: 'maria', familyName: 'brambila', birthDate: '1979-04-03' })).json().items).toHaveLength(1)

    // Another sex, another birth date, or a name that is not close: nobody.
    expect((await call(caseManager, 'POST', '/persons/duplicates', { givenName: 'Maria', familyName: 'Brambila', birthDate: '1979-04-03', sex: 'M' })).json().items).toEqual([])
    expect((await call(caseManager, 'POST', '/persons/duplicates', { givenName: 'Maria', familyName: 'Brambila', birthDate: '1979-04-04', sex: 'F' })).json().items).toEqual([])
    expect((await call(caseManager, 'POST', '/persons/duplicates', { givenName: 'Giulia', familyName: 'Colombo', birthDate: '1979-04-03', sex: 'F' })).json().items).toEqual([])
  })

  it('finds a tax code equal but for the place of birth, and says an identical one (or an omocodia variant) is the same person', async () => {
    const { caseManager, coordinator } = await world()
    const existing = (await call(coordinator, 'POST', '/persons', nicolo())).json()
    const bornInMilan = computeTaxCode({ givenName: 'Nicolò', familyName: 'Brambilla', birthDate: '1985-08-12', sex: 'M', birthPlaceCode: 'F205' })
    expect(bornInMilan).not.toBe(nicolo().taxCode)

    // Another name typed, so only the tax code can match.
    const place = await call(caseManager, 'POST', '/persons/duplicates', { givenName: 'Nicola', familyName: 'Brambini', birthDate: '1985-08-12', taxCode: bornInMilan })
    expect(place.json().items).toEqual([expect.objectContaining({ personId: existing.id, reason: 'tax_code_place', openCaseId: null })])

    const same = await call(caseManager, 'POST', '/persons/duplicates', { givenName: 'Nicolò', familyName: 'Brambilla', birthDate: '1985-08-12', taxCode: nicolo().taxCode.toLowerCase() })
    expect(same.json().items).toEqual([expect.objectContaining({ personId: existing.id, reason: 'tax_code' })])
    const omocodia = await call(caseManager, 'POST', '/persons/duplicates', { givenName: 'Nicolò', familyName: 'Brambilla', birthDate: '1985-08-12', taxCode: omocodiaVariant(nicolo().taxCode, 2) })
    expect(omocodia.json().items).toEqual([expect.objectContaining({ personId: existing.id, reason: 'tax_code' })])
    // …which registering confirms: 409 with the same person.
    const refused = await call(caseManager, 'POST', '/persons', { ...nicolo(), taxCode: omocodiaVariant(nicolo().taxCode, 2) })
    expect(refused.statusCode).toBe(409)
    expect(refused.json().existingId).toBe(existing.id)

    // Another birth date in the tax code: not a near match.
    const otherDay = computeTaxCode({ givenName: 'Nicolò', familyName: 'Brambilla', birthDate: '1985-08-13', sex: 'M', birthPlaceCode: 'E507' })
    expect((await call(caseManager, 'POST', '/persons/duplicates', { givenName: 'Nicola', familyName: 'Brambini', birthDate: '1985-08-13', taxCode: otherDay })).json().items).toEqual([])
  })

  it('answers 403 to a partner operator', async () => {
    const { db } = await world()
    const cooperative = await createOrganisation(db, { kind: 'cooperative' })
    const operator = await createUser(ctx.app, db, [{ organisationId: cooperative.id, roles: ['operator'] }])
    expect((await call(operator, 'POST', '/persons/duplicates', { givenName: 'Nicolò', familyName: 'Brambilla', birthDate: '1985-08-12' })).statusCode).toBe(403)
  })
})

describe('searching persons', () => {
  it('finds by tax code in the body, whatever the case, spaces and omocodia, and audits each result', async () => {
    const { db, coordinator } = await world()
    const existing = (await call(coordinator, 'POST', '/persons', nicolo())).json()
    for (const taxCode of [nicolo().taxCode.toLowerCase(), ` ${nicolo().taxCode.slice(0, 8)} ${nicolo().taxCode.slice(8)}`, omocodiaVariant(nicolo().taxCode, 3)]) {
      const response = await call(coordinator, 'POST', '/persons/search', { taxCode })
      expect(response.statusCode).toBe(200)
      expect(response.json()).toEqual({
        items: [{ id: existing.id, municipalityId: existing.municipalityId, givenName: 'Nicolò', familyName: 'Brambilla', taxCode: nicolo().taxCode, birthDate: '1985-08-12', sex: 'M', match: 'tax_code', score: 1000, case: null }],
        nextCursor: null,
      })
    }
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.resourceId, existing.id), eq(auditLog.action, 'search')))
    expect(audits).toHaveLength(3)
    expect(audits[0]).toMatchObject({ resourceType: 'person', organisationId: existing.municipalityId, actorUserId: coordinator.id })
  })

  it('finds "Nicolò Brambilla" by a name with a typo and without accents, in either order, best match first', async () => {
    const { db, municipality, coordinator } = await world()
    const existing = (await call(coordinator, 'POST', '/persons', nicolo())).json()
    const cousin = await createPerson(db, { municipalityId: municipality.id, givenName: 'Mario', familyName: 'Brambilla' })
    await createPerson(db, { municipalityId: municipality.id, givenName: 'Giulia', familyName: 'Spreafico' })

    const typo = await call(coordinator, 'POST', '/persons/search', { name: 'Nicolo Brambila' })
    expect(typo.statusCode).toBe(200)
    const items = typo.json().items as { id: string; match: string; score: number }[]
    expect(items[0]).toMatchObject({ id: existing.id, match: 'name' })
    expect(items.map((i) => i.id)).not.toContain(undefined)
    expect(items.every((i, n) => n === 0 || i.score <= items[n - 1]!.score)).toBe(true)

    const reversed = await call(coordinator, 'POST', '/persons/search', { name: 'BRAMBILLA nicolo' })
    expect(reversed.json().items[0]).toMatchObject({ id: existing.id, score: 1000 })

    const familyOnly = await call(coordinator, 'POST', '/persons/search', { name: 'brambilla' })
    expect(familyOnly.json().items.map((i: { id: string }) => i.id).sort()).toEqual([existing.id, cousin.id].sort())

    const withBirthDate = await call(coordinator, 'POST', '/persons/search', { name: 'brambilla', birthDate: '1985-08-12' })
    expect(withBirthDate.json().items.map((i: { id: string }) => i.id)).toEqual([existing.id])

    const byBirthDate = await call(coordinator, 'POST', '/persons/search', { birthDate: '1985-08-12' })
    expect(byBirthDate.json().items).toEqual([expect.objectContaining({ id: existing.id, match: 'birth_date' })])
  })

  it('pages through results with limit and cursor in the body', async () => {
    const { db, municipality, coordinator } = await world()
    for (const givenName of ['Anna', 'Paolo', 'Luca']) await createPerson(db, { municipalityId: municipality.id, givenName, familyName: 'Fumagalli' })
    const first = await call(coordinator, 'POST', '/persons/search', { name: 'Fumagalli', limit: 2 })
    expect(first.json().items).toHaveLength(2)
    expect(first.json().nextCursor).toEqual(expect.any(String))
    const second = await call(coordinator, 'POST', '/persons/search', { name: 'Fumagalli', limit: 2, cursor: first.json().nextCursor })
    expect(second.json().items).toHaveLength(1)
    expect(second.json().nextCursor).toBeNull()
    const ids = [...first.json().items, ...second.json().items].map((i: { id: string }) => i.id)
    expect(new Set(ids).size).toBe(3)
    const broken = await call(coordinator, 'POST', '/persons/search', { name: 'Fumagalli', cursor: 'not-a-cursor' })
    expect(broken.statusCode).toBe(400)
  })

  it('refuses a search by nothing, by both tax code and name, or by a malformed tax code', async () => {
    const { coordinator } = await world()
    for (const body of [{}, { taxCode: nicolo().taxCode, name: 'Nicolò' }, { taxCode: 'ABC' }]) {
      const response = await call(coordinator, 'POST', '/persons/search', body)
      expect(response.statusCode, JSON.stringify(body)).toBe(400)
      expect(response.json().errors).toHaveLength(1)
    }
  })
})

describe('updating a person', () => {
  it('merges the patch, re-validates the tax code, audits the changed fields and notes them on the open case', async () => {
    const { db, municipality, caseManager } = await world()
    const created = (await call(caseManager, 'POST', '/persons', { ...nicolo(), residence: { municipality: 'Valmadrera', address: 'Via Roma 1' }, availability: { hoursPerWeek: 20, days: ['monday'] } })).json()
    const kase = await createCase(db, { municipalityId: municipality.id, caseManagerId: caseManager.id, personId: created.id })

    const response = await call(caseManager, 'PATCH', `/persons/${created.id}`, { residence: { address: 'Via Milano 2' }, availability: { mobility: ['bicycle'] }, contacts: { email: 'n.b@example.it' } }, { 'if-match': '"1"' })
    expect(response.statusCode).toBe(200)
    expect(response.headers.etag).toBe('"2"')
    expect(response.json()).toMatchObject({
      residence: { municipality: 'Valmadrera', address: 'Via Milano 2' },
      availability: { hoursPerWeek: 20, days: ['monday'], mobility: ['bicycle'], notes: null },
      contacts: { phone: null, email: 'n.b@example.it' },
      version: 2,
    })
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.resourceId, created.id), eq(auditLog.action, 'update')))
    expect(audit).toHaveLength(1)
    expect([...audit[0]!.changedFields!].sort()).toEqual(['availability', 'email', 'residenceAddress'])
    const events = await db.select().from(caseEvents).where(eq(caseEvents.caseId, kase.id))
    expect(events).toEqual([expect.objectContaining({ type: 'person.updated', audience: 'municipality', resourceId: created.id, data: { changedFields: audit[0]!.changedFields } })])

    const badSex = await call(caseManager, 'PATCH', `/persons/${created.id}`, { sex: 'F' }, { 'if-match': '"2"' })
    expect(badSex.statusCode).toBe(422)
    expect(badSex.json().errors).toEqual([expect.objectContaining({ pointer: '/taxCode', code: 'tax_code_sex' })])

    const unchanged = await call(caseManager, 'PATCH', `/persons/${created.id}`, { givenName: 'Nicolò', availability: { days: ['monday'] } }, { 'if-match': '"2"' })
    expect(unchanged.json().version).toBe(2)
  })

  it('answers 409 with existingId when the new tax code belongs to another person of the municipality', async () => {
    const { db, municipality, coordinator } = await world()
    const other = (await call(coordinator, 'POST', '/persons', nicolo())).json()
    const person = await createPerson(db, { municipalityId: municipality.id, givenName: 'Nicolò', familyName: 'Brambilla', birthDate: '1985-08-12', sex: 'M', taxCode: computeTaxCode({ ...nicolo(), birthPlaceCode: 'L581' }) })
    const response = await call(coordinator, 'PATCH', `/persons/${person.id}`, { taxCode: omocodiaVariant(nicolo().taxCode, 1) }, { 'if-match': '"1"' })
    expect(response.statusCode).toBe(409)
    expect(response.json().existingId).toBe(other.id)
  })

  it('gives a tax code to one of two persons changed to it at the same time, and answers 409 with its id to the other', async () => {
    const { db, municipality, coordinator } = await world()
    const data = { givenName: 'Nicolò', familyName: 'Brambilla', birthDate: '1985-08-12', sex: 'M' as const }
    const first = await createPerson(db, { municipalityId: municipality.id, ...data, taxCode: computeTaxCode({ ...data, birthPlaceCode: 'L581' }) })
    const second = await createPerson(db, { municipalityId: municipality.id, ...data, taxCode: computeTaxCode({ ...data, birthPlaceCode: 'F205' }) })
    const responses = await Promise.all(
      [first, second].map((p) => call(coordinator, 'PATCH', `/persons/${p.id}`, { taxCode: nicolo().taxCode }, { 'if-match': '"1"' })),
    )
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 409])
    const winner = responses.find((r) => r.statusCode === 200)!.json()
    expect(responses.find((r) => r.statusCode === 409)!.json().existingId).toBe(winner.id)
  })

  it('keeps the transaction usable when the unique index refuses a tax code taken meanwhile (the repository answers null)', async () => {
    const { db, municipality } = await world()
    const taken = await createPerson(db, { municipalityId: municipality.id, ...nicolo() })
    const other = await createPerson(db, { municipalityId: municipality.id })
    await db.transaction(async (tx) => {
      expect(await repo.updatePerson(tx, other.id, { taxCode: omocodiaVariant(nicolo().taxCode, 2) })).toBeNull()
      expect(await repo.findPersonIdByTaxCode(tx, municipality.id, nicolo().taxCode)).toBe(taken.id)
    })
  })

  it('needs If-Match (428), refuses a stale one (412), and of two concurrent edits with the same If-Match keeps one and refuses the other', async () => {
    const { db, municipality, coordinator, caseManager } = await world()
    const person = await createPerson(db, { municipalityId: municipality.id })
    await createCase(db, { municipalityId: municipality.id, caseManagerId: caseManager.id, personId: person.id })

    expect((await call(coordinator, 'PATCH', `/persons/${person.id}`, { skills: ['saldatura'] })).statusCode).toBe(428)
    expect((await call(coordinator, 'PATCH', `/persons/${person.id}`, { skills: ['saldatura'] }, { 'if-match': '"7"' })).statusCode).toBe(412)

    const [a, b] = await Promise.all([
      call(coordinator, 'PATCH', `/persons/${person.id}`, { skills: ['saldatura'] }, { 'if-match': '"1"' }),
      call(caseManager, 'PATCH', `/persons/${person.id}`, { educationLevel: 4 }, { 'if-match': '"1"' }),
    ])
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 412])
    const loser = a.statusCode === 412 ? { user: coordinator, patch: { skills: ['saldatura'] } } : { user: caseManager, patch: { educationLevel: 4 } }
    const current = await call(loser.user, 'GET', `/persons/${person.id}`)
    expect(current.json().version).toBe(2)
    const retried = await call(loser.user, 'PATCH', `/persons/${person.id}`, loser.patch, { 'if-match': current.headers.etag as string })
    expect(retried.statusCode).toBe(200)
    expect(retried.json()).toMatchObject({ skills: ['saldatura'], educationLevel: 4, version: 3 })
  })
})
