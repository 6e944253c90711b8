/** Password hashing with argon2id (OWASP parameters) and the password policy. */
import { hash, verify } from '@node-rs/argon2'
import { checkPasswordPolicy } from '@ponte/shared'
import { fieldUnprocessable } from './errors.js'

const OPTIONS = { algorithm: 2 /* Algorithm.Argon2id (a const enum) */, memoryCost: 19456, timeCost: 2, parallelism: 1 }

export const hashPassword = (password: string) => hash(password, OPTIONS)

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

/** A hash of a random password: verifying against it costs the same time as against a real one. */
let decoyHash: Promise<string> | null = null
export const decoyPasswordHash = () => (decoyHash ??= hashPassword(`decoy-${Math.random()}`))

const POLICY_MESSAGES: Record<string, string> = {
  too_short: 'La password deve avere almeno 12 caratteri.',
  needs_letters_and_digits: 'La password deve contenere lettere e numeri.',
  contains_email: 'La password non può contenere l\'indirizzo email.',
}

/** Throws 422 naming the password field when the policy is not met. */
export function assertPasswordPolicy(password: string, email: string, pointer = '/password') {
  const problems = checkPasswordPolicy(password, email)
  if (problems.length > 0) throw fieldUnprocessable(problems.map((code) => ({ pointer, detail: POLICY_MESSAGES[code] ?? code, code })), 'La password non rispetta le regole.')
}
