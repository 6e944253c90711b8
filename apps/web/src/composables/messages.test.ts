import { describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { createAppContext, mountWithApp } from '../../test/helpers'
import { ApiError } from '../api/http'
import { fieldOfPointer, problemMessage, splitFieldErrors, useMessages, type Message } from './messages'

const problem = (status: number, extra: Partial<ConstructorParameters<typeof ApiError>[0]> = {}, retryAfter: number | null = null, language: 'it' | 'en' = 'it') =>
  new ApiError({ type: 'x', title: 'Problem', status, ...extra }, retryAfter, language)

/** The message as the app shows it in `locale`. */
function shown(m: Message, locale: 'it' | 'en') {
  const context = createAppContext()
  context.i18n.global.locale.value = locale
  let text = ''
  const Probe = defineComponent(() => {
    const translate = useMessages()
    text = translate(m)
    return () => h('p', text)
  })
  mountWithApp(Probe, context).unmount()
  return text
}

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
    expect(split.byField.email).toEqual({ keys: ['fieldErrors.byField.email.format', 'fieldErrors.byCode.format'], text: 'bad', textLanguage: 'it', otherwise: ['fieldErrors.otherLanguage.format', 'fieldErrors.byCode.invalid'] })
    expect(split.byField.password).toBeUndefined()
    expect(split.rest).toEqual([{ pointer: '/querystring/limit', detail: 'too big', code: 'maximum' }])
  })

  it('chooses the general message by status and code, with the wait of a 429', () => {
    expect(problemMessage(problem(412)).keys).toEqual(['problems.stale'])
    expect(problemMessage(problem(0)).keys).toEqual(['problems.network'])
    expect(problemMessage(problem(429, {}, 120))).toEqual({ keys: ['problems.tooManyRequests'], params: { seconds: 120 } })
    expect(problemMessage(problem(409, { code: 'duplicate', detail: 'Esiste già.' }))).toEqual({ keys: [], text: 'Esiste già.', textLanguage: 'it', otherwise: ['problems.conflict.duplicate', 'problems.conflict.default'] })
    expect(problemMessage(problem(409, { code: 'idempotency-key-reused' })).keys).toEqual(['problems.conflict.idempotency-key-reused', 'problems.conflict.default'])
    expect(problemMessage(problem(503, { instance: 'urn:ponte:request:r-42' }))).toEqual({ keys: ['problems.server'], params: { id: 'r-42' } })
  })

  it('shows the API\'s own detail only in the language chosen, else the message of its code (the API answers a domain rule in Italian)', () => {
    const closed = problem(409, { code: 'case-closed', detail: 'Il caso è chiuso: il suo progetto non si può più modificare.' })
    expect(shown(problemMessage(closed), 'it')).toBe('Il caso è chiuso: il suo progetto non si può più modificare.')
    expect(shown(problemMessage(closed), 'en')).toBe('The case is closed: it can no longer be changed (reopen it as a new episode to continue).')
    // A conflict without words of its own: the general one.
    expect(shown(problemMessage(problem(409, { code: 'something-new', detail: 'Qualcosa di nuovo.' })), 'en')).toBe('The operation conflicts with existing data.')
    expect(shown(problemMessage(problem(403, { detail: 'Solo l\'autore può modificare una nota del diario.' })), 'en')).toBe('Your role does not allow this action.')
    expect(shown(problemMessage(problem(422, { detail: 'Regola violata.' })), 'en')).toBe('The data breaks one or more rules.')
    // A field error of a domain rule: its Italian detail in Italian, the words of its code (or "not valid") in English.
    const field = (code: string) => splitFieldErrors(problem(422, { errors: [{ pointer: '/doneOn', detail: 'La data di svolgimento non può essere futura.', code }] }), ['doneOn'] as const).byField.doneOn!
    expect(shown(field('in_future'), 'it')).toBe('La data di svolgimento non può essere futura.')
    expect(shown(field('in_future'), 'en')).toBe('The date cannot be in the future.')
    expect(shown(field('something_new'), 'en')).toBe('The value is not valid.')
    // The API translated it (Content-Language: en): its own words, more precise.
    expect(shown(problemMessage(problem(403, { detail: 'Only the author may edit a diary note.' }, null, 'en')), 'en')).toBe('Only the author may edit a diary note.')
  })
})
