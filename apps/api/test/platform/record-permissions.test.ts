/**
 * A case record's `permissions` say exactly what its write endpoints allow: for each kind of record
 * and each caller (its author or owner, another member of the case, a coordinator of the
 * municipality, a partner of the case), every action of the record's permission enum is tried on a
 * fresh record, and it succeeds exactly when the record read by that caller lists it. On a closed
 * case too. A partner never sees these records (404 on the read and on every write).
 */
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import type { PlanStatus } from '@ponte/shared'
import { caseMembers, cases } from '../../src/db/schema/index.js'
import { todayInItaly } from '../../src/lib/dates.js'
import { useTestContext } from '../helpers/app.js'
import { createCase } from '../helpers/case-factories.js'
import { type TestUser } from '../helpers/factories.js'
import { insertCommitment, insertPlan } from '../plans/plan-helpers.js'
import { createWorkedCase, injectAs } from '../helpers/worked-case.js'

const ctx = useTestContext()

type World = Awaited<ReturnType<typeof createWorkedCase>>
type Who = 'caseManager' | 'member' | 'coordinator' | 'partner'
const CALLERS: Who[] = ['caseManager', 'member', 'coordinator', 'partner']

interface RecordBody {
  id: string
  version: number
  permissions: string[]
}

interface RecordKind {
  /** The collection under the case. */
  collection: string
  /** Every action of the record's permission enum, each with the request that takes it. */
  actions: Record<string, (record: RecordBody) => { method: 'POST' | 'PATCH'; path: string; body?: object }>
  /** A fresh record (made by the case manager) in the state where `action` could be taken. */
  create: (w: World, action: string) => Promise<RecordBody>
}

const inject = (user: TestUser, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, headers: Record<string, string> = {}) => injectAs(ctx, user, method, url, payload, headers)

async function created(user: TestUser, url: string, body: object): Promise<RecordBody> {
  const response = await inject(user, 'POST', url, body)
  expect(response.statusCode, response.body).toBe(201)
  return response.json()
}

const KINDS: Record<string, RecordKind> = {
  assessment: {
    collection: 'assessments',
    create: (w) => created(w.caseManager, `${w.base}/assessments`, { kind: 'preliminary', assessedOn: '2026-11-02', notes: 'Colloquio iniziale.' }),
    actions: {
      update: (r) => ({ method: 'PATCH', path: `assessments/${r.id}`, body: { notes: 'Aggiornata.' } }),
      sign: (r) => ({ method: 'POST', path: `assessments/${r.id}/sign` }),
    },
  },
  'diary note': {
    collection: 'diary-notes',
    create: (w) => created(w.caseManager, `${w.base}/diary-notes`, { notedOn: '2026-11-20', text: 'Telefonata con la signora.' }),
    actions: {
      update: (r) => ({ method: 'PATCH', path: `diary-notes/${r.id}`, body: { text: 'Telefonata con la signora, richiamare.' } }),
    },
  },
  meeting: {
    collection: 'meetings',
    create: (w) => created(w.caseManager, `${w.base}/meetings`, { date: '2026-11-20', startTime: '10:00' }),
    actions: {
      update: (r) => ({ method: 'PATCH', path: `meetings/${r.id}`, body: { agenda: 'Verifica del tirocinio.' } }),
      transition: (r) => ({ method: 'POST', path: `meetings/${r.id}/transitions`, body: { to: 'cancelled', reason: 'La persona è malata.' } }),
    },
  },
  'economic support': {
    collection: 'economic-supports',
    create: async (w, action) => {
      const support = await created(w.caseManager, `${w.base}/economic-supports`, { type: 'rent', amountCents: 30000, periodFrom: '2026-11-01', periodTo: '2026-11-30' })
      if (action !== 'recordPayment') return support
      const approved = await inject(w.coordinator, 'POST', `${w.base}/economic-supports/${support.id}/transitions`, { to: 'approved' }, { 'if-match': `"${support.version}"` })
      expect(approved.statusCode, approved.body).toBe(200)
      return approved.json()
    },
    actions: {
      update: (r) => ({ method: 'PATCH', path: `economic-supports/${r.id}`, body: { purpose: 'Affitto di novembre.' } }),
      decide: (r) => ({ method: 'POST', path: `economic-supports/${r.id}/transitions`, body: { to: 'approved' } }),
      recordPayment: (r) => ({ method: 'POST', path: `economic-supports/${r.id}/payment`, body: { paidOn: todayInItaly() } }),
    },
  },
}

/** Reads the record as `user` and tries each action on a fresh copy: succeeded iff permitted. */
async function checkKind(kind: RecordKind, w: World, who: Who) {
  const user = w[who]
  const mismatches: string[] = []
  for (const [action, requestOf] of Object.entries(kind.actions)) {
    const record = await kind.create(w, action)
    const read = await inject(user, 'GET', `${w.base}/${kind.collection}/${record.id}`)
    const permissions: string[] | null = read.statusCode === 200 ? read.json().permissions : null
    if (who === 'partner') expect(read.statusCode).toBe(404)
    else expect(read.statusCode, read.body).toBe(200)
    const { method, path, body } = requestOf(record)
    const response = await inject(user, method, `${w.base}/${path}`, body ?? (method === 'PATCH' ? {} : undefined), { 'if-match': `"${record.version}"` })
    const allowed = permissions?.includes(action) ?? false
    const succeeded = response.statusCode < 300
    if (allowed !== succeeded) mismatches.push(`${who} ${action}: permissions ${JSON.stringify(permissions)}, the endpoint answered ${response.statusCode} ${response.body}`)
    if (who === 'partner' && response.statusCode !== 404) mismatches.push(`partner ${action}: ${response.statusCode}, expected 404`)
  }
  return mismatches
}

describe('case records: permissions match what the write endpoints allow', () => {
  for (const [name, kind] of Object.entries(KINDS)) {
    it(`${name}: for its author, another member of the case, a coordinator and a partner`, async () => {
      const w = await createWorkedCase(ctx, '')
      w.base = w.base.replace(/\/$/, '')
      const mismatches: string[] = []
      for (const who of CALLERS) mismatches.push(...(await checkKind(kind, w, who)))
      expect(mismatches).toEqual([])
    })

    it(`${name}: on a closed case, the same`, async () => {
      const w = await createWorkedCase(ctx, '')
      w.base = w.base.replace(/\/$/, '')
      // A record per caller and action, made while the case is open; then the case is closed.
      const records = new Map<string, RecordBody>()
      for (const who of CALLERS) for (const action of Object.keys(kind.actions)) records.set(`${who} ${action}`, await kind.create(w, action))
      await ctx.database.db.update(cases).set({ status: 'closed' }).where(eq(cases.id, w.theCase.id))
      const mismatches: string[] = []
      for (const who of CALLERS) {
        const user = w[who]
        for (const [action, requestOf] of Object.entries(kind.actions)) {
          const record = records.get(`${who} ${action}`)!
          const read = await inject(user, 'GET', `${w.base}/${kind.collection}/${record.id}`)
          const permissions: string[] | null = read.statusCode === 200 ? read.json().permissions : null
          const { method, path, body } = requestOf(record)
          const response = await inject(user, method, `${w.base}/${path}`, body ?? (method === 'PATCH' ? {} : undefined), { 'if-match': `"${record.version}"` })
          const allowed = permissions?.includes(action) ?? false
          if (allowed !== response.statusCode < 300) mismatches.push(`${who} ${action}: permissions ${JSON.stringify(permissions)}, the endpoint answered ${response.statusCode}`)
        }
      }
      expect(mismatches).toEqual([])
    })
  }
})

describe('case records: what each caller may do', () => {
  it('an assessment: its author edits and signs it, a member and a coordinator edit it, nobody once it is signed', async () => {
    const w = await createWorkedCase(ctx, 'assessments')
    const assessment = await created(w.caseManager, w.base, { kind: 'preliminary', assessedOn: '2026-11-02', notes: 'Colloquio iniziale.' })
    const permissionsOf = async (user: TestUser) => (await inject(user, 'GET', `${w.base}/${assessment.id}`)).json().permissions
    expect(assessment.permissions).toEqual(['update', 'sign'])
    expect(await permissionsOf(w.member)).toEqual(['update'])
    expect(await permissionsOf(w.coordinator)).toEqual(['update'])
    const signed = await inject(w.caseManager, 'POST', `${w.base}/${assessment.id}/sign`, undefined, { 'if-match': `"${assessment.version}"` })
    expect(signed.json().permissions).toEqual([])
    expect(await permissionsOf(w.coordinator)).toEqual([])
  })

  it('a diary note: only its author edits it, and not once the case is closed', async () => {
    const w = await createWorkedCase(ctx, 'diary-notes')
    const note = await created(w.member, w.base, { notedOn: '2026-11-20', text: 'Telefonata con la signora.' })
    const listed = async (user: TestUser) => (await inject(user, 'GET', w.base)).json().items.find((n: RecordBody) => n.id === note.id).permissions
    expect(await listed(w.member)).toEqual(['update'])
    expect(await listed(w.caseManager)).toEqual([])
    expect(await listed(w.coordinator)).toEqual([])
    await ctx.database.db.update(cases).set({ status: 'closed' }).where(eq(cases.id, w.theCase.id))
    expect(await listed(w.member)).toEqual([])
    const refused = await inject(w.member, 'PATCH', `${w.base}/${note.id}`, { text: 'Dopo la chiusura.' }, { 'if-match': `"${note.version}"` })
    expect(refused.statusCode).toBe(409)
    expect(refused.json().code).toBe('case-closed')
  })

  it('a meeting: whoever works the case changes it and records its outcome while it is planned, nobody after', async () => {
    const w = await createWorkedCase(ctx, 'meetings')
    const meeting = await created(w.caseManager, w.base, { date: '2026-11-20', startTime: '10:00' })
    expect(meeting.permissions).toEqual(['update', 'transition'])
    expect((await inject(w.member, 'GET', `${w.base}/${meeting.id}`)).json().permissions).toEqual(['update', 'transition'])
    const cancelled = await inject(w.coordinator, 'POST', `${w.base}/${meeting.id}/transitions`, { to: 'cancelled', reason: 'Rinviato.' }, { 'if-match': `"${meeting.version}"` })
    expect(cancelled.json().permissions).toEqual([])
    // On a closed case a planned meeting no longer moves, but its outcome can still be recorded.
    const later = await created(w.caseManager, w.base, { date: '2026-11-21', startTime: '10:00' })
    await ctx.database.db.update(cases).set({ status: 'closed' }).where(eq(cases.id, w.theCase.id))
    expect((await inject(w.caseManager, 'GET', `${w.base}/${later.id}`)).json().permissions).toEqual(['transition'])
    const moved = await inject(w.caseManager, 'PATCH', `${w.base}/${later.id}`, { startTime: '11:00' }, { 'if-match': `"${later.version}"` })
    expect(moved.statusCode).toBe(409)
    expect(moved.json().code).toBe('case-closed')
  })

  it('an economic support: staff change the request, only a coordinator decides and records the payment', async () => {
    const w = await createWorkedCase(ctx, 'economic-supports')
    const support = await created(w.caseManager, w.base, { type: 'rent', amountCents: 30000, periodFrom: '2026-11-01', periodTo: '2026-11-30' })
    const permissionsOf = async (user: TestUser) => (await inject(user, 'GET', `${w.base}/${support.id}`)).json().permissions
    expect(support.permissions).toEqual(['update'])
    expect(await permissionsOf(w.member)).toEqual(['update'])
    expect(await permissionsOf(w.coordinator)).toEqual(['update', 'decide'])
    const approved = await inject(w.coordinator, 'POST', `${w.base}/${support.id}/transitions`, { to: 'approved' }, { 'if-match': `"${support.version}"` })
    expect(approved.json().permissions).toEqual(['recordPayment'])
    expect(await permissionsOf(w.caseManager)).toEqual([])
  })
})

/**
 * Plans: one version in progress per case, so each try gets a case of its own (assigned to the
 * same case manager, with the same member), its version in the status where the action applies.
 */
describe('plans: permissions match what the write endpoints allow', () => {
  const PLAN_ACTIONS: Record<string, { status: PlanStatus; request: (planId: string, commitmentId: string) => { method: 'POST' | 'PATCH'; path: string; body: object } }> = {
    update: { status: 'draft', request: (id) => ({ method: 'PATCH', path: id, body: { notes: 'Rivisto al colloquio.' } }) },
    submit: { status: 'draft', request: (id) => ({ method: 'POST', path: `${id}/transitions`, body: { action: 'submit' } }) },
    approve: { status: 'submitted', request: (id) => ({ method: 'POST', path: `${id}/transitions`, body: { action: 'approve' } }) },
    return: { status: 'submitted', request: (id) => ({ method: 'POST', path: `${id}/transitions`, body: { action: 'return', reason: 'Manca un obiettivo.' } }) },
    sign: { status: 'approved', request: (id) => ({ method: 'POST', path: `${id}/transitions`, body: { action: 'sign', signedOn: todayInItaly() } }) },
    revise: { status: 'signed', request: (id) => ({ method: 'POST', path: `${id}/revisions`, body: {} }) },
    addCommitments: { status: 'draft', request: (id) => ({ method: 'POST', path: `${id}/commitments`, body: { who: 'person', what: 'Iscriversi al corso', dueDate: '2027-01-31' } }) },
    updateCommitments: { status: 'signed', request: (id, commitmentId) => ({ method: 'PATCH', path: `${id}/commitments/${commitmentId}`, body: { status: 'missed' } }) },
  }

  async function tryEach(closed: boolean) {
    const w = await createWorkedCase(ctx, 'plans')
    const db = ctx.database.db
    const mismatches: string[] = []
    for (const who of CALLERS) {
      for (const [action, { status, request }] of Object.entries(PLAN_ACTIONS)) {
        const theCase = await createCase(db, { municipalityId: w.municipality.id, caseManagerId: w.caseManager.id, status: 'active' })
        await db.insert(caseMembers).values({ caseId: theCase.id, userId: w.member.id })
        const plan = await insertPlan(db, { caseId: theCase.id, status, createdBy: w.caseManager.id })
        const commitment = await insertCommitment(db, { planId: plan.id, caseId: theCase.id, dueDate: '2026-12-15' })
        if (closed) await db.update(cases).set({ status: 'closed' }).where(eq(cases.id, theCase.id))
        const base = `/api/v1/cases/${theCase.id}/plans`
        const read = await inject(w[who], 'GET', `${base}/${plan.id}`)
        if (who === 'partner') expect(read.statusCode).toBe(404)
        const permissions: string[] | null = read.statusCode === 200 ? read.json().permissions : null
        const { method, path, body } = request(plan.id, commitment.id)
        const response = await inject(w[who], method, `${base}/${path}`, body, { 'if-match': `"${method === 'PATCH' && path.includes('/commitments/') ? commitment.version : plan.version}"` })
        const allowed = permissions?.includes(action) ?? false
        if (allowed !== response.statusCode < 300) mismatches.push(`${who} ${action}: permissions ${JSON.stringify(permissions)}, the endpoint answered ${response.statusCode} ${response.body}`)
      }
    }
    return mismatches
  }

  it('for the assigned case manager, a member of the case, a coordinator and a partner', async () => {
    expect(await tryEach(false)).toEqual([])
  })

  it('on a closed case, the same (nothing is allowed)', async () => {
    expect(await tryEach(true)).toEqual([])
  })

  it('a signed version is revised only while no other version is in progress', async () => {
    const w = await createWorkedCase(ctx, 'plans')
    const db = ctx.database.db
    const signed = await insertPlan(db, { caseId: w.theCase.id, status: 'signed', createdBy: w.caseManager.id })
    expect((await inject(w.caseManager, 'GET', `${w.base}/${signed.id}`)).json().permissions).toEqual(['revise', 'updateCommitments'])
    await insertPlan(db, { caseId: w.theCase.id, status: 'draft', versionNumber: 2, createdBy: w.caseManager.id })
    const listed = (await inject(w.caseManager, 'GET', w.base)).json().items
    expect(listed.map((p: { versionNumber: number; permissions: string[] }) => [p.versionNumber, p.permissions])).toEqual([
      [2, ['update', 'submit', 'addCommitments', 'updateCommitments']],
      [1, ['updateCommitments']],
    ])
    const refused = await inject(w.caseManager, 'POST', `${w.base}/${signed.id}/revisions`, {})
    expect(refused.statusCode).toBe(409)
    expect(refused.json().code).toBe('plan-in-progress')
  })
})

/**
 * Partner commitments (the plan in force's commitments assigned to the cooperative the case is
 * referred to): the partner's operator and the municipality's staff update their status and write
 * progress notes while the case is open; each commitment's `permissions` say so, record by record.
 */
describe('partner commitments: permissions match what the write endpoints allow', () => {
  const ACTIONS: Record<string, (caseId: string, commitmentId: string) => { method: 'POST' | 'PATCH'; path: string; body: object }> = {
    updateStatus: (caseId, id) => ({ method: 'PATCH', path: `/api/v1/cases/${caseId}/plan-commitments/${id}`, body: { status: 'missed' } }),
    addProgressNote: (caseId, id) => ({ method: 'POST', path: `/api/v1/cases/${caseId}/plan-commitments/${id}/progress-notes`, body: { text: 'Colloquio fissato.' } }),
  }

  async function tryEach(closed: boolean) {
    const w = await createWorkedCase(ctx, 'plans')
    const db = ctx.database.db
    const plan = await insertPlan(db, { caseId: w.theCase.id, status: 'signed', createdBy: w.caseManager.id })
    const made: { who: Who; action: string; id: string; version: number }[] = []
    for (const who of CALLERS) {
      for (const action of Object.keys(ACTIONS)) {
        const c = await insertCommitment(db, { planId: plan.id, caseId: w.theCase.id, who: 'partner', partnerOrganisationId: w.cooperative.id, dueDate: '2026-12-15' })
        made.push({ who, action, id: c.id, version: c.version })
      }
    }
    if (closed) await db.update(cases).set({ status: 'closed' }).where(eq(cases.id, w.theCase.id))
    const mismatches: string[] = []
    for (const { who, action, id, version } of made) {
      const list = await inject(w[who], 'GET', `/api/v1/cases/${w.theCase.id}/partner-commitments?limit=50`)
      expect(list.statusCode, list.body).toBe(200)
      const permissions: string[] = list.json().items.find((c: RecordBody) => c.id === id).permissions
      const { method, path, body } = ACTIONS[action]!(w.theCase.id, id)
      const response = await inject(w[who], method, path, body, method === 'PATCH' ? { 'if-match': `"${version}"` } : {})
      if (permissions.includes(action) !== response.statusCode < 300) mismatches.push(`${who} ${action}: permissions ${JSON.stringify(permissions)}, the endpoint answered ${response.statusCode} ${response.body}`)
    }
    return mismatches
  }

  it('for the partner\'s operator, the assigned case manager, a member of the case and a coordinator', async () => {
    expect(await tryEach(false)).toEqual([])
  })

  it('on a closed case, the same (nothing is allowed)', async () => {
    expect(await tryEach(true)).toEqual([])
  })
})
