/**
 * Errors Node's HTTP server and Fastify's router raise before any route runs are problem+json too
 * (issue 8 §5): a request that takes too long to arrive (408), headers too large (431), a path
 * parameter too long (414), a malformed request or URL (400). They used to answer Fastify's own
 * `{"error": …, "statusCode": …}` as application/json. And a body that trickles in is closed at
 * the request timeout instead of holding its connection open.
 *
 * The app listens on a real port: these answers come from the server, not from a route, so
 * `inject` cannot provoke them.
 */
import { connect, type Socket } from 'node:net'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestContext } from '../helpers/app.js'
import { createOrganisation, createUser, type TestUser } from '../helpers/factories.js'

// A short request timeout: the stalled request below waits for it (the event), not for a clock of its own.
const ctx = useTestContext({ server: { requestTimeoutMs: 400, headersTimeoutMs: 400, keepAliveTimeoutMs: 5000 } })
let port: number
let coordinator: TestUser

beforeAll(async () => {
  const municipality = await createOrganisation(ctx.database.db, { kind: 'municipality' })
  coordinator = await createUser(ctx.app, ctx.database.db, [{ organisationId: municipality.id, roles: ['coordinator'] }])
  await ctx.app.listen({ port: 0, host: '127.0.0.1' })
  port = (ctx.app.server.address() as { port: number }).port
})

interface RawResponse {
  status: number
  headers: Record<string, string>
  body: string
  /** The server closed the connection. */
  closed: boolean
}

/** Writes `chunks` on a raw connection (the last one left unfinished on purpose) and reads until the server closes it. */
function rawRequest(chunks: string[]): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1')
    let received = ''
    socket.setEncoding('utf8')
    socket.on('data', (data: string) => (received += data))
    socket.on('error', () => undefined)
    socket.on('close', () => {
      const [head = '', ...rest] = received.split('\r\n\r\n')
      const [statusLine = '', ...headerLines] = head.split('\r\n')
      const headers: Record<string, string> = {}
      for (const line of headerLines) {
        const at = line.indexOf(':')
        headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim()
      }
      if (!statusLine) return reject(new Error('no response'))
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n'), closed: true })
    })
    socket.on('connect', () => {
      for (const chunk of chunks) socket.write(chunk)
    })
  })
}

function expectProblem(response: { status: number; headers: Record<string, string>; body: string }, status: number) {
  expect(response.status, response.body).toBe(status)
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
  const problem = JSON.parse(response.body) as Record<string, unknown>
  expect(problem).toMatchObject({ status, type: expect.stringMatching(/^urn:ponte:problem:/), title: expect.any(String), detail: expect.any(String) })
  expect(Object.keys(problem).sort()).toEqual(expect.arrayContaining(['detail', 'status', 'title', 'type']))
  expect(problem).not.toHaveProperty('error')
  expect(problem).not.toHaveProperty('statusCode')
  return problem
}

describe('errors raised by the HTTP server', () => {
  it('a body that stalls after its headers is answered 408 problem+json and its connection closed at the request timeout', async () => {
    const body = JSON.stringify({ givenName: 'Ottavia', familyName: 'Castellazzi', birthDate: '1988-01-01', sex: 'F', taxCode: 'CSTTTV88A41F205X' })
    const response = await rawRequest([
      `POST /api/v1/persons HTTP/1.1\r\nHost: localhost\r\nAuthorization: ${coordinator.headers.authorization}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
      body.slice(0, 10),
    ])
    const problem = expectProblem(response, 408)
    expect(problem.code).toBe('request-timeout')
    expect(JSON.stringify(problem)).not.toContain('Ottavia')
    expect(response.closed).toBe(true)
  })

  it('headers that never end are answered 408 problem+json', async () => {
    const response = await rawRequest([`GET /api/v1/status HTTP/1.1\r\nHost: localhost\r\nX-Slow: 1\r\n`])
    expectProblem(response, 408)
  })

  it('headers larger than the server accepts are answered 431 problem+json', async () => {
    const response = await rawRequest([`GET /api/v1/status HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`])
    const problem = expectProblem(response, 431)
    expect(problem.code).toBe('headers-too-large')
    expect(response.body).not.toContain('aaaa')
  })

  it('a malformed request line is answered 400 problem+json', async () => {
    const response = await rawRequest(['NOT HTTP AT ALL\r\n\r\n'])
    expectProblem(response, 400)
  })
})

describe('errors raised by the router', () => {
  it('a path parameter longer than any id is answered 414 problem+json, without echoing it', async () => {
    const long = 'x'.repeat(300)
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/persons/${long}`, { headers: coordinator.headers })
    const problem = expectProblem({ status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() }, 414)
    expect(problem.code).toBe('uri-too-long')
    expect(JSON.stringify(problem)).not.toContain(long)
  })

  it('a path that is not valid percent-encoding is answered 400 problem+json', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/persons/%E0%A4%A', headers: coordinator.headers })
    expectProblem({ status: response.statusCode, headers: response.headers as Record<string, string>, body: response.body }, 400)
  })
})
