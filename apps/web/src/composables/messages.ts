/**
 * Turns API problems into messages for people: a field error becomes an Italian (or English)
 * sentence next to its field, everything else a general message. Messages are descriptors
 * translated at display time, so switching language re-translates what is on screen.
 */
import type { ProblemFieldError } from '@ponte/shared'
import { useI18n } from 'vue-i18n'
import type { ApiError } from '../api/http'

/** The first of `keys` that exists in the messages, else `text`, else the last key. */
export interface Message {
  keys: string[]
  params?: Record<string, unknown>
  text?: string | undefined
  /** The language `text` is in (an API problem's Content-Language); in another language, `otherwise` is shown instead. */
  textLanguage?: 'it' | 'en'
  /** Keys shown when `text` is not in the interface's language (the first that exists). */
  otherwise?: string[]
}

/**
 * A text kept to be shown later (a success notice, a form's error), translated each time it is
 * shown: `() => t('…')`. Keeping the translated string instead would stay in the language it was
 * made in after the user switches language.
 */
export type LazyText = () => string

export const message = (key: string, params?: Record<string, unknown>): Message => ({ keys: [key], ...(params ? { params } : {}) })

/** The form field a JSON pointer points at: `/password` → `password`, `/roles/0` → `roles`. */
export function fieldOfPointer(pointer: string): string | null {
  const first = pointer.split('/')[1]
  if (first === undefined || first === '') return null
  return first.replace(/~1/g, '/').replace(/~0/g, '~')
}

/**
 * The message for one field error: by field and code, by code, else the API's own detail — when it
 * is in the interface's language; else the words of its code (`fieldErrors.otherLanguage`), or the
 * general "not valid".
 */
export function fieldErrorMessage(field: string, error: ProblemFieldError, language?: 'it' | 'en'): Message {
  const code = error.code ?? 'invalid'
  return {
    keys: [`fieldErrors.byField.${field}.${code}`, `fieldErrors.byCode.${code}`],
    text: error.detail || undefined,
    ...(language ? { textLanguage: language, otherwise: [`fieldErrors.otherLanguage.${code}`, 'fieldErrors.byCode.invalid'] } : {}),
  }
}

/** Splits a problem's `errors[]` into the fields of a form and the rest. */
export function splitFieldErrors<F extends string>(problem: ApiError, fields: readonly F[]) {
  const byField: Partial<Record<F, Message>> = {}
  const rest: ProblemFieldError[] = []
  for (const error of problem.errors) {
    const field = fieldOfPointer(error.pointer)
    if (field !== null && (fields as readonly string[]).includes(field)) {
      byField[field as F] ??= fieldErrorMessage(field, error, problem.language)
    } else {
      rest.push(error)
    }
  }
  return { byField, rest }
}

/**
 * The general message of a problem, by status and code; the API's detail when nothing more precise
 * is known and it is in the interface's language (a domain rule's detail is Italian: in English the
 * code's own message is shown instead).
 */
export function problemMessage(problem: ApiError): Message {
  const detail = problem.detail
  const code = problem.code ?? ''
  const apiText = (otherwise: string[]): Message => ({ keys: [], text: detail, textLanguage: problem.language, otherwise })
  switch (problem.status) {
    case 0:
      return message('problems.network')
    case 401:
      return message('problems.unauthorized')
    case 403:
      return detail ? apiText(['problems.forbidden']) : message('problems.forbidden')
    case 404:
      return message('problems.notFound')
    case 409:
      // The API's detail names what conflicts (the email, the tax code…): more precise than a generic text.
      return detail ? apiText([`problems.conflict.${code}`, 'problems.conflict.default']) : { keys: [`problems.conflict.${code}`, 'problems.conflict.default'] }
    case 412:
      return message('problems.stale')
    case 428:
      return message('problems.preconditionRequired')
    case 422:
      return detail ? apiText([`problems.unprocessable.${code}`, 'problems.unprocessable.default']) : message('problems.unprocessable.default')
    case 429:
      return problem.retryAfterSeconds !== null ? message('problems.tooManyRequests', { seconds: problem.retryAfterSeconds }) : message('problems.tooManyRequestsLater')
    default:
      if (problem.status >= 500) return message('problems.server', { id: problem.instance?.split(':').pop() ?? '' })
      if (problem.status === 400) return { keys: [`problems.badRequest.${code}`, 'problems.badRequest.default'] }
      return { keys: [], text: detail ?? problem.title }
  }
}

/** Translates message descriptors with the active language. */
export function useMessages() {
  const { t, te, locale } = useI18n()
  const waitText = (seconds: number) => (seconds >= 90 ? t('time.minutes', Math.ceil(seconds / 60)) : t('time.seconds', Math.max(1, seconds)))
  return (m: Message): string => {
    const params: Record<string, unknown> = { ...m.params }
    if (typeof params.seconds === 'number') params.wait = waitText(params.seconds)
    const key = m.keys.find((k) => te(k))
    if (key) return t(key, params)
    if (m.text && (!m.textLanguage || m.textLanguage === locale.value)) return m.text
    const otherwise = m.otherwise?.find((k) => te(k))
    if (otherwise) return t(otherwise, params)
    if (m.text) return m.text
    const last = m.keys.at(-1)
    return last ? t(last, params) : ''
  }
}
