/** Every test starts signed out, with empty storage, real timers and the real fetch; both languages' messages are loaded (English is a chunk of its own in the app). */
import { afterEach, vi } from 'vitest'
import { endSession } from '../src/api/http'
import { loadLocaleMessages } from '../src/i18n'

await loadLocaleMessages('en')

afterEach(() => {
  endSession()
  localStorage.clear()
  sessionStorage.clear()
  vi.unstubAllGlobals()
  vi.useRealTimers()
  document.body.innerHTML = ''
})
