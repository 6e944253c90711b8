/**
 * The create-or-edit panel of a list page: which panel is open, and where focus goes — to the
 * panel's heading when it opens; to the confirmation when it closes after a save (so it is
 * announced), else back to the "add" button. `reset` clears the page's form problems on both.
 * The page's template names those elements `ref="panelHeading"`, `ref="successAlert"` and `ref="addButton"`.
 * `draftOf` names the unsaved draft of the panel's form (useFormDraft; bind `draftKey` as its
 * `draft-key`): closing the panel, after a save or a cancel, forgets it.
 */
import { computed, nextTick, ref, shallowRef, useTemplateRef, type Ref, type ShallowRef } from 'vue'
import { discardDraft } from './useFormDraft'

export function useEditPanel<P extends { kind: string }>(closed: P, reset: () => void, draftOf?: (panel: P) => string | null) {
  const panel = shallowRef(closed) as ShallowRef<P>
  const panelHeading = useTemplateRef<HTMLElement>('panelHeading')
  const addButton = useTemplateRef<HTMLButtonElement>('addButton')
  const successAlert = useTemplateRef<HTMLElement>('successAlert')
  const success: Ref<string | null> = ref(null)
  const draftKey = computed(() => (panel.value.kind !== closed.kind && draftOf ? draftOf(panel.value) : null))

  async function openPanel(next: P) {
    panel.value = next
    reset()
    success.value = null
    await nextTick()
    panelHeading.value?.focus()
  }

  async function closePanel(message: string | null = null) {
    discardDraft(draftKey.value)
    panel.value = closed
    reset()
    success.value = message
    await nextTick()
    if (message) successAlert.value?.focus()
    else addButton.value?.focus()
  }

  return { panel, success, openPanel, closePanel, draftKey }
}
