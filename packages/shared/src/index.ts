/** The Ponte API contract, one module per resource. */
export * from './common.js'
export * from './organisations.js'
export * from './auth.js'
export * from './users.js'
export * from './tax-code.js'
