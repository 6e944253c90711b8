/**
 * The document tells integrators where If-Match is required, and the API keeps its word (issue 8
 * §5): every operation that documents 428 marks If-Match as a required header — except the few
 * whose If-Match is needed only to change what exists (creating needs none) — and a request to it
 * without If-Match answers 428 problem+json, before its body is looked at. Read from the served
 * document, so an operation is covered the day it is added.
 */
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestContext } from '../helpers/app.js'
import { createCase } from '../helpers/case-factories.js'
import { createOrganisation, createUser, type TestUser } from '../helpers/factories.js'

const ctx = useTestContext()

/** If-Match only to change what exists: documented optional, checked by the handler. */
const CONDITIONAL = ['recordGroupMemberOutcome', 'recordMeasureAttendance', 'recordPucAttendanceDay', 'recordPucAttendanceWeek', 'replacePersonSensitive']

interface Parameter {
  in: string
  name: string
  required?: boolean
}
interface Operation {
  method: string
  path: string
  operationId: string
  parameters: Parameter[]
  responses: Record<string, unknown>
}

let operations: Operation[] = []
let user: TestUser
let caseId: string

beforeAll(async () => {
  const db = ctx.database.db
  const municipality = await createOrganisation(db, { kind: 'municipality' })
  user = await createUser(ctx.app, db, [{ organisationId: municipality.id, roles: ['coordinator', 'case_manager', 'org_admin'] }])
  caseId = (await createCase(db, { municipalityId: municipality.id, caseManagerId: user.id, status: 'active' })).id
  const document = ctx.app.swagger() as unknown as { paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>> }
  operations = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), path, operationId: op.operationId, parameters: op.parameters ?? [], responses: op.responses })),
  )
})

const ifMatchOf = (op: Operation) => op.parameters.find((p) => p.in === 'header' && p.name.toLowerCase() === 'if-match')
const pathValue = (name: string) => (name === 'caseId' ? caseId : name === 'date' ? '2026-01-05' : name === 'month' ? '2026-01' : randomUUID())

describe('If-Match in the document and in the answers', () => {
  it('every operation answering 428 requires If-Match, except the conditional ones', () => {
    const with428 = operations.filter((op) => '428' in op.responses)
    expect(with428.length).toBeGreaterThan(40)
    const notRequired = with428.filter((op) => !ifMatchOf(op)?.required).map((op) => op.operationId)
    expect(notRequired.sort()).toEqual(CONDITIONAL)
    // And no operation requires If-Match without documenting the 428 it answers.
    expect(operations.filter((op) => ifMatchOf(op)?.required && !('428' in op.responses)).map((op) => op.operationId)).toEqual([])
  })

  it('a request without If-Match to each of them answers 428 problem+json', async () => {
    const failures: string[] = []
    for (const op of operations.filter((o) => ifMatchOf(o)?.required)) {
      const url = `/api/v1${op.path.replace(/\{(\w+)\}/g, (_, name: string) => pathValue(name))}`
      const hasBody = op.method !== 'DELETE'
      const response = await ctx.app.inject({
        method: op.method as 'PATCH',
        url,
        headers: { ...user.headers, ...(hasBody ? { 'content-type': op.method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' } : {}) },
        ...(hasBody ? { payload: '{}' } : {}),
      })
      const ok = response.statusCode === 428 && /^application\/problem\+json/.test(String(response.headers['content-type'])) && response.json().code === 'if-match-required'
      if (!ok) failures.push(`${op.method} ${op.path}: ${response.statusCode} ${response.body.slice(0, 120)}`)
    }
    expect(failures).toEqual([])
  })
})
