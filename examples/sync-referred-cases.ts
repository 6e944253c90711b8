/**
 * Keeps a local file with the cases referred to your cooperative, through the change feed:
 * a case enters when its referral is accepted, is refreshed when it changes, and is deleted when it
 * leaves your sight (`case.visibility_lost`: the referral revoked or completed, the case closed).
 * The feed's cursor is stored with the data, so each run continues where the last one stopped.
 *
 *   PONTE_URL=https://ponte.example.it/api/v1 PONTE_CLIENT_ID=… PONTE_CLIENT_SECRET=pnt_… \
 *     pnpm --filter @ponte/examples sync-cases ./referred-cases.json
 *
 * The client needs the scopes `changes:read` and `cases:read`.
 */
import { readFile, rename, writeFile } from 'node:fs/promises'
import { createPartnerClient, readChanges, type ClientCredentials } from '@ponte/client/partner'

export interface LocalCase {
  id: string
  status: string
  personId: string
  /** The whole case as the API answered it. */
  record: Record<string, unknown>
  syncedAt: string
}

export interface SyncState {
  cursor: string | null
  cases: Record<string, LocalCase>
}

async function load(file: string): Promise<SyncState> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as SyncState
  } catch {
    return { cursor: null, cases: {} }
  }
}

/** Written to a temporary file and renamed: a crash never leaves half a file. */
async function save(file: string, state: SyncState) {
  await writeFile(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`)
  await rename(`${file}.tmp`, file)
}

/** One run: reads the feed to its end, applying each page and storing the cursor after it. */
export async function syncReferredCases(credentials: ClientCredentials, file: string): Promise<SyncState> {
  const api = createPartnerClient(credentials)
  const state = await load(file)
  const refresh = async (caseId: string) => {
    const { data, response } = await api.GET('/cases/{caseId}', { params: { path: { caseId } } })
    if (data) state.cases[caseId] = { id: data.id, status: data.status, personId: data.person.id, record: data as unknown as Record<string, unknown>, syncedAt: new Date().toISOString() }
    else if (response.status === 404) delete state.cases[caseId] // no longer ours to see
    else throw new Error(`Reading a case answered HTTP ${response.status}`)
  }
  await readChanges(api, {
    after: state.cursor ?? undefined,
    onPage: async (changes, cursor) => {
      for (const change of changes) {
        if (change.type === 'case.visibility_lost') delete state.cases[change.resourceId]
        else if (change.type === 'referral.accepted' && change.caseId) await refresh(change.caseId)
        else if (change.caseId && state.cases[change.caseId]) await refresh(change.caseId)
      }
      state.cursor = cursor
      await save(file, state)
    },
  })
  return state
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const env = (name: string) => process.env[name] ?? (console.error(`Set ${name}`), process.exit(2))
  const file = process.argv[2] ?? 'referred-cases.json'
  const state = await syncReferredCases({ baseUrl: env('PONTE_URL'), clientId: env('PONTE_CLIENT_ID'), clientSecret: env('PONTE_CLIENT_SECRET') }, file)
  console.log(`${Object.keys(state.cases).length} referred cases in ${file}`)
}
