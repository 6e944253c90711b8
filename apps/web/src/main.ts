/** Entry point: Bootstrap Italia styles and fonts from the npm package, then the remembered language's messages, Pinia, Pinia Colada, i18n, router, mount. */
import 'bootstrap-italia/dist/css/bootstrap-italia.min.css'
import './styles/fonts.css'
import './styles/app.css'
import './styles/case-records.css'
import { PiniaColada } from '@pinia/colada'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { createAppI18n, DEFAULT_LOCALE, loadedMessages, loadLocaleMessages, type Locale } from './i18n'
import { createAppRouter } from './router'
import { readStoredLocale } from './stores/preferences'

// The remembered language's messages first (English is a chunk of its own; Italian is here already).
// A promise, not a top-level await: an entry that awaits would have the bundler split every module
// it shares with the pages into chunks of their own (a page chunk cannot import from an entry still
// awaiting), many more requests before the first paint.
function start(locale: Locale) {
  document.documentElement.lang = locale
  const i18n = createAppI18n(locale)
  const app = createApp(App)
  app.use(createPinia())
  app.use(PiniaColada, { queryOptions: { staleTime: 30_000, gcTime: 5 * 60_000 } })
  app.use(i18n)
  const router = createAppRouter(i18n)
  app.use(router)
  // The first paint is the page asked for, drawn once: the shell waits for the first navigation
  // (the session's renewal and the page's code, both already on their way: early-refresh.js)
  // instead of drawing a signed-out header and a spinner, then everything again (docs/decisions/0029).
  const mount = () => void app.mount('#app')
  router.isReady().then(mount, mount)
}

const stored = readStoredLocale()
if (loadedMessages(stored)) start(stored)
else
  void loadLocaleMessages(stored).then(
    () => start(stored),
    () => start(DEFAULT_LOCALE),
  )
