import { describe, expect, it } from 'vitest'
import { defineComponent, h, reactive } from 'vue'
import { useSessionStore } from '../stores/session'
import { createAppContext, json, me, membership, mountWithApp, session, stubFetch } from '../../test/helpers'
import { editsOverChanges, mergeUnderEdits, useFormDraft } from './useFormDraft'

const user = me([membership('Comune di Valmadrera', ['case_manager'])])

/** A diary-note form with a draft, as the case page's forms use it. */
const NoteForm = defineComponent({
  setup() {
    const values = reactive({ text: '' })
    const draft = useFormDraft('diary-note:case-1:new', values)
    return () =>
      h('form', [
        draft.restored.value ? h('p', { class: 'restored' }, 'restored') : null,
        h('textarea', { value: values.text, onInput: (event: Event) => (values.text = (event.target as HTMLTextAreaElement).value) }),
      ])
  },
})

describe('drafts across an expired session', () => {
  it('keeps the draft when the session expires and brings it back after signing in again (only to the same user)', async () => {
    stubFetch((call) => (call.url.endsWith('/auth/login') ? json(200, session(user)) : json(200, {})))
    const context = createAppContext()
    const store = useSessionStore()
    await store.signIn({ email: 'mario.rossi@valmadrera.demo', password: 'x' })
    const first = mountWithApp(NoteForm, context)
    await first.get('textarea').setValue('Colloquio telefonico: disponibile da lunedì.')
    first.unmount()

    store.expire()
    expect(store.endReason).toBe('expired')
    expect(Object.keys({ ...sessionStorage }).some((key) => key.endsWith('diary-note:case-1:new'))).toBe(true)

    await store.signIn({ email: 'mario.rossi@valmadrera.demo', password: 'x' })
    const again = mountWithApp(NoteForm, context)
    expect((again.get('textarea').element as HTMLTextAreaElement).value).toBe('Colloquio telefonico: disponibile da lunedì.')
    expect(again.find('.restored').exists()).toBe(true)
    again.unmount()

    // Someone else signing in at this browser does not get it.
    store.expire()
    stubFetch(() => json(200, session(me([membership('Comune di Valmadrera', ['case_manager'])], { id: 'user-2' }))))
    await store.signIn({ email: 'laura.bianchi@valmadrera.demo', password: 'x' })
    const other = mountWithApp(NoteForm, context)
    expect((other.get('textarea').element as HTMLTextAreaElement).value).toBe('')
    other.unmount()
  })
})

describe('rows read again under what is typed (mergeUnderEdits, editsOverChanges)', () => {
  const before = { a: { scale: '', actions: [] as string[] }, b: { scale: '', actions: [] as string[] } }
  it('keeps every value typed, takes every other from what is read now', () => {
    const current = { a: { scale: '6', actions: [] }, b: { scale: '', actions: ['cv'] } }
    const now = { a: { scale: '', actions: ['interview'] }, b: { scale: '3', actions: [] }, c: { scale: '1', actions: [] } }
    expect(mergeUnderEdits(current, before, now)).toEqual({ a: { scale: '6', actions: ['interview'] }, b: { scale: '3', actions: ['cv'] }, c: { scale: '1', actions: [] } })
  })
  it('a value typed over one changed meanwhile on the server is a conflict; over one unchanged, or changed to the same, it is not', () => {
    expect(editsOverChanges({ scale: '6' }, { scale: '' }, { scale: '4' })).toBe(true)
    expect(editsOverChanges({ scale: '6' }, { scale: '' }, { scale: '' })).toBe(false)
    expect(editsOverChanges({ scale: '6' }, { scale: '' }, { scale: '6' })).toBe(false)
    expect(editsOverChanges({ scale: '', other: 'x' }, { scale: '', other: '' }, { scale: '4', other: '' })).toBe(false)
  })
})
