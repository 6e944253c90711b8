import { describe, expect, it } from 'vitest'
import { ApiError } from '../api/http'
import { fieldOfPointer, problemMessage, splitFieldErrors } from './messages'

const problem = (status: number, extra: Partial<ConstructorParameters<typeof ApiError>[0]> = {}, retryAfter: number | null = null) =>
  new ApiError({ type: 'x', title: 'Problem', status, ...extra }, retryAfter)

describe('problem messages', () => {
  it('maps a JSON pointer to the form field it names', () => {
    expect(fieldOfPointer('/password')).toBe('password')
    expect(fieldOfPointer('/roles/0')).toBe('roles')
    expect(fieldOfPointer('/a~1b')).toBe('a/b')
    expect(fieldOfPointer('/')).toBeNull()
    expect(fieldOfPointer('')).toBeNull()
  })

  it('splits field errors between the fields of a form and the rest', () => {
    const split = splitFieldErrors(
      problem(400, {
        errors: [
          { pointer: '/email', detail: 'bad', code: 'format' },
          { pointer: '/querystring/limit', detail: 'too big', code: 'maximum' },
        ],
      }),
      ['email', 'password'] as const,
    )
    expect(split.byField.email).toEqual({ keys: ['fieldErrors.byField.email.format', 'fieldErrors.byCode.format'], text: 'bad' })
    expect(split.byField.password).toBeUndefined()
    expect(split.rest).toEqual([{ pointer: '/querystring/limit', detail: 'too big', code: 'maximum' }])
  })

  it('chooses the general message by status and code, with the wait of a 429', () => {
    expect(problemMessage(problem(412)).keys).toEqual(['problems.stale'])
    expect(problemMessage(problem(0)).keys).toEqual(['problems.network'])
    expect(problemMessage(problem(429, {}, 120))).toEqual({ keys: ['problems.tooManyRequests'], params: { seconds: 120 } })
    expect(problemMessage(problem(409, { code: 'duplicate', detail: 'Esiste già.' }))).toEqual({ keys: [], text: 'Esiste già.' })
    expect(problemMessage(problem(409, { code: 'idempotency-key-reused' })).keys).toEqual(['problems.conflict.idempotency-key-reused', 'problems.conflict.default'])
    expect(problemMessage(problem(503, { instance: 'urn:ponte:request:r-42' }))).toEqual({ keys: ['problems.server'], params: { id: 'r-42' } })
  })
})
