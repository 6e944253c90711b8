import { eq } from 'drizzle-orm'
import { computeTaxCode } from '@ponte/shared'
import { describe, expect, it } from 'vitest'
import { persons } from '../../src/db/schema/index.js'
import { useTestContext } from '../helpers/app.js'
import { createOrganisation, createUser } from '../helpers/factories.js'

const ctx = useTestContext()
const db = () => ctx.database.db

let serial = 0
/** A distinct valid person: the birth date varies, so does the codice fiscale. */
function person(overrides: Record<string, unknown> = {}) {
  serial++
  const birthDate = `19${60 + (serial % 40)}-${String(1 + (serial % 12)).padStart(2, '0')}-${String(1 + (serial % 28)).padStart(2, '0')}`
  const data = { givenName: 'Nicola', familyName: `Brambilla`, birthDate, sex: 'M' as const }
  return { ...data, taxCode: computeTaxCode({ ...data, birthPlaceCode: `E${String(100 + (serial % 800)).padStart(3, '0')}` }), ...overrides }
}

async function municipality() {
  const org = await createOrganisation(db())
  const coordinator = await createUser(ctx.app, db(), [{ organisationId: org.id, roles: ['coordinator'] }])
  return { org, coordinator }
}

describe('importing persons', () => {
  it('answers each row of a mixed JSON import: created, duplicate (registered before or earlier in the file), invalid with its fields', async () => {
    const { org, coordinator } = await municipality()
    const existing = person()
    const first = await ctx.app.inject({ method: 'POST', url: '/api/v1/persons', headers: coordinator.headers, payload: existing })
    expect(first.statusCode, first.body).toBe(201)
    const fresh = person()
    const items = [fresh, existing, { ...fresh }, { givenName: 'Senza', familyName: 'Codice' }, person({ taxCode: 'BRMNCL85M12E507X' }), person({ colour: 'blu' })]
    const response = await ctx.app.inject({ method: 'POST', url: '/api/v1/persons/import', headers: coordinator.headers, payload: { items } })
    expect(response.statusCode, response.body).toBe(200)
    const result = response.json()
    expect(result).toMatchObject({ created: 1, duplicates: 2, invalid: 3 })
    expect(result.items.map((i: { outcome: string }) => i.outcome)).toEqual(['created', 'duplicate', 'duplicate', 'invalid', 'invalid', 'invalid'])
    expect(result.items[1].existingId).toBe(first.json().id)
    expect(result.items[2].existingId).toBe(result.items[0].id)
    expect(result.items[3].errors.map((e: { pointer: string }) => e.pointer)).toEqual(expect.arrayContaining(['/taxCode', '/birthDate', '/sex']))
    expect(result.items[4].errors[0].pointer).toBe('/taxCode')
    expect(result.items[5].errors[0].pointer).toBe('/colour')
    expect(await db().select().from(persons).where(eq(persons.municipalityId, org.id))).toHaveLength(2)
  })

  it('reads a CSV with Italian headers, semicolons and Italian dates', async () => {
    const { coordinator } = await municipality()
    const p = person()
    const [y, m, d] = p.birthDate.split('-')
    const csv = `Nome;Cognome;Codice fiscale;Data di nascita;Sesso;Telefono;Competenze\n${p.givenName};${p.familyName};${p.taxCode};${d}/${m}/${y};m;+39 341 000000;saldatura|muletto\nMario;Rossi;XXX;01/01/1980;M;;\n`
    const response = await ctx.app.inject({ method: 'POST', url: '/api/v1/persons/import', headers: { ...coordinator.headers, 'content-type': 'text/csv' }, payload: csv })
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json()).toMatchObject({ created: 1, invalid: 1 })
    const created = await ctx.app.inject({ method: 'GET', url: `/api/v1/persons/${response.json().items[0].id}`, headers: coordinator.headers })
    expect(created.json()).toMatchObject({ taxCode: p.taxCode, birthDate: p.birthDate, skills: ['saldatura', 'muletto'], contacts: { phone: '+39 341 000000' } })
  })

  it('runs a large import as a job whose progress and result the caller reads, and nobody else', async () => {
    const { org, coordinator } = await municipality()
    const items: Record<string, unknown>[] = Array.from({ length: 150 }, () => person())
    items[7] = { ...items[7]!, sex: 'X' }
    const started = await ctx.app.inject({ method: 'POST', url: '/api/v1/persons/import', headers: coordinator.headers, payload: { items } })
    expect(started.statusCode, started.body).toBe(202)
    expect(started.headers.location).toBe(`/api/v1/jobs/${started.json().id}`)
    expect(started.json()).toMatchObject({ kind: 'persons.import', status: 'running', total: 150 })
    let job = started.json()
    for (let attempt = 0; attempt < 600 && job.status === 'running'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      job = (await ctx.app.inject({ method: 'GET', url: started.headers.location as string, headers: coordinator.headers })).json()
      expect(job.processed).toBeLessThanOrEqual(150)
    }
    expect(job).toMatchObject({ status: 'completed', processed: 150, result: { created: 149, invalid: 1 } })
    expect(job.result.items[7]).toMatchObject({ index: 7, outcome: 'invalid' })
    expect(await db().select().from(persons).where(eq(persons.municipalityId, org.id))).toHaveLength(149)
    const other = await createUser(ctx.app, db(), [{ organisationId: org.id, roles: ['coordinator'] }])
    expect((await ctx.app.inject({ method: 'GET', url: started.headers.location as string, headers: other.headers })).statusCode).toBe(404)
  })

  it('refuses more than 1,000 rows and callers who may not register persons, importing nothing', async () => {
    const { coordinator } = await municipality()
    const tooMany = await ctx.app.inject({ method: 'POST', url: '/api/v1/persons/import', headers: coordinator.headers, payload: { items: Array.from({ length: 1001 }, () => ({})) } })
    expect(tooMany.statusCode).toBe(400)
    const cooperative = await createOrganisation(db(), { kind: 'cooperative' })
    const operator = await createUser(ctx.app, db(), [{ organisationId: cooperative.id, roles: ['operator'] }])
    const refused = await ctx.app.inject({ method: 'POST', url: '/api/v1/persons/import', headers: operator.headers, payload: { items: [person()] } })
    expect(refused.statusCode).toBe(403)
  })
})
