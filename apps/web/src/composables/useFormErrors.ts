/**
 * Errors of one form: the client's own checks and the API's problem, merged per field. A field's
 * error disappears as soon as the user edits it; what no field claims becomes the general alert.
 */
import { computed, ref, watch, type Ref } from 'vue'
import type { ApiError } from '../api/http'
import { problemMessage, splitFieldErrors, useMessages, type Message } from './messages'

export interface FormErrorOptions<F extends string> {
  /** Problems without a pointer that still concern one field, by code (e.g. a duplicate email → `email`). */
  fieldOfCode?: Partial<Record<string, F>>
}

export function useFormErrors<F extends string>(fields: readonly F[], problem: () => ApiError | null | undefined, options: FormErrorOptions<F> = {}) {
  const translate = useMessages()
  const clientErrors = ref({}) as Ref<Partial<Record<F, Message>>>
  const edited = ref(new Set<F>()) as Ref<Set<F>>

  // A new answer from the API shows all of its errors again.
  watch(problem, () => {
    edited.value = new Set()
  })

  const split = computed(() => {
    const current = problem()
    if (!current) return null
    const result = splitFieldErrors(current, fields)
    const field = current.code ? options.fieldOfCode?.[current.code] : undefined
    if (field && current.errors.length === 0) result.byField[field] ??= { keys: [], text: current.detail ?? current.title }
    return result
  })

  /** Translated error per field, for the field components. */
  const errors = computed(() => {
    const out: Partial<Record<F, string>> = {}
    for (const field of fields) {
      const m = clientErrors.value[field] ?? (edited.value.has(field) ? undefined : split.value?.byField[field])
      if (m) out[field] = translate(m)
    }
    return out
  })

  const hasFieldErrors = computed(() => Object.keys(errors.value).length > 0)

  /** The general message: the problem's own unless it only concerned this form's fields. */
  const generalMessage = computed<string | null>(() => {
    const current = problem()
    if (!current) return null
    const claimedByCode = current.code !== undefined && options.fieldOfCode?.[current.code] !== undefined
    const onlyFields = split.value !== null && split.value.rest.length === 0 && current.violations.length === 0 && ((current.errors.length > 0 && (current.status === 400 || current.status === 422)) || claimedByCode)
    if (onlyFields) return null
    const text = translate(problemMessage(current))
    const extra = [...(split.value?.rest ?? []).map((e) => e.detail), ...current.violations.map((v) => v.detail)].filter(Boolean)
    return extra.length > 0 ? `${text} ${extra.join(' ')}` : text
  })

  /** Replaces the client-side errors (after validating on submit); true when there are none. */
  function setClientErrors(next: Partial<Record<F, Message>>): boolean {
    clientErrors.value = next
    edited.value = new Set()
    return Object.keys(next).length === 0
  }

  /** The user changed a field: its error is no longer current. */
  function markEdited(field: F) {
    if (clientErrors.value[field]) {
      const rest = { ...clientErrors.value }
      delete rest[field]
      clientErrors.value = rest
    }
    edited.value = new Set([...edited.value, field])
  }

  return { errors, hasFieldErrors, generalMessage, setClientErrors, markEdited }
}
