import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../src/config.js'
import { useTestContext } from '../helpers/app.js'

const env = (TRUST_PROXY: string) => ({ TRUST_PROXY, JWT_SECRET: 'x'.repeat(40), DATA_DIR: '/tmp/ponte-config-test' }) as NodeJS.ProcessEnv

describe('TRUST_PROXY', () => {
  it('is a hop count or the proxies\' addresses, never "true"', () => {
    expect(loadConfig(env('')).trustProxy).toBe(false)
    expect(loadConfig(env('1')).trustProxy).toBe(1)
    expect(loadConfig(env('10.0.0.2, 172.16.0.0/12,loopback')).trustProxy).toEqual(['10.0.0.2', '172.16.0.0/12', 'loopback'])
    expect(() => loadConfig(env('true'))).toThrow(ConfigError)
    expect(() => loadConfig(env('nginx'))).toThrow(/TRUST_PROXY/)
    expect(() => loadConfig(env('10.0.0.0/40'))).toThrow(/TRUST_PROXY/)
  })
})

const auth = { accessTokenSeconds: 900, refreshTokenSeconds: 3600, sessionIdleSeconds: 1800, maxFailuresPerAccount: 5, maxFailuresPerAddress: 3, failureWindowSeconds: 900, refreshReuseGraceSeconds: 30 }

const failLogin = (app: ReturnType<typeof useTestContext>['app'], i: number, remoteAddress: string, forwardedFor?: string) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: `nobody-${i}@test.ponte`, password: 'wrong-password-123' }, remoteAddress, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} })

describe('behind one proxy hop (TRUST_PROXY=1)', () => {
  const ctx = useTestContext({ trustProxy: 1, auth })

  it('a client-chosen X-Forwarded-For does not escape the per-address throttle', async () => {
    // The proxy at 10.9.0.1 appends the peer it saw (203.0.113.7) to whatever the client sent.
    for (let i = 0; i < 3; i++) expect((await failLogin(ctx.app, i, '10.9.0.1', `198.51.100.${i}, 203.0.113.7`)).statusCode).toBe(401)
    const blocked = await failLogin(ctx.app, 99, '10.9.0.1', '198.51.100.200, 203.0.113.7')
    expect(blocked.statusCode).toBe(429)
    // Another client behind the same proxy is not affected.
    const other = await failLogin(ctx.app, 100, '10.9.0.1', '203.0.113.8')
    expect(other.statusCode, other.body).toBe(401)
  })
})

describe('the sign-in route limit behind one proxy hop', () => {
  // The per-address throttle is set high here, so that only the route limit (30 a minute) can answer 429.
  const ctx = useTestContext({ trustProxy: 1, auth: { ...auth, maxFailuresPerAddress: 1000, maxFailuresPerAccount: 1000 } })

  it('counts a client that sends a new X-Forwarded-For each time by the address the proxy saw: the 31st attempt is 429', async () => {
    for (let i = 0; i < 30; i++) expect((await failLogin(ctx.app, i, '10.9.0.1', `198.51.100.${i}, 203.0.113.9`)).statusCode).toBe(401)
    const limited = await failLogin(ctx.app, 30, '10.9.0.1', '198.51.100.250, 203.0.113.9')
    expect(limited.statusCode).toBe(429)
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/)
  })
})

describe('behind a proxy named by its address', () => {
  const ctx = useTestContext({ trustProxy: ['10.9.0.1'], auth })

  it('believes X-Forwarded-For only from that proxy: a direct client is counted by its own address', async () => {
    for (let i = 0; i < 3; i++) expect((await failLogin(ctx.app, i, '203.0.113.50', `198.51.100.${i}`)).statusCode).toBe(401)
    expect((await failLogin(ctx.app, 99, '203.0.113.50', '198.51.100.99')).statusCode).toBe(429)
    // Through the proxy, the forwarded address is the client's: the blocked one stays blocked, another is not.
    expect((await failLogin(ctx.app, 100, '10.9.0.1', '203.0.113.50')).statusCode).toBe(429)
    expect((await failLogin(ctx.app, 101, '10.9.0.1', '198.51.100.7')).statusCode).toBe(401)
  })
})

describe('the compose deployment (deploy/nginx.conf, docker-compose.yml)', () => {
  const root = path.join(import.meta.dirname, '../../../..')
  const nginx = readFileSync(path.join(root, 'deploy/nginx.conf'), 'utf8')

  it('has nginx set X-Forwarded-For to the peer it saw in every location that proxies, never append to what the client sent', () => {
    expect(nginx).not.toMatch(/\$proxy_add_x_forwarded_for/)
    const proxying = nginx.split(/\n\s*location /).filter((block) => block.includes('proxy_pass'))
    expect(proxying.length).toBeGreaterThan(0)
    for (const block of proxying) expect(block).toMatch(/proxy_set_header X-Forwarded-For \$remote_addr;/)
  })

  it('trusts exactly that one hop in the API (TRUST_PROXY "1", never "true")', () => {
    const compose = readFileSync(path.join(root, 'docker-compose.yml'), 'utf8')
    expect(compose).toMatch(/TRUST_PROXY: "1"/)
    expect(compose).not.toMatch(/TRUST_PROXY: "?true"?/)
  })
})
