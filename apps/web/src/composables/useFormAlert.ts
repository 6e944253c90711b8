import { nextTick, useTemplateRef, watch } from 'vue'

/**
 * The error summary of a form (a BaseFormAlert marked `ref="alert"` in the form's template):
 * `focusAlert` moves focus to it so screen readers announce the errors; given the form's `problem`,
 * it does so whenever the API answers one.
 */
export function useFormAlert(problem?: () => unknown) {
  const alert = useTemplateRef<{ focus: () => void }>('alert')
  async function focusAlert() {
    await nextTick()
    alert.value?.focus()
  }
  if (problem) {
    watch(problem, (value) => {
      if (value) void focusAlert()
    })
  }
  return { focusAlert }
}
