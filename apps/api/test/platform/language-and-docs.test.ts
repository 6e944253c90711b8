/** API errors follow Accept-Language; the API reference tries requests on the server that served it; the server binds 127.0.0.1 unless told. */
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { problemLanguage } from '../../src/lib/problem-language.js'
import { useTestContext } from '../helpers/app.js'

const ctx = useTestContext()

describe('errors in the caller\'s language', () => {
  it('answers Italian by default and English when asked, for the platform\'s problems', async () => {
    const italian = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me' })
    expect(italian.statusCode).toBe(401)
    expect(italian.headers['content-language']).toBe('it')
    expect(italian.json()).toMatchObject({ title: 'Non autenticato', detail: "Manca l'intestazione Authorization: Bearer <token>." })

    const english = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { 'accept-language': 'en-GB,en;q=0.9,it;q=0.5' } })
    expect(english.statusCode).toBe(401)
    expect(english.headers['content-language']).toBe('en')
    expect(english.headers.vary).toMatch(/Accept-Language/)
    expect(english.json()).toMatchObject({ code: 'unauthorized', title: 'Not authenticated', detail: 'The Authorization: Bearer <token> header is missing.' })

    const login = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'accept-language': 'en' }, payload: { email: 'nobody@test.ponte', password: 'wrong-password-1' }, remoteAddress: '10.77.0.1' })
    expect(login.json()).toMatchObject({ title: 'Not authenticated', detail: 'Wrong email or password.' })

    const missing = await ctx.app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: { 'accept-language': 'en-US' } })
    expect(missing.json()).toMatchObject({ title: 'Not found', detail: 'No resource at GET /api/v1/nothing-here.' })

    const invalid = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'accept-language': 'en' }, payload: { email: 'not-an-email' } })
    expect(invalid.json()).toMatchObject({ status: 400, title: 'Invalid data' })
  })

  it('picks the preferred of Italian and English, Italian on a tie or neither', () => {
    expect(problemLanguage(undefined)).toBe('it')
    expect(problemLanguage('de-DE,de;q=0.9')).toBe('it')
    expect(problemLanguage('en')).toBe('en')
    expect(problemLanguage('it-IT,it;q=0.9,en;q=0.8')).toBe('it')
    expect(problemLanguage('it;q=0.4, en-US;q=0.6')).toBe('en')
    expect(problemLanguage('en;q=0, it;q=0.1')).toBe('it')
  })
})

describe('the API reference', () => {
  it('tries requests on the server that served the page', async () => {
    const spec = await ctx.app.inject({ method: 'GET', url: '/api/v1/docs/json', headers: { host: 'ponte.comune.example:8443' } })
    expect(spec.statusCode).toBe(200)
    expect(spec.json().servers[0].url).toBe('/api/v1')
  })
})

describe('the listening address', () => {
  it('is 127.0.0.1 unless HOST says otherwise', () => {
    const env = { JWT_SECRET: 'x'.repeat(40), DATA_DIR: '/tmp/ponte-config-test' } as NodeJS.ProcessEnv
    expect(loadConfig(env).host).toBe('127.0.0.1')
    expect(loadConfig({ ...env, HOST: '0.0.0.0' }).host).toBe('0.0.0.0')
  })
})
