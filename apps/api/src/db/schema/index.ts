/** Every table of Ponte, one file per aggregate. */
export * from './organisations.js'
export * from './users.js'
export * from './auth.js'
export * from './platform.js'
export * from './persons.js'
export * from './cases.js'
