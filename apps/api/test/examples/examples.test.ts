/** The integrator's scripts in examples/, run against the real API on a port (HTTP, not inject). */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { computeTaxCode } from '@ponte/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { importPersonsFromCsv } from '../../../../examples/import-persons.js'
import { webhookReceiver, type WebhookEvent } from '../../../../examples/receive-webhooks.js'
import { syncReferredCases } from '../../../../examples/sync-referred-cases.js'
import { createApiClient } from '../helpers/api-clients.js'
import { useTestContext } from '../helpers/app.js'
import { createOrganisation, createUser } from '../helpers/factories.js'
import { act, closeCase, createPartnerWorld, newCase, refer } from '../helpers/partner-world.js'

const defaults = loadConfig({ LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv, { jwtSecret: 'x'.repeat(40) }).webhooks
const ctx = useTestContext({ webhooks: { ...defaults, enabled: true, dispatchIntervalMs: 100, pollingIntervalSeconds: 0.5 } })
let baseUrl = ''
let dir = ''
beforeAll(async () => {
  await ctx.app.listen({ port: 0, host: '127.0.0.1' })
  baseUrl = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}/api/v1`
  dir = await mkdtemp(path.join(tmpdir(), 'ponte-examples-'))
})

describe('examples/', () => {
  it('sync-referred-cases keeps the cooperative\'s referred cases in a file: in when accepted, out when revoked or closed, continuing from its cursor', async () => {
    const world = await createPartnerWorld(ctx)
    const credentials = { baseUrl, clientId: world.client.id, clientSecret: world.client.secret }
    const file = path.join(dir, 'referred-cases.json')
    const kept = await newCase(ctx, world)
    const revoked = await newCase(ctx, world)
    const closed = await newCase(ctx, world)
    const acceptedRevoked = await act(ctx.app, await world.system(), await refer(ctx.app, world, revoked.id), 'accept')
    await act(ctx.app, await world.system(), await refer(ctx.app, world, kept.id), 'accept')
    await act(ctx.app, await world.system(), await refer(ctx.app, world, closed.id), 'accept')

    const until = async (check: (cases: Record<string, { status: string; personId: string }>) => boolean) => {
      for (let attempt = 0; attempt < 200; attempt++) {
        const state = await syncReferredCases(credentials, file)
        if (check(state.cases)) return state
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      throw new Error(`the local file did not reach the expected state: ${await readFile(file, 'utf8')}`)
    }
    const first = await until((cases) => Object.keys(cases).length === 3)
    expect(first.cases[kept.id]).toMatchObject({ status: 'active', personId: kept.personId })

    await act(ctx.app, world.caseManager.headers, acceptedRevoked, 'revoke')
    await closeCase(ctx.app, world, closed.id)
    const second = await until((cases) => Object.keys(cases).length === 1)
    expect(Object.keys(second.cases)).toEqual([kept.id])
    expect(second.cursor).not.toBe(first.cursor)
    expect(JSON.parse(await readFile(file, 'utf8')).cursor).toBe(second.cursor)
  })

  it('receive-webhooks verifies and records each delivery once', async () => {
    const world = await createPartnerWorld(ctx)
    const events: WebhookEvent[] = []
    let arrived: () => void = () => {}
    const both = new Promise<void>((resolve) => (arrived = resolve))
    const secretHolder: { secret: string } = { secret: '' }
    const file = path.join(dir, 'events.jsonl')
    // The server starts before the subscription exists (its secret is set right after).
    const server = webhookReceiver('whsec_placeholder', file)
    server.removeAllListeners('request')
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ponte`
    const created = await ctx.app.inject({ method: 'POST', url: `/api/v1/organisations/${world.cooperative}/webhooks`, headers: await world.system(), payload: { url } })
    secretHolder.secret = created.json().secret
    const real = webhookReceiver(secretHolder.secret, file, (event) => {
      events.push(event)
      if (events.length === 2) arrived()
    })
    server.on('request', (req, res) => real.emit('request', req, res))
    try {
      const kase = await newCase(ctx, world)
      await act(ctx.app, await world.system(), await refer(ctx.app, world, kase.id), 'accept')
      await both
      expect(events.map((e) => e.type).sort()).toEqual(['referral.accepted', 'referral.requested'])
      const lines = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l))
      expect(lines).toHaveLength(2)
      // A forged delivery is refused.
      const forged = await fetch(url, { method: 'POST', headers: { 'webhook-id': 'x', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AAAA' }, body: '{}' })
      expect(forged.status).toBe(401)
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('import-persons sends a CSV as the municipality\'s system and reports each row', async () => {
    const org = await createOrganisation(ctx.database.db)
    const admin = await createUser(ctx.app, ctx.database.db, [{ organisationId: org.id, roles: ['org_admin'] }])
    const data = { givenName: 'Lucia', familyName: 'Mondella', birthDate: '1986-04-02', sex: 'F' as const }
    const taxCode = computeTaxCode({ ...data, birthPlaceCode: 'E507' })
    const file = path.join(dir, 'persons.csv')
    await writeFile(file, `Nome;Cognome;Codice fiscale;Data di nascita;Sesso\nLucia;Mondella;${taxCode};02/04/1986;F\nRenzo;Tramaglino;NOTACODE;01/01/1985;M\n`)
    const client = await createApiClient(ctx.app, admin, org.id, { scopes: ['persons:write'] })
    const credentials = { baseUrl, clientId: client.id, clientSecret: client.secret }
    const result = await importPersonsFromCsv(credentials, file)
    expect(result).toMatchObject({ created: 1, duplicates: 0, invalid: 1 })
    expect(result.items[1]!.errors![0]!.pointer).toBe('/taxCode')
    // The same file again: nothing is registered twice.
    const again = await importPersonsFromCsv(credentials, file)
    expect(again.items[0]).toMatchObject({ outcome: 'duplicate', existingId: result.items[0]!.id })

    // A file of 150 rows runs as a job, followed to its end.
    const rows = Array.from({ length: 150 }, (_, i) => {
      const person = { givenName: 'Persona', familyName: `Prova`, birthDate: `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`, sex: 'M' as const }
      return `${person.givenName};${person.familyName};${computeTaxCode({ ...person, birthPlaceCode: `F${String(100 + i).padStart(3, '0')}` })};${person.birthDate};M`
    })
    const big = path.join(dir, 'many.csv')
    await writeFile(big, `Nome;Cognome;Codice fiscale;Data di nascita;Sesso\n${rows.join('\n')}\n`)
    const progress: number[] = []
    const many = await importPersonsFromCsv(credentials, big, (processed) => progress.push(processed))
    expect(many.created).toBe(150)
    expect(progress.length).toBeGreaterThan(0)
  })
})

afterAll(async () => {
  await ctx.app.close()
})
