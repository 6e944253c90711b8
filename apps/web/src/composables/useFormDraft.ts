/**
 * Unsaved drafts of forms: what the user typed and has not saved yet is kept in sessionStorage
 * (never on the server) per form and per user, so switching tab or page — or signing in again after
 * the session expired — brings it back; a save or an explicit cancel clears it. The forms open on
 * the page with changes are counted, so leaving the page (router guard) or the app (`beforeunload`)
 * asks first. Sign-out clears every draft: the next user of the browser never sees them.
 */
import { computed, onBeforeUnmount, reactive, ref, toValue, watch, type MaybeRefOrGetter, type Ref } from 'vue'
import { useSessionStore } from '../stores/session'

const PREFIX = 'ponte.draft.'

/** The forms mounted now whose values differ from what they opened with. */
const dirtyForms = reactive(new Set<symbol>())

/** The forms mounted now, by the name of their draft: a save or a cancel elsewhere settles them too. */
const mountedForms = new Map<symbol, { name: () => string | null | undefined; settle: () => void }>()

/** Whether a form on the page holds changes not saved yet. */
export const hasUnsavedChanges = (): boolean => dirtyForms.size > 0

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage
  } catch {
    return null
  }
}

function storedKeys(): string[] {
  const store = storage()
  if (!store) return []
  const keys: string[] = []
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i)
    if (key?.startsWith(PREFIX)) keys.push(key)
  }
  return keys
}

/**
 * Forgets the draft of one form (`key` as given to useFormDraft), whoever wrote it: after a save or a
 * cancel. The form, if still mounted, no longer counts as holding unsaved changes (leaving asks nothing).
 */
export function discardDraft(key: string | null | undefined): void {
  if (!key) return
  for (const stored of storedKeys()) if (stored.endsWith(`.${key}`)) storage()?.removeItem(stored)
  for (const form of mountedForms.values()) if (form.name() === key) form.settle()
}

/** Forgets the drafts of every form whose key starts with `prefix` (a form whose key names what it was opened on, after a save or a cancel). */
export function discardDraftsUnder(prefix: string): void {
  for (const stored of storedKeys()) if (stored.slice(PREFIX.length).split('.').slice(1).join('.').startsWith(prefix)) storage()?.removeItem(stored)
  for (const form of mountedForms.values()) if (form.name()?.startsWith(prefix)) form.settle()
}

/**
 * Whether the signed-in user left a draft under `key` (as given to useFormDraft): a tab mounted
 * again opens the form that holds it (e.g. the edit of a plan version), so the draft is in view.
 */
export function hasDraft(key: string | null | undefined): boolean {
  const userId = useSessionStore().user?.id
  if (!key || !userId) return false
  return storage()?.getItem(`${PREFIX}${userId}.${key}`) != null
}

/**
 * Back on a tab or a page with a form left unsaved: once `ready()` (the records read), the first of
 * `candidates()` whose draft (`keyOf`) is kept is opened again with `reopen`, so the draft is in view.
 */
export function useReopenDraft<P>(ready: () => boolean, candidates: () => P[], keyOf: (candidate: P) => string | null, reopen: (candidate: P) => void): void {
  let done = false
  watch(
    ready,
    (isReady) => {
      if (done || !isReady) return
      done = true
      const drafted = candidates().find((c) => hasDraft(keyOf(c)))
      if (drafted !== undefined) reopen(drafted)
    },
    { immediate: true },
  )
}

/** Forgets every draft (sign-out). */
export function clearAllDrafts(): void {
  for (const stored of storedKeys()) storage()?.removeItem(stored)
}

function onBeforeUnload(event: BeforeUnloadEvent) {
  if (!hasUnsavedChanges()) return
  // The browser shows its own question ("Leave site? Changes you made may not be saved").
  event.preventDefault()
  event.returnValue = ''
}

let unloadWarningInstalled = false
/** Asks the browser to confirm closing or reloading the tab while a form holds unsaved changes. */
export function installUnloadWarning(): void {
  if (unloadWarningInstalled || typeof window === 'undefined') return
  unloadWarningInstalled = true
  window.addEventListener('beforeunload', onBeforeUnload)
}

export interface FormDraft {
  /** True when the form opened with a draft the user had left unsaved. */
  restored: Ref<boolean>
  /** Whether the values differ from what the form opened with. */
  isDirty: Ref<boolean>
  /** Puts the form back as it opened and forgets the draft. */
  discard: () => void
}

const snapshot = (values: object) => JSON.stringify(values)

/**
 * Keeps `values` (a form's reactive values, plain JSON) as a draft under `key` — null for a form
 * with no draft. Call it after the form has set its starting values: those are the baseline, and a
 * stored draft replaces them. A key that names a version (`…:v3`) makes a draft of an edit lapse
 * when the record changes.
 */
export function useFormDraft<T extends Record<string, unknown>>(
  key: MaybeRefOrGetter<string | null | undefined>,
  values: T,
  options: {
    /**
     * What the form holds with nothing typed, when that follows the records read (a form of several
     * rows, each saved on its own, merged with `mergeUnderEdits`): the values are kept as a draft
     * while they differ from it, and a new key (a row saved) carries what is still typed over.
     */
    baseline?: () => T
  } = {},
): FormDraft {
  const session = useSessionStore()
  const id = Symbol('form')
  const restored = ref(false)
  const isDirty = ref(false)
  let fixedBaseline = snapshot(values)
  const baselineNow = () => (options.baseline ? snapshot(options.baseline()) : fixedBaseline)
  const storageKey = computed(() => {
    const name = toValue(key)
    const userId = session.user?.id
    return name && userId ? `${PREFIX}${userId}.${name}` : null
  })

  function load(from: string | null) {
    if (!from) return
    const raw = storage()?.getItem(from)
    if (!raw) return
    try {
      const saved = JSON.parse(raw) as Record<string, unknown>
      for (const name of Object.keys(values)) if (name in saved) (values as Record<string, unknown>)[name] = saved[name]
      restored.value = true
    } catch {
      storage()?.removeItem(from)
    }
  }

  function markDirty(dirty: boolean) {
    isDirty.value = dirty
    if (dirty) dirtyForms.add(id)
    else dirtyForms.delete(id)
  }

  load(storageKey.value)

  watch(storageKey, (next) => {
    if (options.baseline && snapshot(values) !== baselineNow()) {
      // Still typed, not saved (another row saved, or read again): kept, under the new key.
      try {
        if (next) storage()?.setItem(next, snapshot(values))
      } catch {
        // Storage full or unavailable: the draft lives only while the form is open.
      }
      return
    }
    fixedBaseline = snapshot(values)
    restored.value = false
    markDirty(false)
    load(next)
  })

  watch(
    [() => snapshot(values), baselineNow],
    ([now, baseline]) => {
      const to = storageKey.value
      const dirty = now !== baseline
      if (!dirty && options.baseline) restored.value = false
      markDirty(dirty)
      if (!to) return
      try {
        if (dirty) storage()?.setItem(to, now)
        else storage()?.removeItem(to)
      } catch {
        // Storage full or unavailable: the draft lives only while the form is open.
      }
    },
    { immediate: true },
  )

  // Saved or cancelled while still on screen (e.g. before the page moves on): what it shows is the new baseline.
  mountedForms.set(id, {
    name: () => toValue(key),
    settle: () => {
      fixedBaseline = snapshot(values)
      restored.value = false
      markDirty(snapshot(values) !== baselineNow())
    },
  })
  // Leaving the form (another tab, another page) keeps its draft in storage, but the page no longer holds it.
  onBeforeUnmount(() => {
    dirtyForms.delete(id)
    mountedForms.delete(id)
  })

  function discard() {
    Object.assign(values, JSON.parse(baselineNow()) as T)
    if (storageKey.value) storage()?.removeItem(storageKey.value)
    restored.value = false
    markDirty(false)
  }

  return { restored, isDirty, discard }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
const copyOf = <V>(value: V): V => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as V))

/**
 * What a form shows once its records are read again (a background refetch, another row saved): every
 * value the user changed — it differs from what was read `before` — is kept; every other takes what is
 * read `now`. Plain JSON values; objects field by field, arrays and scalars whole.
 */
export function mergeUnderEdits<V>(current: V, before: V | undefined, now: V): V {
  if (isRecord(current) && isRecord(now)) {
    const was: Record<string, unknown> = isRecord(before) ? before : {}
    const merged: Record<string, unknown> = {}
    for (const name of new Set([...Object.keys(now), ...Object.keys(current)])) {
      if (!(name in current)) merged[name] = copyOf(now[name])
      else if (!(name in now)) {
        // Gone from what is read: kept only if the user changed it.
        if (!(name in was) || !sameJson(current[name], was[name])) merged[name] = current[name]
      } else merged[name] = mergeUnderEdits(current[name], was[name], now[name])
    }
    return merged as V
  }
  return !sameJson(current, before) ? current : copyOf(now)
}

/**
 * Whether a value the user changed (it differs from what was read `before`) was meanwhile changed on
 * the server to something else (`now`): saving over it needs the older version, refused as a conflict.
 */
export function editsOverChanges(current: unknown, before: unknown, now: unknown): boolean {
  if (isRecord(current) && isRecord(now)) {
    const was: Record<string, unknown> = isRecord(before) ? before : {}
    return Object.keys(current).some((name) => editsOverChanges(current[name], was[name], now[name]))
  }
  return !sameJson(current, before) && !sameJson(now, before) && !sameJson(current, now)
}
