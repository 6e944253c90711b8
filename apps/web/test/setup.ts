/** Every test starts signed out, with empty storage, real timers and the real fetch. */
import { afterEach, vi } from 'vitest'
import { endSession } from '../src/api/http'

afterEach(() => {
  endSession()
  localStorage.clear()
  sessionStorage.clear()
  vi.unstubAllGlobals()
  vi.useRealTimers()
  document.body.innerHTML = ''
})
