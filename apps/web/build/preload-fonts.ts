/**
 * A Vite build plugin: preloads the three Titillium Web weights every page shows (regular, 600 for labels and links, 700 for headings and the brand),
 * so the text is drawn in its font from the first paint instead of swapping from the fallback and
 * shifting the layout.
 */
import type { Plugin } from 'vite'

/** Their Latin subsets (build/latin-fonts.ts); the Latin Extended characters' files download only when a page shows one. */
const FIRST_PAINT_FONTS = /titillium-web-latin-(?:regular|600|700)-[\w-]+\.woff2$/

export function preloadFonts(): Plugin {
  return {
    name: 'ponte:preload-fonts',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const fonts = Object.keys(context.bundle ?? {}).filter((file) => FIRST_PAINT_FONTS.test(file))
        return fonts.map((file) => ({
          tag: 'link',
          attrs: { rel: 'preload', href: `/${file}`, as: 'font', type: 'font/woff2', crossorigin: '' },
          injectTo: 'head' as const,
        }))
      },
    },
  }
}
