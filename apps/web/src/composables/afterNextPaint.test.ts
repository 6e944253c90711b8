import { afterEach, describe, expect, it, vi } from 'vitest'
import { afterFrame, settle } from '../../test/helpers'
import { afterNextPaint } from './afterNextPaint'


describe('afterNextPaint', () => {
  afterEach(() => vi.restoreAllMocks())

  it('runs the callback in the task after the next frame, not before the frame', async () => {
    const calls: string[] = []
    afterNextPaint(() => calls.push('drawn'))
    requestAnimationFrame(() => calls.push('frame'))
    await afterFrame()
    expect(calls).toEqual(['frame', 'drawn'])
  })

  it('runs it in the next task in a tab in the background, which paints no frames', async () => {
    vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden')
    const frame = vi.spyOn(window, 'requestAnimationFrame')
    const callback = vi.fn()
    afterNextPaint(callback)
    await settle(1)
    expect(callback).toHaveBeenCalledOnce()
    expect(frame).not.toHaveBeenCalled()
  })

  it('does not run it once cancelled', async () => {
    const callback = vi.fn()
    const cancel = afterNextPaint(callback)
    cancel()
    await afterFrame()
    await afterFrame()
    expect(callback).not.toHaveBeenCalled()
  })
})
