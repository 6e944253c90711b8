/**
 * Errors of one case-records form. Like composables/useFormErrors, but a field may be nested: the
 * pointer `/scores/work` belongs to the field `scores.work`, `/objectives/0/title` to
 * `objectives.0.title` (the deepest field named). Conflicts (409) and broken rules (422) are explained by their code
 * (`caseRecords.conflicts.<code>`), e.g. `case-closed` or `plan-signed`.
 */
import type { ProblemFieldError } from '@ponte/shared'
import { computed, ref, toValue, watch, type MaybeRefOrGetter, type Ref } from 'vue'
import type { ApiError } from '../api/http'
import { problemMessage, useMessages, type Message } from './messages'

/** The dotted path of a JSON pointer: `/objectives/0/title` → `objectives.0.title`. */
export function pathOfPointer(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.')
}

/** The field (of `fields`) an error belongs to: the one its path names, or the deepest one containing it. */
export function fieldOfError(error: ProblemFieldError, fields: readonly string[]): string | null {
  const path = pathOfPointer(error.pointer)
  if (!path) return null
  let best: string | null = null
  for (const field of fields) {
    if ((path === field || path.startsWith(`${field}.`)) && (best === null || field.length > best.length)) best = field
  }
  return best
}

/** The message of a field error: ours by code, the app's by field or code, else the API's detail. */
export function recordFieldErrorMessage(field: string, error: ProblemFieldError, language?: 'it' | 'en'): Message {
  const code = error.code ?? 'invalid'
  const last = field.split('.').at(-1) ?? field
  return {
    keys: [`caseRecords.fieldErrors.${code}`, `fieldErrors.byField.${last}.${code}`, `fieldErrors.byCode.${code}`],
    text: error.detail || undefined,
    // The API's detail in another language than the interface's: the words of its code, or "not valid".
    ...(language ? { textLanguage: language, otherwise: [`fieldErrors.otherLanguage.${code}`, 'fieldErrors.byCode.invalid'] } : {}),
  }
}

/** The general message of a problem; conflicts and broken rules (409, 422) by their code first. */
export function recordProblemMessage(problem: ApiError): Message {
  const base = problemMessage(problem)
  if ((problem.status === 409 || problem.status === 422) && problem.code) return { ...base, keys: [`caseRecords.conflicts.${problem.code}`, ...base.keys] }
  return base
}

export function useRecordFormErrors(fields: MaybeRefOrGetter<readonly string[]>, problem: () => ApiError | null | undefined) {
  const translate = useMessages()
  const clientErrors = ref({}) as Ref<Record<string, Message>>
  const edited = ref(new Set<string>()) as Ref<Set<string>>

  watch(problem, () => {
    edited.value = new Set()
  })

  const split = computed(() => {
    const current = problem()
    if (!current) return null
    const list = toValue(fields)
    const byField: Record<string, Message> = {}
    const rest: ProblemFieldError[] = []
    for (const error of current.errors) {
      const field = fieldOfError(error, list)
      if (field === null) rest.push(error)
      else byField[field] ??= recordFieldErrorMessage(field, error, current.language)
    }
    return { byField, rest }
  })

  /** Translated error per field. */
  const errors = computed(() => {
    const out: Record<string, string> = {}
    for (const field of toValue(fields)) {
      const m = clientErrors.value[field] ?? (edited.value.has(field) ? undefined : split.value?.byField[field])
      if (m) out[field] = translate(m)
    }
    return out
  })

  const generalMessage = computed<string | null>(() => {
    const current = problem()
    if (!current) return null
    const onlyFields = split.value !== null && split.value.rest.length === 0 && current.violations.length === 0 && current.errors.length > 0 && (current.status === 400 || current.status === 422)
    if (onlyFields) return null
    const text = translate(recordProblemMessage(current))
    const extra = [...(split.value?.rest ?? []).map((e) => e.detail), ...current.violations.map((v) => v.detail)].filter(Boolean)
    return extra.length > 0 ? `${text} ${extra.join(' ')}` : text
  })

  function setClientErrors(next: Record<string, Message>): boolean {
    clientErrors.value = next
    edited.value = new Set()
    return Object.keys(next).length === 0
  }

  function markEdited(field: string) {
    if (clientErrors.value[field]) {
      const rest = { ...clientErrors.value }
      delete rest[field]
      clientErrors.value = rest
    }
    edited.value = new Set([...edited.value, field])
  }

  return { errors, generalMessage, setClientErrors, markEdited }
}
