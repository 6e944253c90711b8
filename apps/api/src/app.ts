/** buildApp(config): the plugins, then the modules, in the order a request meets them. */
import { randomUUID } from 'node:crypto'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import SerializerSelector from '@fastify/fast-json-stringify-compiler'
import Fastify from 'fastify'
import type { Config } from './config.js'
import type { DatabaseHandle } from './db/client.js'
import { API_PREFIX } from './lib/api.js'
import { AppError, problemType } from './lib/errors.js'
import { serializeErrorForLog } from './lib/pg-errors.js'
import { needsIfMatch, requireIfMatchHeader } from './lib/route-schema.js'
import { AJV_SERVER_OPTIONS, buildValidatorFactory, closeQuerystring, rejectUnstorableInput, requireDeclaredMediaType } from './lib/validation.js'
import type { App } from './lib/fastify.js'
import accessPlugin from './plugins/access.js'
import auditPlugin from './plugins/audit.js'
import auditSealerPlugin from './plugins/audit-sealer.js'
import compressionPlugin from './plugins/compression.js'
import authPlugin from './plugins/auth.js'
import contractPlugin from './plugins/contract.js'
import databasePlugin from './plugins/database.js'
import errorsPlugin, { clientErrorHandler, frameworkErrorHandler, sendProblem } from './plugins/errors.js'
import openapiPlugin from './plugins/openapi.js'
import rateLimitPlugin from './plugins/rate-limit.js'
import scopesPlugin from './plugins/scopes.js'
import securityHeadersPlugin from './plugins/security-headers.js'
import webhooksPlugin from './plugins/webhooks.js'
import statusRoutes from './modules/status/status.routes.js'
import { registerModules } from './modules/index.js'
import type { IdempotencyFaults } from './plugins/idempotency.js'

export { BROTLI_QUALITY } from './plugins/compression.js'

export interface BuildOptions {
  config: Config
  database: DatabaseHandle
  /** Close the pool with the app (the server does; tests share one pool per file). */
  closeDatabase?: boolean
  /** Pino logger options; tests pass false. */
  logger?: boolean | object
  /** Where the default logger writes (tests capture it); standard output otherwise. */
  logStream?: { write: (line: string) => void }
  /** Tests only: break an idempotent request at one of its steps. */
  idempotencyFaults?: IdempotencyFaults
}

const buildDefaultSerializer = SerializerSelector()

const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops

/**
 * Responses are serialised from their schemas (fast-json-stringify: what is not in the schema
 * never leaves), except errors: every error is a Problem built by the error handler, so one
 * JSON.stringify serves them all instead of compiling a Problem serializer per route and status —
 * which took most of the start-up time.
 */
const buildResponseSerializer: typeof buildDefaultSerializer = (externalSchemas, options) => {
  const compile = buildDefaultSerializer(externalSchemas, options)
  return (route) => (/^[45]/.test(String(route.httpStatus)) ? (payload: unknown) => JSON.stringify(payload) : compile(route))
}

/**
 * Hashed build assets never change under their name: cached for a year without revalidation.
 * Everything else (index.html, which names the current assets; the favicon) is revalidated.
 */
export function webCacheControl(relativePath: string): string {
  return /^assets[\\/]/.test(relativePath) ? 'public, max-age=31536000, immutable' : 'no-cache'
}

export async function buildApp({ config, database, closeDatabase = true, logger, logStream, idempotencyFaults }: BuildOptions): Promise<App> {
  const app = Fastify({
    logger: logger ?? {
      level: config.logLevel,
      ...(logStream ? { stream: logStream } : {}),
      // No personal data in logs: method, path without query string, status and the request id;
      // errors with their SQL state and statement shape, never parameters, bodies or PostgreSQL's detail.
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, path: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        err: (error: unknown) => serializeErrorForLog(error),
      },
      redact: ['req.headers.authorization', 'req.headers.cookie'],
    },
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    // A hop count trusts that many hops nearest the API (Fastify itself reads a bare number as "none").
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    bodyLimit: 1024 * 1024,
    // Slow clients (docs/decisions/0020): a request must arrive whole within requestTimeout (its
    // headers within headersTimeout), else 408 and the connection closes — a body trickled a byte
    // at a time no longer holds a connection for minutes. Node checks at connectionsCheckingInterval.
    requestTimeout: config.server.requestTimeoutMs,
    keepAliveTimeout: config.server.keepAliveTimeoutMs,
    http: {
      headersTimeout: config.server.headersTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(config.server.headersTimeoutMs / 4))),
    },
    // What the server and the router answer before any route runs is problem+json too.
    clientErrorHandler,
    frameworkErrors: frameworkErrorHandler as never,
    return503OnClosing: true,
    // Bodies are validated without type coercion, the other parts with it (lib/validation.ts).
    ajv: AJV_SERVER_OPTIONS,
    schemaController: { compilersFactory: { buildValidator: buildValidatorFactory() as never, buildSerializer: buildResponseSerializer } },
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.addHook('onRequest', async (request, reply) => {
    void reply.header('request-id', request.id)
  })

  // Only JSON bodies are accepted: plain text is a 415, not a string to validate.
  app.removeContentTypeParser('text/plain')
  // JSON Merge Patch bodies are JSON; every PATCH must send them as such (415 otherwise).
  app.addContentTypeParser('application/merge-patch+json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'))
  app.addHook('preValidation', async (request) => {
    if (request.method === 'PATCH' && !/^application\/merge-patch\+json\b/i.test(request.headers['content-type'] ?? '')) {
      throw new AppError(415, 'unsupported-media-type', 'Tipo di contenuto non supportato', { detail: 'PATCH accetta solo application/merge-patch+json (RFC 7396).' })
    }
  })
  // Text PostgreSQL cannot store (NUL) and bodies nested too deep are refused before any handler.
  app.addHook('preValidation', rejectUnstorableInput)
  // Unknown query parameters are a 400, like unknown body properties.
  // Updates that always need If-Match answer 428 without it before their body is validated (lib/route-schema.ts).
  app.addHook('onRoute', (route) => {
    closeQuerystring(route as never, API_PREFIX)
    if (needsIfMatch(route)) route.preValidation = [...(route.preValidation ? [route.preValidation].flat() : []), requireIfMatchHeader]
  })
  // A body declared per media type (the imports) is required, and only in those media types.
  app.addHook('onRoute', (route) => requireDeclaredMediaType(route as never, API_PREFIX))

  await app.register(errorsPlugin)
  await app.register(contractPlugin)
  await app.register(databasePlugin, { handle: database, closeOnShutdown: closeDatabase })
  // helmet's headers, computed once at start-up (plugins/security-headers.ts).
  await app.register(securityHeadersPlugin, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: config.cookieSecure ? { maxAge: 31536000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  })
  // Answers over 1 KiB compressed, Brotli (quality 4) first (plugins/compression.ts); the web app's
  // files come compressed from the build (preCompressed below), so they are not compressed again per request.
  await app.register(compressionPlugin)
  await app.register(authPlugin, { config })
  await app.register(rateLimitPlugin, { config })
  await app.register(openapiPlugin, { publicUrl: config.publicUrl })
  await app.register(auditPlugin)
  await app.register(auditSealerPlugin, { intervalMs: config.auditSealIntervalMs })
  await app.register(accessPlugin)
  await app.register(scopesPlugin)
  await app.register(webhooksPlugin, { config, database })

  await app.register(
    async (api) => {
      await api.register(statusRoutes)
      await registerModules(api as App, config, idempotencyFaults)
    },
    { prefix: API_PREFIX },
  )

  const webDist = config.webDist
  if (webDist) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      index: ['index.html'],
      // The build writes .br and .gz beside each file (apps/web/build/precompress.ts).
      preCompressed: true,
      cacheControl: false,
      // Production builds hold no source maps (vite.config.ts); one left behind is still not public.
      allowedPath: (pathName) => !pathName.endsWith('.map'),
      setHeaders: (reply, filePath) => void reply.header('cache-control', webCacheControl(path.relative(webDist, filePath))),
    })
  }
  app.setNotFoundHandler((request, reply) => {
    // The web app routes in the browser: unknown non-API pages get its index.html.
    if (webDist && request.method === 'GET' && !request.url.startsWith(API_PREFIX) && request.headers.accept?.includes('text/html')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html')
    }
    return sendProblem(reply, request, { type: problemType('not-found'), title: 'Non trovato', status: 404, code: 'not-found', detail: `Nessuna risorsa a ${request.method} ${request.url.split('?')[0]}.` })
  })

  return app as unknown as App
}
