/**
 * Searches and counts that hold at scale (issue 8 §1): the case counts come from counters kept by
 * triggers, never from counting the cases; the `q` filter and the person search use the stored
 * search name's trigram index — typo-tolerant, nearest first — within the caller's visibility.
 */
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { caseMembers, cases, persons } from '../../src/db/schema/index.js'
import { visiblePersonsCondition, personSearchScopes } from '../../src/modules/persons/persons.policy.js'
import { searchPersons } from '../../src/modules/persons/persons.repository.js'
import { listCases } from '../../src/modules/cases/cases.repository.js'
import { visibleCasesCondition } from '../../src/modules/cases/cases.policy.js'
import type { Principal } from '../../src/lib/principal.js'
import { useTestContext } from '../helpers/app.js'
import { createCase, createPerson, createReferral } from '../helpers/case-factories.js'
import type { TestUser } from '../helpers/factories.js'
import { createCaseWorld, type CaseWorld } from './case-world.js'

const ctx = useTestContext()
const db = () => ctx.database.db
let world: CaseWorld

beforeAll(async () => {
  world = await createCaseWorld(ctx.app, db())
})

const get = (user: TestUser, url: string) => ctx.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: user.headers })
const post = (user: TestUser, url: string, payload: object) => ctx.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: user.headers, payload })

/** Every case the user lists (all pages), by status: what the counts must say. */
async function listedByStatus(user: TestUser, query = '') {
  const byStatus: Record<string, number> = { intake: 0, assessment: 0, active: 0, monitoring: 0, suspended: 0, closed: 0 }
  let cursor: string | null = null
  let total = 0
  do {
    const page = (await get(user, `/cases?limit=100${query}${cursor ? `&cursor=${cursor}` : ''}`)).json() as { items: { status: string }[]; nextCursor: string | null }
    for (const item of page.items) byStatus[item.status]!++
    total += page.items.length
    cursor = page.nextCursor
  } while (cursor)
  return { total, byStatus }
}

describe('case counts', () => {
  it('keeps counters per municipality, case manager and status that always equal the cases, whatever writes them', async () => {
    const { municipality, caseManager, colleague } = world
    const created = await Promise.all(
      (['intake', 'active', 'active', 'suspended', 'closed'] as const).map((status, i) => createCase(db(), { municipalityId: municipality, caseManagerId: i % 2 ? colleague.id : caseManager.id, status })),
    )
    await db().update(cases).set({ status: 'monitoring' }).where(sql`${cases.id} = ${created[1]!.id}`)
    await db().update(cases).set({ caseManagerId: colleague.id }).where(sql`${cases.id} = ${created[0]!.id}`)
    await db().update(cases).set({ sourceNotes: 'nessun cambio di stato' }).where(sql`${cases.municipalityId} = ${municipality}`)
    const counted = await db().execute(sql`
      select municipality_id, case_manager_id, status, count(*)::int as n from cases group by 1, 2, 3
      except
      select municipality_id, case_manager_id, status, sum(count)::int from case_counts group by 1, 2, 3 having sum(count) <> 0`)
    expect(counted.rows).toEqual([])
  })

  it('answers the counts each caller may see — coordinator, case manager with colleagues\' cases, partner operator — equal to what they list', async () => {
    const { municipality, otherMunicipality, coordinator, caseManager, colleague, operator, otherCoordinator, cooperative } = world
    const colleaguesCase = await createCase(db(), { municipalityId: municipality, caseManagerId: colleague.id, status: 'assessment' })
    await db().insert(caseMembers).values({ caseId: colleaguesCase.id, userId: caseManager.id })
    const referred = await createCase(db(), { municipalityId: municipality, caseManagerId: caseManager.id, status: 'active' })
    await createReferral(db(), { caseId: referred.id, municipalityId: municipality, partnerOrganisationId: cooperative })
    const elsewhere = await createCase(db(), { municipalityId: otherMunicipality, caseManagerId: otherCoordinator.id, status: 'active' })
    await createReferral(db(), { caseId: elsewhere.id, municipalityId: otherMunicipality, partnerOrganisationId: cooperative })
    await createReferral(db(), { caseId: (await createCase(db(), { municipalityId: municipality, caseManagerId: colleague.id })).id, municipalityId: municipality, partnerOrganisationId: cooperative, status: 'requested' })

    for (const [user, query] of [
      [coordinator, ''],
      [coordinator, `&assignedTo=${colleague.id}`],
      [coordinator, `&municipalityId=${otherMunicipality}`],
      [caseManager, ''],
      [caseManager, '&assignedTo=me'],
      [caseManager, `&assignedTo=${colleague.id}`],
      [colleague, ''],
      [operator, ''],
      [otherCoordinator, ''],
    ] as const) {
      const counts = (await get(user, `/cases/counts?${query.slice(1)}`)).json()
      expect(counts, `${user.email} ${query}`).toEqual(await listedByStatus(user, query))
    }
    expect((await get(operator, '/cases/counts')).json().total).toBe(2)
  })
})

describe('the q filter of the case list', () => {
  it('finds the person with a typo in the name, in either order, within the caller\'s visibility', async () => {
    const { municipality, coordinator, colleague } = world
    const person = await createPerson(db(), { municipalityId: municipality, givenName: 'Ermenegilda', familyName: 'Castagnoli' })
    const row = await createCase(db(), { municipalityId: municipality, caseManagerId: coordinator.id, personId: person.id })
    const found = async (user: TestUser, q: string) => (await get(user, `/cases?q=${encodeURIComponent(q)}`)).json().items.map((i: { id: string }) => i.id)
    expect(await found(coordinator, 'castagnolli')).toEqual([row.id])
    expect(await found(coordinator, 'CASTAGNOLI ermenegilda')).toEqual([row.id])
    expect(await found(coordinator, 'ermengilda')).toEqual([row.id])
    expect(await found(colleague, 'castagnoli')).toEqual([])
  })

  it('finds "Maria Brambilla" for "brambila", as the person search does', async () => {
    const { municipality, coordinator } = world
    const person = await createPerson(db(), { municipalityId: municipality, givenName: 'Maria', familyName: 'Brambilla' })
    const row = await createCase(db(), { municipalityId: municipality, caseManagerId: coordinator.id, personId: person.id })
    const ids = async (q: string) => (await get(coordinator, `/cases?q=${encodeURIComponent(q)}`)).json().items.map((i: { id: string }) => i.id)
    expect(await ids('brambila')).toContain(row.id)
    expect(await ids('Maria Brambila')).toContain(row.id)
    const searched = (await post(coordinator, '/persons/search', { name: 'brambila' })).json().items.map((i: { id: string }) => i.id)
    expect(searched).toContain(person.id)
  })

  it('lists the same cases for a name whether it reads its persons first or walks the newest cases', async () => {
    const { municipality, coordinator } = world
    const made = await Promise.all(['Cesira Tentorio', 'Cesira Tentori', 'Cesare Tentorio', 'Cesira Bonfanti'].map(async (name) => {
      const [givenName, familyName] = name.split(' ') as [string, string]
      const person = await createPerson(db(), { municipalityId: municipality, givenName, familyName })
      return createCase(db(), { municipalityId: municipality, caseManagerId: coordinator.id, personId: person.id })
    }))
    const principal: Principal = { kind: 'user', userId: coordinator.id, sessionId: coordinator.id, clientId: null, memberships: [{ organisationId: municipality, organisationKind: 'municipality', roles: ['coordinator'] }] }
    for (const q of ['tentorio', 'cesira tentori', 'Cesira']) {
      const ids = async (personsFirstAtMost: number) => {
        const seen: string[] = []
        let after: { updatedAt: string; id: string } | null = null
        for (;;) {
          const rows = await listCases(db(), visibleCasesCondition(principal), { q, after, limit: 1 }, personsFirstAtMost)
          seen.push(...rows.slice(0, 1).map((r) => r.id))
          if (rows.length <= 1) return seen
          after = { updatedAt: rows[0]!.cursorUpdatedAt, id: rows[0]!.id }
        }
      }
      const personsFirst = await ids(Number.MAX_SAFE_INTEGER)
      expect(personsFirst.length, q).toBeGreaterThan(0)
      expect(await ids(0), q).toEqual(personsFirst)
    }
    expect(made).toHaveLength(4)
  })
})

describe('the person search', () => {
  it('pages through many equally near names without repeating or skipping any', async () => {
    const { municipality, coordinator } = world
    const created = await Promise.all(Array.from({ length: 7 }, () => createPerson(db(), { municipalityId: municipality, givenName: 'Gioele', familyName: 'Pozzoli' })))
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = (await post(coordinator, '/persons/search', { name: 'gioele pozzolli', limit: 3, ...(cursor ? { cursor } : {}) })).json()
      seen.push(...page.items.map((i: { id: string }) => i.id))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    expect(seen.sort()).toEqual(created.map((p) => p.id).sort())
  })

  it('finds a name with two typos at once, best first, without the names that share only one word', async () => {
    const { municipality, coordinator } = world
    const giuseppe = await createPerson(db(), { municipalityId: municipality, givenName: 'Giuseppe', familyName: 'Fumagalli' })
    const kase = await createCase(db(), { municipalityId: municipality, caseManagerId: coordinator.id, personId: giuseppe.id })
    const noise = await Promise.all(
      [['Mario', 'Fumagalli'], ['Giuseppe', 'Colombo'], ['Giuseppina', 'Fumagazzi']].map(([givenName, familyName]) => createPerson(db(), { municipalityId: municipality, givenName: givenName!, familyName: familyName! })),
    )
    for (const name of ['giusepe fumagali', 'FUMAGALI Giusepe', 'Giùseppe Fumagàlli', 'giuseppe fumagalli']) {
      const items = (await post(coordinator, '/persons/search', { name })).json().items as { id: string; score: number }[]
      expect(items[0], name).toMatchObject({ id: giuseppe.id })
      expect(items.map((i) => i.id), name).not.toEqual(expect.arrayContaining([noise[0]!.id]))
      expect(items.map((i) => i.id), name).not.toEqual(expect.arrayContaining([noise[1]!.id]))
    }
    const exact = (await post(coordinator, '/persons/search', { name: 'Giuseppe Fumagalli' })).json().items[0]
    expect(exact).toMatchObject({ id: giuseppe.id, score: 1000, case: expect.objectContaining({ id: kase.id }) })
    const listed = (await get(coordinator, `/cases?q=${encodeURIComponent('giusepe fumagali')}`)).json().items.map((i: { id: string }) => i.id)
    expect(listed).toEqual([kase.id])

    // Within the caller's visibility only: not a colleague's, nor another municipality's, nor a partner's before the case is referred to it.
    const { colleague, otherCoordinator, operator, cooperative } = world
    const searched = async (user: TestUser) => (await post(user, '/persons/search', { name: 'giusepe fumagali' })).json().items.map((i: { id: string }) => i.id)
    expect(await searched(colleague)).not.toContain(giuseppe.id)
    expect(await searched(otherCoordinator)).not.toContain(giuseppe.id)
    expect(await searched(operator)).not.toContain(giuseppe.id)
    await createReferral(db(), { caseId: kase.id, municipalityId: municipality, partnerOrganisationId: cooperative })
    expect(await searched(operator)).toEqual([giuseppe.id])
  })

  it('keeps the dictionaries of search names and of given and family names equal to the names the persons bear, through inserts, renames and deletes', async () => {
    const { municipality, otherMunicipality } = world
    const created = await Promise.all(
      [['Ottavia', 'Rigamonti', municipality], ['Ottavia', 'Rigamonti', municipality], ['Ottavia', 'Rigamonti', otherMunicipality], ['Elvio', 'Mauri', municipality]].map(([givenName, familyName, municipalityId]) =>
        createPerson(db(), { municipalityId: municipalityId!, givenName: givenName!, familyName: familyName! }),
      ),
    )
    await db().update(persons).set({ givenName: 'Ottaviana' }).where(sql`${persons.id} = ${created[0]!.id}`)
    await db().update(persons).set({ phone: '0341 000000' }).where(sql`${persons.municipalityId} = ${municipality}`)
    await db().update(persons).set({ familyName: 'Rigamonti' }).where(sql`${persons.id} = ${created[3]!.id}`)
    await db().delete(persons).where(sql`${persons.id} = ${created[2]!.id}`)
    const differences = await db().execute(sql`
      (select municipality_id, search_name, count(*)::int as n from persons group by 1, 2
       except select municipality_id, search_name, persons::int from person_search_names)
      union all
      (select municipality_id, search_name, persons::int from person_search_names
       except select municipality_id, search_name, count(*)::int from persons group by 1, 2)`)
    expect(differences.rows).toEqual([])
    const names = await db().execute<{ search_name: string }>(sql`select search_name from person_search_names where municipality_id = ${otherMunicipality}::uuid`)
    expect(names.rows.map((r) => r.search_name)).not.toContain('ottavia rigamonti')
    // The dictionary of given and family names too.
    const partDifferences = await db().execute(sql`
      with parts as (
        select municipality_id, 'given' as kind, ponte_search_text(given_name) as part from persons
        union all select municipality_id, 'family', ponte_search_text(family_name) from persons)
      (select municipality_id, kind, part, count(*)::int as n from parts group by 1, 2, 3
       except select municipality_id, kind, part, persons::int from person_search_parts)
      union all
      (select municipality_id, kind, part, persons::int from person_search_parts
       except select municipality_id, kind, part, count(*)::int from parts group by 1, 2, 3)`)
    expect(partDifferences.rows).toEqual([])
    const parts = await db().execute<{ kind: string; part: string }>(sql`select kind, part from person_search_parts where municipality_id = ${otherMunicipality}::uuid`)
    expect(parts.rows).not.toContainEqual({ kind: 'given', part: 'ottavia' })
    expect(parts.rows).not.toContainEqual({ kind: 'family', part: 'rigamonti' })
  })

  it('finds a lone given or family name among many, the exact ones first and newest first, paging through every distance without repeating or skipping anyone', async () => {
    const { otherMunicipality } = world
    const coordinator = world.otherCoordinator
    const make = (givenName: string, familyName: string) => createPerson(db(), { municipalityId: otherMunicipality, givenName, familyName })
    const exact: { id: string }[] = []
    for (let i = 0; i < 5; i++) exact.push(await make('Ottorino', i % 2 ? 'Brivio' : 'Sangalli'))
    const asFamily = await make('Bruna', 'Ottorino')
    const both = await make('Ottorino', 'Ottorino')
    const near = await make('Ottorina', 'Brivio')
    const other = await make('Ottavio', 'Brivio')
    const seen: { id: string; score: number }[] = []
    let cursor: string | undefined
    do {
      const page = (await post(coordinator, '/persons/search', { name: 'OTTORINO', limit: 2, ...(cursor ? { cursor } : {}) })).json()
      seen.push(...page.items.map((i: { id: string; score: number }) => ({ id: i.id, score: i.score })))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    const ids = seen.map((r) => r.id)
    expect(new Set(ids).size).toBe(ids.length)
    // Exact given or family name first (score 1000), the newest registered first; then the near miss; never Ottavio.
    expect(ids.slice(0, 7)).toEqual([both, asFamily, ...exact.slice().reverse()].map((p) => p.id))
    expect(seen.slice(0, 7).every((r) => r.score === 1000)).toBe(true)
    expect(ids).toContain(near.id)
    expect(seen.find((r) => r.id === near.id)!.score).toBeLessThan(1000)
    expect(ids).not.toContain(other.id)
    // The case list's q finds the same persons' cases by a lone name too, with a typo.
    const kase = await createCase(db(), { municipalityId: otherMunicipality, caseManagerId: coordinator.id, personId: asFamily.id })
    expect((await get(coordinator, '/cases?q=ottorrino')).json().items.map((i: { id: string }) => i.id)).toEqual([kase.id])
  })

  it('matches one word in the dictionary of given and family names, several in that of full names, and reads each one\'s persons by its btree, never every match', async () => {
    const principal: Principal = {
      kind: 'user',
      userId: world.coordinator.id,
      sessionId: world.coordinator.id,
      clientId: null,
      memberships: [{ organisationId: world.municipality, organisationKind: 'municipality', roles: ['coordinator'] }],
    }
    const explainSearch = async (name: string) => {
      const statements: string[] = []
      const client = await ctx.database.pool.connect()
      try {
        // Every statement the search sends, explained as the indexes can answer it (whatever the planner prefers for tables this small).
        const recorder = new Proxy(client, {
          get(target, property, receiver) {
            if (property !== 'query') return Reflect.get(target, property, receiver)
            return async (config: string | { text: string; values?: unknown[] }, values?: unknown[]) => {
              const text = typeof config === 'string' ? config : config.text
              const params = typeof config === 'string' ? values : (config.values ?? values)
              if (/^\s*select/i.test(text)) statements.push(JSON.stringify((await target.query(`explain (format json) ${text}`, params)).rows[0]))
              return target.query(config as string, params)
            }
          },
        })
        const { drizzle } = await import('drizzle-orm/node-postgres')
        const schema = await import('../../src/db/schema/index.js')
        const traced = drizzle(recorder as never, { schema, casing: 'snake_case' })
        await client.query('set enable_seqscan = off; set enable_hashjoin = off; set enable_mergejoin = off')
        const rows = await searchPersons(traced, visiblePersonsCondition(principal), personSearchScopes(principal), { kind: 'name', name, birthDate: null }, { after: null, limit: 3 })
        expect(rows, name).toHaveLength(4)
      } finally {
        await client.query('reset all')
        client.release()
      }
      return statements
    }
    // One word: the parts from their dictionary (trigram index, or by municipality where it holds few), then at most a page of each part's persons from its btree.
    const oneWord = await explainSearch('Pozzolli')
    expect(oneWord[0]).toMatch(/"Relation Name":"person_search_parts"/)
    expect(oneWord[0]).toMatch(/"Index Name":"person_search_parts_(trgm_idx|municipality_id_kind_part_pk)"/)
    expect(oneWord[1]).toMatch(/"Node Type":"Limit"[^{]*"Plans":\[\{"Node Type":"Result"[^{]*"One-Time Filter":"\(u\.k = 'family'::text\)"[^{]*"Plans":\[\{"Node Type":"Index Scan"[^{]*"Index Name":"persons_municipality_family_part_id_idx"/)
    // Several words: the full names from theirs, then at most a page of each name's persons.
    const twoWords = await explainSearch('gioele pozzolli')
    expect(twoWords[0]).toMatch(/"Relation Name":"person_search_names"/)
    expect(twoWords[0]).toMatch(/"Index Name":"person_search_names_(trgm_idx|municipality_id_search_name_pk)"/)
    expect(twoWords[1]).toMatch(/"Node Type":"Limit"[^{]*"Plans":\[\{"Node Type":"Index (Only )?Scan( Backward)?"[^{]*"Index Name":"persons_municipality_search_name_id_idx"/)
  })
})
