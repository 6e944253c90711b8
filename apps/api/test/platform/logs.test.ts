/** No personal data in logs: a failing query is logged with its SQL state and shape, never its values. */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import type { App } from '../../src/lib/fastify.js'
import { useTestContext } from '../helpers/app.js'

const ctx = useTestContext()
const NAME = 'Gianfranca Brambillasca'
const TAX_CODE = 'BRMGFR80A41E507Z'
const DIARY = 'ha raccontato del figlio in comunità'

let app: App
const lines: string[] = []

beforeAll(async () => {
  app = await buildApp({ config: { ...ctx.config, logLevel: 'info' }, database: ctx.database, closeDatabase: false, logStream: { write: (line) => void lines.push(line) } })
  // Three ways a query fails with personal data in it: the value quoted in PostgreSQL's message,
  // the values in the statement's parameters, the row in PostgreSQL's detail.
  app.post('/test/cast', async () => app.db.execute(sql`select ${NAME}::int`))
  app.post('/test/params', async () => app.db.execute(sql`select * from no_such_diary where tax_code = ${TAX_CODE} and body = ${DIARY}`))
  app.post('/test/detail', async () =>
    app.db.transaction(async (tx) => {
      await tx.execute(sql`create temporary table diary_probe (person text, tax_code text, body text not null) on commit drop`)
      await tx.execute(sql`insert into diary_probe values (${NAME}, ${TAX_CODE}, ${null})`)
    }),
  )
  await app.ready()
})
afterAll(async () => {
  await app?.close()
})

describe('logs of failing queries', () => {
  it('carry the SQL state and the statement\'s shape, never a name, a tax code or a note', async () => {
    for (const url of ['/test/cast', '/test/params', '/test/detail']) {
      const response = await app.inject({ method: 'POST', url })
      // 22P02 is refused as bad input (400, not logged); the others are unexpected (500, logged).
      expect([400, 500]).toContain(response.statusCode)
      expect(response.body).not.toContain(NAME)
      expect(response.body).not.toContain(TAX_CODE)
    }
    const log = lines.join('')
    expect(log).toContain('unexpected error')
    for (const code of ['42P01', '23502']) expect(log).toContain(`"code":"${code}"`)
    expect(log).toContain('insert into diary_probe values ($1, $2, $3)')
    expect(log).not.toContain(NAME)
    expect(log).not.toContain(NAME.split(' ')[1])
    expect(log).not.toContain(TAX_CODE)
    expect(log).not.toContain(DIARY)
    expect(log).not.toMatch(/Failing row|params:/)
  })
})
