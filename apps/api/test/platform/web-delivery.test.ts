/**
 * How the API delivers the built web app and its JSON: compressed (Brotli, else gzip), hashed
 * assets cached for a year, index.html revalidated, source maps never served.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync, constants as zlibConstants } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { BROTLI_QUALITY } from '../../src/app.js'
import { useTestContext } from '../helpers/app.js'
import { createCase, createPerson } from '../helpers/case-factories.js'
import { createOrganisation, createUser } from '../helpers/factories.js'

/** A built web app as Vite and apps/web/build/precompress.ts leave it. */
function writeWebDist(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'ponte-web-dist-'))
  mkdirSync(path.join(root, 'assets'))
  const write = (name: string, content: string, precompress = true) => {
    writeFileSync(path.join(root, name), content)
    if (!precompress) return
    writeFileSync(path.join(root, `${name}.br`), brotliCompressSync(content))
    writeFileSync(path.join(root, `${name}.gz`), gzipSync(content))
  }
  write('index.html', `<!doctype html><html lang="it"><head><title>Ponte</title><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body><div id="app"></div>${' '.repeat(2000)}</body></html>`)
  write('assets/index-Ab12Cd34.js', `console.log(${JSON.stringify('x'.repeat(4000))})\n//# sourceMappingURL=index-Ab12Cd34.js.map`)
  write('assets/index-Ab12Cd34.js.map', '{"version":3,"sources":["src/main.ts"],"mappings":""}', false)
  write('favicon.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>', false)
  return root
}

const webDist = writeWebDist()
const ctx = useTestContext({ webDist })
afterAll(() => rmSync(webDist, { recursive: true, force: true }))

const asset = '/assets/index-Ab12Cd34.js'

describe('web app delivery', () => {
  it('sends a hashed asset Brotli-compressed, cached immutably for a year', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: asset, headers: { 'accept-encoding': 'gzip, deflate, br' } })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-encoding']).toBe('br')
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(response.headers['vary']).toMatch(/accept-encoding/i)
    expect(response.headers['content-type']).toMatch(/javascript/)
    expect(brotliDecompressSync(response.rawPayload).toString()).toContain('console.log')
  })

  it('sends gzip to a client without Brotli, and the plain file to one that accepts neither', async () => {
    const gzipped = await ctx.app.inject({ method: 'GET', url: asset, headers: { 'accept-encoding': 'gzip' } })
    expect(gzipped.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gzipped.rawPayload).toString()).toContain('console.log')

    const plain = await ctx.app.inject({ method: 'GET', url: asset, headers: { 'accept-encoding': 'identity' } })
    expect(plain.statusCode).toBe(200)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body).toContain('console.log')
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable')
  })

  it('sends index.html compressed and to be revalidated, at / and at any page of the app', async () => {
    for (const url of ['/', '/cases/0b7c6e0e-0000-4000-8000-000000000000']) {
      const response = await ctx.app.inject({ method: 'GET', url, headers: { accept: 'text/html', 'accept-encoding': 'br' } })
      expect(response.statusCode, url).toBe(200)
      expect(response.headers['content-encoding'], url).toBe('br')
      expect(response.headers['cache-control'], url).toBe('no-cache')
      expect(brotliDecompressSync(response.rawPayload).toString(), url).toContain('<div id="app">')
    }
  })

  it('revalidates the files that are not hashed', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/favicon.svg' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['cache-control']).toBe('no-cache')
  })

  it('never serves a source map, even one left in the build', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: `${asset}.map`, headers: { 'accept-encoding': 'br' } })
    expect(response.statusCode).toBe(404)
    expect(response.body).not.toContain('mappings')
  })
})

describe('API compression', () => {
  it('compresses JSON answers with Brotli, else gzip', async () => {
    const br = await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json', headers: { 'accept-encoding': 'br, gzip' } })
    expect(br.statusCode).toBe(200)
    expect(br.headers['content-encoding']).toBe('br')
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString())).toHaveProperty('openapi')

    const gzip = await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json', headers: { 'accept-encoding': 'gzip' } })
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(JSON.parse(gunzipSync(gzip.rawPayload).toString())).toHaveProperty('openapi')
  })

  it('compresses JSON with Brotli at a quality that costs little CPU (4), not the maximum (11), and still below gzip', async () => {
    const plain = await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })
    const br = await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json', headers: { 'accept-encoding': 'br' } })
    expect(BROTLI_QUALITY).toBe(4)
    const at = (quality: number) => brotliCompressSync(plain.rawPayload, { params: { [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT, [zlibConstants.BROTLI_PARAM_QUALITY]: quality } })
    expect(br.rawPayload.equals(at(4))).toBe(true)
    expect(br.rawPayload.equals(at(11))).toBe(false)
    expect(br.rawPayload.length).toBeLessThan(gzipSync(plain.rawPayload).length)
  })

  it('answers in the encoding the client prefers (q-values, *, x-gzip), with its length and Vary', async () => {
    const url = '/api/v1/openapi.json'
    const encodingFor = async (accept: string) => (await ctx.app.inject({ method: 'GET', url, headers: { 'accept-encoding': accept } })).headers['content-encoding']
    expect(await encodingFor('gzip, deflate, br')).toBe('br')
    expect(await encodingFor('br;q=0, gzip')).toBe('gzip')
    expect(await encodingFor('gzip;q=1, br;q=0.5')).toBe('gzip')
    expect(await encodingFor('x-gzip')).toBe('gzip')
    expect(await encodingFor('*')).toBe('br')
    expect(await encodingFor('br;q=0, *')).toBe('gzip')
    expect(await encodingFor('identity')).toBeUndefined()
    expect(await encodingFor('deflate')).toBeUndefined()
    const br = await ctx.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br' } })
    expect(br.headers['content-length']).toBe(String(br.rawPayload.length))
    expect(br.headers['vary']).toMatch(/accept-encoding/i)
    const noCompression = await ctx.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br', 'x-no-compression': '1' } })
    expect(noCompression.headers['content-encoding']).toBeUndefined()
  })

  it('leaves answers under 1 KiB plain', async () => {
    const small = await ctx.app.inject({ method: 'GET', url: '/api/v1/status', headers: { 'accept-encoding': 'br' } })
    expect(small.statusCode).toBe(200)
    expect(small.rawPayload.length).toBeLessThan(1024)
    expect(small.headers['content-encoding']).toBeUndefined()
    expect(small.json()).toBeTypeOf('object')
  })

  it('remembers an idempotent answer uncompressed: the retry gets it in its own encoding', async () => {
    const municipality = await createOrganisation(ctx.database.db, { kind: 'municipality' })
    const coordinator = await createUser(ctx.app, ctx.database.db, [{ organisationId: municipality.id, roles: ['coordinator', 'case_manager'] }])
    const person = await createPerson(ctx.database.db, { municipalityId: municipality.id })
    const { id: caseId } = await createCase(ctx.database.db, { municipalityId: municipality.id, caseManagerId: coordinator.id, personId: person.id })
    const payload = { notedOn: '2026-11-30', text: 'Colloquio di verifica. '.repeat(100) }
    const post = (encoding: string) => ctx.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/diary-notes`, headers: { ...coordinator.headers, 'idempotency-key': `compressed-${caseId}`, 'accept-encoding': encoding }, payload })
    const first = await post('br')
    expect(first.statusCode).toBe(201)
    expect(first.headers['content-encoding']).toBe('br')
    const created = JSON.parse(brotliDecompressSync(first.rawPayload).toString())
    expect(created).toMatchObject({ text: payload.text })
    const retry = await post('gzip')
    expect(retry.statusCode).toBe(201)
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect(retry.headers['content-encoding']).toBe('gzip')
    expect(JSON.parse(gunzipSync(retry.rawPayload).toString())).toEqual(created)
    const plain = await post('identity')
    expect(plain.json()).toEqual(created)
  })

  it('compresses an answer of a few KiB (on the event loop) and one above 16 KiB (on the thread pool) to exactly the plain answer, in both encodings', async () => {
    const municipality = await createOrganisation(ctx.database.db, { kind: 'municipality' })
    const coordinator = await createUser(ctx.app, ctx.database.db, [{ organisationId: municipality.id, roles: ['coordinator', 'case_manager'] }])
    const person = await createPerson(ctx.database.db, { municipalityId: municipality.id })
    const { id: caseId } = await createCase(ctx.database.db, { municipalityId: municipality.id, caseManagerId: coordinator.id, personId: person.id })
    for (let i = 0; i < 12; i++) {
      const note = await ctx.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/diary-notes`, headers: coordinator.headers, payload: { notedOn: '2026-11-30', text: `Nota ${i}: colloquio di verifica con la persona e la famiglia. `.repeat(30) } })
      expect(note.statusCode).toBe(201)
    }
    const get = (url: string, encoding: string) => ctx.app.inject({ method: 'GET', url, headers: { ...coordinator.headers, 'accept-encoding': encoding } })
    const noteUrl = `/api/v1/cases/${caseId}/diary-notes?limit=1`
    const pageUrl = `/api/v1/cases/${caseId}/diary-notes?limit=50`
    for (const [url, size] of [[noteUrl, 'small'], [pageUrl, 'large']] as const) {
      const plain = await get(url, 'identity')
      expect(plain.statusCode).toBe(200)
      if (size === 'small') expect(plain.rawPayload.length).toBeGreaterThan(1024)
      expect(plain.rawPayload.length > 16 * 1024, url).toBe(size === 'large')
      const br = await get(url, 'br')
      expect(br.headers['content-encoding']).toBe('br')
      expect(br.headers['content-length']).toBe(String(br.rawPayload.length))
      expect(brotliDecompressSync(br.rawPayload).equals(plain.rawPayload)).toBe(true)
      const gzip = await get(url, 'gzip')
      expect(gzip.headers['content-encoding']).toBe('gzip')
      expect(gunzipSync(gzip.rawPayload).equals(plain.rawPayload)).toBe(true)
    }
  })

  it('answers plainly to a client that does not accept compression', async () => {
    const plain = await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.json()).toHaveProperty('openapi')
  })
})
