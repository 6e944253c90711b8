/**
 * A Vite build plugin: the session renewal starts while the app's code downloads, not after it ran.
 * `src/early-refresh.js`, a classic script of a few hundred bytes, is emitted as a hashed asset and
 * loaded first in <head> (an external file: the API's Content-Security-Policy allows scripts of
 * its own origin only). It posts `/api/v1/auth/refresh` at once, under the same Web Lock as the
 * app's renewals, and leaves the answer in `window.__ponteEarlyRefresh`; api/http.ts takes it as
 * its first renewal (docs/decisions/0026). Development (`vite`) keeps the app's own renewal.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Plugin } from 'vite'

const EARLY_REFRESH = /^assets\/early-refresh-[\w-]+\.js$/
const CHARSET = /<meta charset=[^>]*>/i

export function earlyRefresh(): Plugin {
  let root = process.cwd()
  return {
    name: 'ponte:early-refresh',
    apply: 'build',
    configResolved(config) {
      root = config.root
    },
    buildStart() {
      this.emitFile({ type: 'asset', name: 'early-refresh.js', source: readFileSync(path.join(root, 'src/early-refresh.js'), 'utf8') })
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        const file = Object.keys(context.bundle ?? {}).find((name) => EARLY_REFRESH.test(name))
        if (!file || !CHARSET.test(html)) throw new Error('ponte:early-refresh: the emitted script or the <meta charset> of index.html is missing')
        // Right after <meta charset>, before the stylesheet: it runs as soon as it arrives (a script after a stylesheet waits for it).
        return html.replace(CHARSET, (meta) => `${meta}\n    <script src="/${file}"></script>`)
      },
    },
  }
}
