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

/**
 * The rest of the current task first: the browser may paint, take a tap or a network answer before
 * the next step. Each step of the start-up is then a task of its own, not one long task in which a
 * slow phone answers nothing (on a phone each of these steps takes 50–200 ms).
 */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

async function start(locale: Locale) {
  document.documentElement.lang = locale
  // The modules' own evaluation ends here; then the app and its plugins, then the router.
  await nextTask()
  const i18n = createAppI18n(locale)
  const app = createApp(App)
  app.use(createPinia())
  app.use(PiniaColada, { queryOptions: { staleTime: 30_000, gcTime: 5 * 60_000 } })
  app.use(i18n)
  await nextTask()
  const router = createAppRouter(i18n)
  // Installing the router starts the first navigation: the guard waits for the session's renewal
  // and the page's code, both already on their way (early-refresh.js).
  app.use(router)
  // The first paint is the page asked for, drawn once: the shell waits for the first navigation
  // instead of drawing a signed-out header and a spinner, then everything again (docs/decisions/0029).
  // App.vue then draws the page once the shell is painted (docs/decisions/0031).
  const mount = () => void app.mount('#app')
  router.isReady().then(mount, mount)
}

// The remembered language's messages first (English is a chunk of its own; Italian is here already).
// A promise, not a top-level await: an entry that awaits would have the bundler split every module
// it shares with the pages into chunks of their own (a page chunk cannot import from an entry still
// awaiting), many more requests before the first paint.
const stored = readStoredLocale()
if (loadedMessages(stored)) void start(stored)
else
  void loadLocaleMessages(stored).then(
    () => start(stored),
    () => start(DEFAULT_LOCALE),
  )
