import { beforeAll, describe, expect, it } from 'vitest'
import { useTestContext } from '../helpers/app.js'
import { createMediationWorld, newVatNumber, registerCompany, type MediationWorld } from './mediation-world.js'

const ctx = useTestContext()
let world: MediationWorld

beforeAll(async () => {
  world = await createMediationWorld(ctx.app, ctx.database.db)
})

const importJson = (items: object[], user = world.operator) => ctx.app.inject({ method: 'POST', url: '/api/v1/companies/import', headers: user.headers, payload: { items } })
const importCsv = (csv: string, user = world.operator) => ctx.app.inject({ method: 'POST', url: '/api/v1/companies/import', headers: { ...user.headers, 'content-type': 'text/csv' }, payload: csv })

describe('importing companies', () => {
  it('answers per row: created, duplicate of a registered or an earlier row, invalid with every problem', async () => {
    const existing = await registerCompany(ctx.app, world.operator)
    const existingVat = (await ctx.app.inject({ method: 'GET', url: `/api/v1/companies/${existing.id}`, headers: world.operator.headers })).json().vatNumber
    const fresh = newVatNumber()
    const repeated = newVatNumber()
    const wrong = `${fresh.slice(0, 10)}${(Number(fresh[10]) + 1) % 10}`
    const response = await importJson([
      { name: 'Nuova Meccanica S.r.l.', vatNumber: fresh, atecoCode: '25.62.00', employees: 12, municipality: 'Lecco' },
      { name: 'Già registrata', vatNumber: existingVat },
      { name: 'Partita IVA errata', vatNumber: wrong },
      { name: 'Ripetuta', vatNumber: repeated },
      { name: 'Ripetuta di nuovo', vatNumber: repeated },
      { vatNumber: newVatNumber(), employees: 'molti' },
      { name: 'Senza partita IVA', municipality: 'Civate' },
    ])
    expect(response.statusCode).toBe(200)
    const result = response.json()
    expect(result).toMatchObject({ created: 3, duplicates: 2, invalid: 2 })
    const [created, duplicate, invalid, first, again, broken, plain] = result.items
    expect(created).toMatchObject({ index: 0, outcome: 'created', id: expect.any(String) })
    expect(duplicate).toEqual({ index: 1, outcome: 'duplicate', existingId: existing.id })
    expect(invalid).toMatchObject({ index: 2, outcome: 'invalid', errors: [{ pointer: '/vatNumber', code: 'vat_number_check_digit' }] })
    expect(first.outcome).toBe('created')
    expect(again).toEqual({ index: 4, outcome: 'duplicate', existingId: first.id })
    expect(broken.outcome).toBe('invalid')
    expect(broken.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/employees', '/name'])
    expect(plain.outcome).toBe('created')
    const read = await ctx.app.inject({ method: 'GET', url: `/api/v1/companies/${created.id}`, headers: world.coordinator.headers })
    expect(read.json()).toMatchObject({ name: 'Nuova Meccanica S.r.l.', relationshipStatus: 'prospect', ownerOrganisation: { id: world.cooperative }, obligations: { internsHostableAtOnce: 2 } })
  })

  it('registers a CSV file for the organisation named in the query, refusing one where the caller does not edit companies', async () => {
    const csv = `name;vatNumber\nOfficina per il proprietario;${newVatNumber()}\n`
    const refused = await ctx.app.inject({ method: 'POST', url: `/api/v1/companies/import?ownerOrganisationId=${world.municipality}`, headers: { ...world.operator.headers, 'content-type': 'text/csv' }, payload: csv })
    expect(refused.statusCode).toBe(403)
    const bad = await ctx.app.inject({ method: 'POST', url: '/api/v1/companies/import?ownerOrganisationId=not-a-uuid', headers: { ...world.operator.headers, 'content-type': 'text/csv' }, payload: csv })
    expect(bad.statusCode).toBe(400)
    const response = await ctx.app.inject({ method: 'POST', url: `/api/v1/companies/import?ownerOrganisationId=${world.cooperative}`, headers: { ...world.operator.headers, 'content-type': 'text/csv' }, payload: csv })
    expect(response.statusCode).toBe(200)
    const created = response.json().items[0]
    const company = (await ctx.app.inject({ method: 'GET', url: `/api/v1/companies/${created.id}`, headers: world.operator.headers })).json()
    expect(company.ownerOrganisation.id).toBe(world.cooperative)
  })

  it('reads a CSV file with semicolons, quotes and Italian headers', async () => {
    const vat = newVatNumber()
    const csv = [
      'Ragione sociale;Partita IVA;Codice ATECO;Dipendenti;Comune;Provincia;Cooperativa B',
      `"Pulizie ""Il Faro"" Soc. Coop.";${vat};81.21.00;23;Valmadrera;lc;sì`,
      'Errata;12345678901;;;;;',
      '',
    ].join('\r\n')
    const response = await importCsv(csv)
    expect(response.statusCode).toBe(200)
    const result = response.json()
    expect(result).toMatchObject({ created: 1, duplicates: 0, invalid: 1 })
    const company = (await ctx.app.inject({ method: 'GET', url: `/api/v1/companies/${result.items[0].id}`, headers: world.operator.headers })).json()
    expect(company).toMatchObject({ name: 'Pulizie "Il Faro" Soc. Coop.', vatNumber: vat, atecoCode: '81.21.00', employees: 23, province: 'LC', isTypeBCooperative: true })
    expect(result.items[1]).toMatchObject({ index: 1, outcome: 'invalid', errors: [{ pointer: '/vatNumber' }] })
  })

  it('refuses more than 1,000 rows (400) and callers who do not register companies (403)', async () => {
    const rows = Array.from({ length: 1001 }, (_, i) => ({ name: `Azienda ${i}` }))
    expect((await importJson(rows)).statusCode).toBe(400)
    expect((await importJson([{ name: 'Azienda' }], world.caseManager)).statusCode).toBe(403)
  })
})
