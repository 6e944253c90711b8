import { afterEach, describe, expect, it, vi } from 'vitest'
import { afterNextPaint } from './afterNextPaint'

const frameThenTask = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
const task = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('afterNextPaint', () => {
  afterEach(() => vi.restoreAllMocks())

  it('runs the callback in the task after the next frame, not before the frame', async () => {
    const calls: string[] = []
    afterNextPaint(() => calls.push('drawn'))
    requestAnimationFrame(() => calls.push('frame'))
    await frameThenTask()
    expect(calls).toEqual(['frame', 'drawn'])
  })

  it('runs it in the next task in a tab in the background, which paints no frames', async () => {
    vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden')
    const frame = vi.spyOn(window, 'requestAnimationFrame')
    const callback = vi.fn()
    afterNextPaint(callback)
    await task()
    expect(callback).toHaveBeenCalledOnce()
    expect(frame).not.toHaveBeenCalled()
  })

  it('does not run it once cancelled', async () => {
    const callback = vi.fn()
    const cancel = afterNextPaint(callback)
    cancel()
    await frameThenTask()
    await frameThenTask()
    expect(callback).not.toHaveBeenCalled()
  })
})
