/**
 * The security headers of every answer (Content-Security-Policy, X-Content-Type-Options, …), as
 * helmet writes them — computed once at start-up instead of per request.
 *
 * @fastify/helmet calls `helmet(options)` in an onRequest hook for every request: it validates the
 * options, builds each of helmet's middlewares and parses and serialises the CSP directives again,
 * then sets each header on the raw response (and decorates every reply with a closure). The options
 * never change while the process runs, so neither do the headers: helmet runs once here, against a
 * response that only records what it sets, and each request gets that list. The values are
 * helmet's own (the same package, the same options), so what the browser receives is unchanged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import helmet, { type HelmetOptions } from 'helmet'

/** The headers helmet sets with these options, lower-cased names in the order it sets them. */
export function securityHeaders(options: Readonly<HelmetOptions>): Record<string, string> {
  const headers = new Map<string, string>()
  const recorder = {
    setHeader: (name: string, value: unknown) => headers.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value)),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
    getHeader: (name: string) => headers.get(name.toLowerCase()),
  }
  let failure: unknown = null
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) failure = error
  })
  if (failure) throw failure
  return Object.fromEntries(headers)
}

export default fp(
  async function securityHeadersPlugin(app: FastifyInstance, options: HelmetOptions) {
    const headers = Object.entries(securityHeaders(options))
    app.addHook('onRequest', (_request, reply, done) => {
      for (const [name, value] of headers) reply.raw.setHeader(name, value)
      done()
    })
  },
  { name: 'security-headers' },
)
