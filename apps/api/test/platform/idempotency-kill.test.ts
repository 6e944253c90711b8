/**
 * Idempotency-Key survives the death of the API process (issue 8 §2): a real API process is killed
 * with SIGKILL while an idempotent POST is at each step — the key locked before the write, the
 * write done but not committed, the write committed but the response not sent — and a retry with
 * the same key to another process then creates exactly one record and learns its id. Nothing is
 * left "in progress": the key's state lives in the killed process's transaction, which PostgreSQL
 * rolls back when the connection dies.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { computeTaxCode } from '@ponte/shared'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { idempotencyKeys, persons } from '../../src/db/schema/index.js'
import { useTestContext } from '../helpers/app.js'
import { createOrganisation, createUser, type TestUser } from '../helpers/factories.js'

// Each test starts an API process (tsx, the whole app): about a minute on a busy 2-core machine.
vi.setConfig({ testTimeout: 300_000 })
const ctx = useTestContext()
let coordinator: TestUser

beforeAll(async () => {
  const municipality = await createOrganisation(ctx.database.db, { kind: 'municipality' })
  coordinator = await createUser(ctx.app, ctx.database.db, [{ organisationId: municipality.id, roles: ['coordinator'] }])
})

const personsWith = async (taxCode: string) => ctx.database.db.select({ id: persons.id }).from(persons).where(eq(persons.taxCode, taxCode))
const storedKeys = async (key: string) => ctx.database.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key))

/** Starts an API process that halts idempotent requests at `step`; resolves once it listens. */
async function startProcess(step: 'locked' | 'beforeCommit' | 'afterCommit') {
  const databaseUrl = ctx.database.pool.options.connectionString!
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', path.join(import.meta.dirname, 'idempotent-process.ts'), databaseUrl, ctx.config.jwtSecret, step], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  let output = ''
  const waiters: { pattern: RegExp; resolve: (match: RegExpMatchArray) => void }[] = []
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString()
    for (const waiter of [...waiters]) {
      const match = output.match(waiter.pattern)
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve(match)
      }
    }
  })
  const said = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const match = output.match(pattern)
      if (match) return resolve(match)
      waiters.push({ pattern, resolve })
      void exited.then(() => reject(new Error(`the API process exited before saying ${pattern}`)))
    })
  const port = Number((await said(/listening (\d+)/))[1])
  return { child, exited, said, port }
}

/** Waits until PostgreSQL has noticed that the killed process's connection is gone. */
async function backendGone(pid: number) {
  await vi.waitFor(
    async () => {
      const { rows } = await ctx.database.pool.query('select 1 from pg_stat_activity where pid = $1', [pid])
      expect(rows).toEqual([])
    },
    { timeout: 120_000, interval: 50 },
  )
}

let serial = 0
function newPerson() {
  serial++
  const data = { givenName: 'Ermenegilda', familyName: 'Colombo', birthDate: '1981-05-20', sex: 'F' as const }
  return { body: { ...data, taxCode: computeTaxCode({ ...data, birthPlaceCode: `F${String(200 + serial).padStart(3, '0')}` }) }, key: `kill-${serial}-${Math.random().toString(36).slice(2)}` }
}

describe('the API process killed (SIGKILL) during an idempotent POST', () => {
  for (const step of ['locked', 'beforeCommit', 'afterCommit'] as const) {
    it(`at "${step}": the retry with the same key to another process answers 201 with the one record there is`, async () => {
      const { body, key } = newPerson()
      const api = await startProcess(step)
      const sent = fetch(`http://127.0.0.1:${api.port}/api/v1/persons`, {
        method: 'POST',
        headers: { ...coordinator.headers, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
      }).then(
        () => 'answered',
        () => 'no answer',
      )
      const pid = Number((await api.said(new RegExp(`at ${step} (\\d+)`)))[1])
      api.child.kill('SIGKILL')
      await api.exited
      expect(await sent).toBe('no answer')
      await backendGone(pid)

      const committed = await personsWith(body.taxCode)
      expect(committed).toHaveLength(step === 'afterCommit' ? 1 : 0)
      expect(await storedKeys(key)).toHaveLength(step === 'afterCommit' ? 1 : 0)

      const retry = await ctx.app.inject({ method: 'POST', url: '/api/v1/persons', headers: { ...coordinator.headers, 'idempotency-key': key }, payload: body })
      expect(retry.statusCode, retry.body).toBe(201)
      const created = await personsWith(body.taxCode)
      expect(created).toEqual([{ id: retry.json().id }])
      if (step === 'afterCommit') {
        expect(retry.headers['idempotent-replayed']).toBe('true')
        expect(retry.json().id).toBe(committed[0]!.id)
      }
    })
  }
})
