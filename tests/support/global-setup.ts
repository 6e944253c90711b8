/**
 * Starts the built product exactly as a user does (`node apps/api/dist/server.js`) on a free port
 * with a fresh data folder — embedded PostgreSQL, demo data loaded on first start — and stops it
 * after the run. Needs `pnpm build` first (the root `pnpm test` builds before testing).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { get } from 'node:http'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
  }
}

const root = path.resolve(import.meta.dirname, '../..')
let server: ChildProcess | null = null
let dataDir: string | null = null

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })

/** The HTTP status of a GET, 0 when nothing answers; no keep-alive socket outlives it. */
const statusOf = (url: string) =>
  new Promise<number>((resolve) => {
    const request = get(url, { agent: false }, (response) => {
      response.resume()
      resolve(response.statusCode ?? 0)
    })
    request.on('error', () => resolve(0))
  })

export async function setup(project: TestProject) {
  const entry = path.join(root, 'apps/api/dist/server.js')
  const web = path.join(root, 'apps/web/dist/index.html')
  if (!existsSync(entry) || !existsSync(web)) throw new Error('Build the product first: `pnpm build` (the root `pnpm test` does it).')
  dataDir = mkdtempSync(path.join(tmpdir(), 'ponte-e2e-'))
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  let output = ''
  server = spawn(process.execPath, [entry], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', PUBLIC_URL: baseUrl, RATE_LIMIT_MAX: '100000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const deadline = Date.now() + 300_000
  for (;;) {
    if (server.exitCode !== null) throw new Error(`Ponte exited during start-up:\n${output}`)
    if ((await statusOf(`${baseUrl}/api/v1/status`)) === 200) break
    if (Date.now() > deadline) throw new Error(`Ponte did not start within 90 s:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  project.provide('baseUrl', baseUrl)
}

export async function teardown() {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve))
    server.kill('SIGTERM')
    let timer: NodeJS.Timeout | undefined
    await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 15_000)))])
    clearTimeout(timer)
    if (server.exitCode === null) server.kill('SIGKILL')
    server.stdout?.destroy()
    server.stderr?.destroy()
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
}
