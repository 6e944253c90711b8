/**
 * Runs `callback` once the browser has painted what is drawn now: in the task after the next frame
 * (a frame's callbacks run before its paint). A page drawn in parts uses it so each part is on the
 * screen before the next is drawn: timers alone may all run before the browser paints at all.
 * A tab in the background paints no frames: there the callback runs in the next task. Answers a
 * function that cancels it.
 */
export function afterNextPaint(callback: () => void): () => void {
  let cancelled = false
  let timer: ReturnType<typeof setTimeout> | undefined
  const later = () => {
    timer = setTimeout(() => {
      if (!cancelled) callback()
    }, 0)
  }
  const painting = typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState !== 'hidden'
  const frame = painting ? requestAnimationFrame(later) : undefined
  if (!painting) later()
  return () => {
    cancelled = true
    if (frame !== undefined) cancelAnimationFrame(frame)
    clearTimeout(timer)
  }
}
