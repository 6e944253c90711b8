/**
 * Compressed answers: Brotli first, else gzip, for bodies of 1 KiB and more.
 *
 * An answer held in memory (JSON, problem+json, CSV, text — every API answer) is compressed in one
 * call — on the event loop up to 16 KiB (a case, a problem), on libuv's thread pool above (a page of
 * cases) — and sent with its length; only streams (the web app's files without a precompressed
 * copy) go through @fastify/compress's stream pipeline, which for a 20 KiB page of cases cost more
 * of the one event loop (a readable from an async iterator, a peek stream, a duplexify and a pump
 * per answer) than the compression itself (docs/decisions/0025).
 *
 * Brotli at quality 4, not zlib's default 11: 11 spends tens of milliseconds on a page of cases
 * (about 100 times quality 4) for a few bytes less, and every browser and Node fetch asks for
 * Brotli; 4 is still smaller than gzip.
 */
import { promisify } from 'node:util'
import { brotliCompress, brotliCompressSync, gzip, gzipSync, constants as zlibConstants } from 'node:zlib'
import compress from '@fastify/compress'
import type { FastifyInstance, FastifyReply, FastifyRequest, onSendHookHandler } from 'fastify'
import fp from 'fastify-plugin'

export const BROTLI_QUALITY = 4
const THRESHOLD = 1024
const BROTLI_PARAMS = { [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT, [zlibConstants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY }
const brotliAsync = promisify(brotliCompress)
const gzipAsync = promisify(gzip)
/**
 * Answers up to this size are compressed on the event loop, in one synchronous call: Brotli at
 * quality 4 takes 20–60 µs for them, less than handing them to libuv's thread pool and back (a
 * worker woken, the result posted to the loop: about 100 µs of CPU and one more wake-up of the
 * process per answer, measured with the bench's case read). Larger ones (a page of cases) still go
 * to the thread pool, off the loop.
 */
const SYNC_LIMIT = 16 * 1024
/**
 * The encoder is told the answer's size: without it, it sizes its window and buffers for 4 MiB
 * (lgwin 22) on every call, half the cost of compressing a 1 KiB answer. The output is the same
 * format; any Brotli decoder reads it.
 */
const brotliParams = (size: number) => ({ ...BROTLI_PARAMS, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: size })

type Encoding = 'br' | 'gzip'
const ENCODINGS: readonly Encoding[] = ['br', 'gzip']

/**
 * The encoding to answer in, from Accept-Encoding: the one with the highest q above 0, Brotli on a
 * tie; `*` stands for any not named, `x-gzip` for gzip; none without the header.
 */
export function negotiateEncoding(header: string | undefined): Encoding | null {
  if (!header) return null
  const quality = new Map<string, number>()
  for (const part of header.toLowerCase().split(',')) {
    const [name = '', ...params] = part.split(';')
    let q = 1
    for (const param of params) {
      const match = /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(param)
      if (match) q = Number(match[1])
    }
    const token = name.trim() === 'x-gzip' ? 'gzip' : name.trim()
    if (token && Number.isFinite(q)) quality.set(token, q)
  }
  let best: Encoding | null = null
  let bestQuality = 0
  for (const encoding of ENCODINGS) {
    const q = quality.get(encoding) ?? quality.get('*') ?? 0
    if (q > bestQuality) {
      best = encoding
      bestQuality = q
    }
  }
  return best
}

/** The media types answered from memory that are worth compressing. */
const COMPRESSIBLE = /^\s*(?:application\/(?:[\w.+-]+\+)?json|text\/[\w.+-]+)\s*(?:;|$)/i

function addVary(reply: FastifyReply) {
  const vary = reply.getHeader('vary')
  const values = vary === undefined ? [] : (Array.isArray(vary) ? vary : [String(vary)])
  if (!values.some((v) => /accept-encoding/i.test(v))) void reply.header('vary', [...values, 'accept-encoding'].join(', '))
}

const compressInMemory: onSendHookHandler = async function compressInMemory(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload
  if (reply.hasHeader('content-encoding') || request.headers['x-no-compression'] !== undefined) return payload
  const type = reply.getHeader('content-type')
  if (!COMPRESSIBLE.test(type === undefined ? 'application/json' : String(type))) return payload
  const size = Buffer.byteLength(payload)
  if (size < THRESHOLD) return payload
  addVary(reply)
  const encoding = negotiateEncoding(request.headers['accept-encoding'])
  if (!encoding) return payload
  const compressed =
    size <= SYNC_LIMIT
      ? encoding === 'br'
        ? brotliCompressSync(payload, { params: brotliParams(size) })
        : gzipSync(payload)
      : encoding === 'br'
        ? await brotliAsync(payload, { params: brotliParams(size) })
        : await gzipAsync(payload)
  reply.removeHeader('content-length')
  void reply.header('content-encoding', encoding)
  return compressed
}

export default fp(
  async function compressionPlugin(app: FastifyInstance) {
    await app.register(compress, { encodings: ['br', 'gzip'], threshold: THRESHOLD, brotliOptions: { params: BROTLI_PARAMS } })
    // A route's own onSend hooks run after every instance's (the audit writer, the idempotency
    // record, which stores the answer uncompressed); this one goes first among them, before
    // @fastify/compress's, which then finds the answer encoded and leaves it.
    app.addHook('onRoute', (route) => {
      const existing = route.onSend ? (Array.isArray(route.onSend) ? route.onSend : [route.onSend]) : []
      route.onSend = [compressInMemory, ...existing]
    })
  },
  { name: 'compression' },
)
