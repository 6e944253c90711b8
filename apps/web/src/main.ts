/** Entry point: Bootstrap Italia styles and fonts from the npm package, then the remembered language's messages, Pinia, Pinia Colada, i18n, router, mount. */
import 'bootstrap-italia/dist/css/bootstrap-italia.min.css'
import './styles/fonts.css'
import './styles/app.css'
import './styles/case-records.css'
import { PiniaColada } from '@pinia/colada'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { createAppI18n, DEFAULT_LOCALE, loadLocaleMessages } from './i18n'
import { createAppRouter } from './router'
import { readStoredLocale } from './stores/preferences'

// The remembered language's messages first (English is a chunk of its own; Italian is here already).
const stored = readStoredLocale()
const locale = await loadLocaleMessages(stored).then(
  () => stored,
  () => DEFAULT_LOCALE,
)
document.documentElement.lang = locale
const i18n = createAppI18n(locale)
const pinia = createPinia()
const app = createApp(App)

app.use(pinia)
app.use(PiniaColada, { queryOptions: { staleTime: 30_000, gcTime: 5 * 60_000 } })
app.use(i18n)
app.use(createAppRouter(i18n))
app.mount('#app')
