/**
 * A Vite build plugin: keeps from Bootstrap Italia's CSS (561 KiB) only the rules whose classes,
 * ids and elements appear in the app's sources (PurgeCSS). Ponte's own CSS is left alone. Classes
 * made at run time from a variable are safelisted here: `alert-${variant}` in BaseAlert and the
 * heading level of `h${level}`.
 */
import path from 'node:path'
import { PurgeCSS } from 'purgecss'
import type { Plugin } from 'vite'

const BOOTSTRAP_CSS = /bootstrap-italia[\\/]dist[\\/]css[\\/]bootstrap-italia\.min\.css$/

export function purgeBootstrapItalia(): Plugin {
  let root = process.cwd()
  return {
    name: 'ponte:purge-bootstrap-italia',
    apply: 'build',
    enforce: 'pre',
    configResolved(config) {
      root = config.root
    },
    async transform(code, id) {
      if (!BOOTSTRAP_CSS.test(id.split('?')[0] ?? '')) return null
      const [result] = await new PurgeCSS().purge({
        content: [path.join(root, 'index.html'), path.join(root, 'src/**/*.vue'), path.join(root, 'src/**/*.ts')],
        css: [{ raw: code }],
        safelist: { standard: [/^alert-/, /^h[1-6]$/, 'html', 'body', ':root'] },
        keyframes: true,
        fontFace: true,
        variables: false,
      })
      return { code: result?.css ?? code, map: null }
    },
  }
}
