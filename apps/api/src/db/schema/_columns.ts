/** Columns most tables share: a time-ordered UUID key, optimistic-concurrency version and timestamps. */
import { integer, timestamp, uuid } from 'drizzle-orm/pg-core'
import { v7 as uuidv7 } from 'uuid'

export const id = () => uuid('id').primaryKey().$defaultFn(() => uuidv7())
export const version = () => integer('version').notNull().default(1)
export const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
export const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })
