/**
 * A Vite build plugin: the app's messages are compiled when the app is built, not in the browser
 * (docs/decisions/0027).
 *
 * Each message file of src/i18n (`*.json`) is turned, as it is bundled, into the same JSON with each
 * message replaced by what vue-i18n would compile it to on first use: a message without
 * placeholders, plurals or links by its text (vue-i18n shows a string as it is), any other by its
 * syntax tree (vue-i18n's "AST" message format, which it evaluates without compiling). The build
 * then leaves vue-i18n's message compiler out of the bundle (`__INTLIFY_DROP_MESSAGE_COMPILER__`
 * in vite.config.ts). A message that does not compile fails the build, naming its key.
 *
 * Development and the component tests keep the JSON files as they are, with the compiler.
 */
import { baseCompile, type CompileError } from '@intlify/message-compiler'
import type { Plugin } from 'vite'

/** The message files: src/i18n/*.json (the common file and one per area, each language). */
const MESSAGE_FILE = /[\\/]src[\\/]i18n[\\/][^\\/]+\.json$/

/** One message as the browser gets it: its text when it has no syntax, else its minified syntax tree. */
export function compileMessage(source: string, key = ''): unknown {
  const errors: CompileError[] = []
  const { ast } = baseCompile(source, { jit: true, optimize: true, minify: true, location: false, onError: (error) => void errors.push(error) })
  if (errors.length > 0) throw new Error(`ponte:precompile-messages: ${key}: ${errors.map((error) => error.message).join('; ')}`)
  const body = (ast as unknown as { b?: { t?: number; s?: unknown } }).b
  // 2: a single message (not plural forms) whose parts are all text: the optimiser folded them into `s`.
  if (body?.t === 2 && typeof body.s === 'string') return body.s
  return ast
}

/** Every message of a messages object compiled, the keys as they are. */
export function compileMessages(messages: unknown, prefix = ''): unknown {
  if (typeof messages === 'string') return compileMessage(messages, prefix)
  if (typeof messages !== 'object' || messages === null || Array.isArray(messages)) throw new Error(`ponte:precompile-messages: ${prefix}: not a message or a group of messages`)
  return Object.fromEntries(Object.entries(messages).map(([key, value]) => [key, compileMessages(value, prefix ? `${prefix}.${key}` : key)]))
}

export function precompileMessages(): Plugin {
  return {
    name: 'ponte:precompile-messages',
    apply: 'build',
    // Before Vite's JSON plugin, which then makes the compiled JSON a module as usual.
    enforce: 'pre',
    // Every message arrives compiled: vue-i18n's compiler (and its parser) stays out of the bundle.
    config: () => ({ define: { __INTLIFY_DROP_MESSAGE_COMPILER__: true } }),
    transform(code, id) {
      if (!MESSAGE_FILE.test(id)) return null
      return { code: JSON.stringify(compileMessages(JSON.parse(code))), map: null }
    },
  }
}
