/**
 * recordAudit writes any number of entries in one statement (the actor once, the entries as
 * arrays): each entry keeps its own fields, in the order given, and a list of changed fields
 * survives quotes, backslashes, commas and braces.
 */
import { asc, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog } from '../../src/db/schema/index.js'
import { recordAudit, sealAuditTrail, SYSTEM_ACTOR } from '../../src/lib/audit.js'
import { useTestContext } from '../helpers/app.js'
import { createOrganisation } from '../helpers/factories.js'

const ctx = useTestContext()
const db = () => ctx.database.db

describe('recording audit entries', () => {
  it('writes a page of entries in order, each with its own fields, pending until sealed', async () => {
    const org = await createOrganisation(db())
    const other = await createOrganisation(db())
    const requestId = `req-${org.id}`
    const ids = Array.from({ length: 50 }, (_, i) => `019a7b1e-6c2e-7a4b-9a51-${String(i).padStart(12, '0')}`)
    await recordAudit(db(), { actorUserId: null, actorClientId: null, channel: 'staff', requestId }, [
      ...ids.map((id, i) => ({ action: 'list', resourceType: 'case', resourceId: id, organisationId: i === 7 ? other.id : org.id })),
      { action: 'update', resourceType: 'person', resourceId: null, changedFields: ['a"b', 'c\\d', 'e,f', '{g}', 'NULL', ''] },
      { action: 'update', resourceType: 'person', changedFields: [] },
    ])
    const rows = await db().select().from(auditLog).where(eq(auditLog.requestId, requestId)).orderBy(asc(auditLog.id))
    expect(rows.map((r) => r.resourceId)).toEqual([...ids, null, null])
    expect(rows.slice(0, 50).every((r, i) => r.action === 'list' && r.resourceType === 'case' && r.organisationId === (i === 7 ? other.id : org.id) && r.changedFields === null)).toBe(true)
    expect(rows[50]).toMatchObject({ action: 'update', resourceType: 'person', organisationId: null, changedFields: ['a"b', 'c\\d', 'e,f', '{g}', 'NULL', ''] })
    expect(rows[51]!.changedFields).toEqual([])
    expect(rows.every((r) => r.channel === 'staff' && r.actorUserId === null && r.hash === null && r.prevHash === null)).toBe(true)

    await sealAuditTrail(db())
    const sealed = await db().select().from(auditLog).where(eq(auditLog.requestId, requestId))
    expect(sealed.every((r) => r.hash !== null)).toBe(true)
  })

  it('writes nothing for no entries', async () => {
    await expect(recordAudit(db(), SYSTEM_ACTOR, [])).resolves.toBeUndefined()
  })
})
