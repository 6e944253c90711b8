/** Vite: the Vue app, @ponte/shared from its TypeScript source, /api proxied to the API in development; builds precompressed, without source maps. */
import vue from '@vitejs/plugin-vue'
import { defaultClientConditions, defineConfig } from 'vite'
import { areaMessages, areaMessagesChunk } from './build/area-messages.ts'
import { precompress } from './build/precompress.ts'
import { earlyRefresh } from './build/early-refresh.ts'
import { latinFonts } from './build/latin-fonts.ts'
import { preloadFonts } from './build/preload-fonts.ts'
import { precompileMessages } from './build/precompile-messages.ts'
import { purgeBootstrapItalia } from './build/purge-bootstrap.ts'

const apiTarget = process.env.PONTE_API_URL ?? 'http://localhost:3000'

export default defineConfig({
  plugins: [vue(), latinFonts(), areaMessages(), precompileMessages(), purgeBootstrapItalia(), earlyRefresh(), preloadFonts(), precompress()],
  resolve: {
    // @ponte/shared exports its TypeScript source under the `source` condition.
    conditions: ['source', ...defaultClientConditions],
  },
  define: {
    // vue-i18n feature flags: Composition API only, no devtools in production bundles (the build also
    // drops the message compiler: its messages arrive compiled, build/precompile-messages.ts).
    __VUE_I18N_FULL_INSTALL__: false,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No source maps in the product: the API and nginx serve dist as it is, to anyone.
    sourcemap: false,
    // One stylesheet for the whole app (its components' scoped styles add 4 KB compressed to
    // Bootstrap Italia's): a page asks for no stylesheet of its own, each of which was one more
    // request before its first paint over HTTP/1.1's six connections (docs/decisions/0032).
    cssCodeSplit: false,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            areaMessagesChunk(),
            // Everything the entry imports in one file (Vue, vue-i18n, Pinia, the API client, the
            // shell): one request on the first page's critical path instead of five, over
            // HTTP/1.1's six connections per origin shared with the stylesheet and the fonts.
            { name: 'index', tags: ['$initial' as const], priority: -1 },
          ],
        },
      },
    },
  },
  // Message files (and other JSON) as JSON.parse of a string: parsed faster than an object literal.
  json: { stringify: true },
})
