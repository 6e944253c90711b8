/**
 * What every case-records tab repeats, once: the confirmation announced in the tab's frame
 * (CaseRecordsSection, focused so screen readers read it), a form that creates a record (one
 * Idempotency-Key per draft, kept when a submission fails so a retry is answered once, renewed and
 * the form emptied after a success), and a panel acting on one version of a record (opened with
 * focus on its heading, closed with focus back on the button that opened it, a new
 * Idempotency-Key each time it opens, the record read again after a 412). Each form may keep its
 * unsaved draft (useFormDraft): the tab names it with `draftKey`, the form keeps it, and a save
 * or a cancel here forgets it.
 */
import { computed, nextTick, ref, shallowRef, useTemplateRef, type ComputedRef, type Ref, type ShallowRef } from 'vue'
import { asApiError, newIdempotencyKey, type ApiError } from '../api/http'
import { discardDraft } from './useFormDraft'

/** Moves focus to the element with this id once the DOM shows it (ids, because panels open inside v-for items). */
export async function focusById(id: string): Promise<void> {
  await nextTick()
  document.getElementById(id)?.focus()
}

export interface RecordForm {
  problem: ShallowRef<ApiError | null>
  /** Bind as the form's `:key`: it changes after a success, so the form starts empty. */
  formKey: Ref<number>
  /** Sends the draft with its Idempotency-Key; answers the result, or undefined when it failed (then `problem` says why). */
  submit: <T>(send: (idempotencyKey: string) => Promise<T>) => Promise<T | undefined>
  /** The name of the form's unsaved draft (bind as the form's `draft-key`); null without one. */
  draftKey: ComputedRef<string | null>
}

export interface RecordPanel<P> {
  /** What the panel acts on (null when closed). */
  panel: ShallowRef<P | null>
  problem: ShallowRef<ApiError | null>
  /** Opens the panel on `next` and focuses its heading (`headingId`). */
  open: (next: P, headingId: string) => Promise<void>
  /** Closes it; focus goes back to `returnFocusTo` (the id of the button that opened it), if given. */
  close: (returnFocusTo?: string) => Promise<void>
  /** Sends the action with the panel's Idempotency-Key; on success closes the panel and answers the result, else sets `problem`. */
  submit: <T>(send: (idempotencyKey: string) => Promise<T>) => Promise<T | undefined>
  /** After a 412: reads the record again and answers it (the caller decides whether the panel stays open), else sets `problem`. */
  reload: <T>(read: () => Promise<T>) => Promise<T | undefined>
  /** The name of the open panel's unsaved draft (bind as its form's `draft-key`); null when closed or without one. */
  draftKey: ComputedRef<string | null>
}

export function useRecordTab() {
  /** The tab's CaseRecordsSection, which the template marks `ref="section"`. */
  const section = useTemplateRef<{ announce: (text: string | null) => Promise<void> }>('section')

  /** Shows `text` as the tab's confirmation and moves focus to it; null clears it. */
  const announce = async (text: string | null) => section.value?.announce(text)

  /** `draft` names the form's draft (e.g. `case:<id>:diary:new`), so it survives a change of tab or page until saved. */
  function useForm(draft?: () => string): RecordForm {
    const problem = shallowRef<ApiError | null>(null)
    const formKey = ref(0)
    const draftKey = computed(() => draft?.() ?? null)
    let idempotencyKey = newIdempotencyKey()
    async function submit<T>(send: (key: string) => Promise<T>): Promise<T | undefined> {
      problem.value = null
      try {
        const result = await send(idempotencyKey)
        idempotencyKey = newIdempotencyKey()
        // Saved: the draft is forgotten before the form starts again empty.
        discardDraft(draftKey.value)
        formKey.value += 1
        return result
      } catch (error) {
        problem.value = asApiError(error)
        return undefined
      }
    }
    return { problem, formKey, submit, draftKey }
  }

  /** `draft` names the draft of the form acting on `panel` (e.g. with the record's id and version); none without it. */
  function usePanel<P>(draft?: (panel: P) => string | null): RecordPanel<P> {
    const panel = shallowRef<P | null>(null)
    const problem = shallowRef<ApiError | null>(null)
    const draftKey = computed(() => (panel.value !== null && draft ? draft(panel.value) : null))
    let idempotencyKey = newIdempotencyKey()
    async function open(next: P, headingId: string) {
      panel.value = next
      problem.value = null
      idempotencyKey = newIdempotencyKey()
      void announce(null)
      await focusById(headingId)
    }
    /** An explicit cancel: the draft is forgotten too. */
    async function close(returnFocusTo?: string) {
      discardDraft(draftKey.value)
      panel.value = null
      problem.value = null
      if (returnFocusTo) await focusById(returnFocusTo)
    }
    async function submit<T>(send: (key: string) => Promise<T>): Promise<T | undefined> {
      problem.value = null
      try {
        const result = await send(idempotencyKey)
        discardDraft(draftKey.value)
        panel.value = null
        return result
      } catch (error) {
        problem.value = asApiError(error)
        return undefined
      }
    }
    async function reload<T>(read: () => Promise<T>): Promise<T | undefined> {
      try {
        const fresh = await read()
        problem.value = null
        idempotencyKey = newIdempotencyKey()
        return fresh
      } catch (error) {
        problem.value = asApiError(error)
        return undefined
      }
    }
    return { panel, problem, open, close, submit, reload, draftKey }
  }

  return { announce, useForm, usePanel }
}
