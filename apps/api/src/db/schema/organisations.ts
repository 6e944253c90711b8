/** Organisations (enti) and the hierarchy between them (a cooperative may belong to a consortium). */
import { type AnyPgColumn, boolean, index, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, updatedAt, version } from './_columns.js'

export const organisations = pgTable(
  'organisations',
  {
    id: id(),
    kind: text('kind', { enum: ['municipality', 'district', 'consortium', 'cooperative', 'employment_agency', 'other'] }).notNull(),
    name: text('name').notNull(),
    taxCode: text('tax_code').unique(),
    parentId: uuid('parent_id').references((): AnyPgColumn => organisations.id),
    cooperativeType: text('cooperative_type', { enum: ['A', 'B'] }),
    email: text('email'),
    isActive: boolean('is_active').notNull().default(true),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('organisations_parent_idx').on(t.parentId)],
)
export type OrganisationRow = typeof organisations.$inferSelect
