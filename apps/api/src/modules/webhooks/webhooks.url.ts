/**
 * Where deliveries may go: http(s) only, no credentials in the URL, and never this server itself
 * (a subscription must not make the API call its own endpoints). Checked when a subscription is
 * saved and again before each attempt.
 */
import type { Config } from '../../config.js'

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '0.0.0.0', '[::]'])

/** The reason the URL may not receive deliveries, or null. */
export function undeliverableReason(raw: string, config: Pick<Config, 'publicUrl' | 'port'>): string | null {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return 'Non è un URL valido.'
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'Sono ammessi solo URL http o https.'
  if (url.username || url.password) return 'L\'URL non può contenere credenziali.'
  const port = url.port || (url.protocol === 'https:' ? '443' : '80')
  const self = new URL(config.publicUrl)
  const selfPort = self.port || (self.protocol === 'https:' ? '443' : '80')
  if (url.hostname.toLowerCase() === self.hostname.toLowerCase() && port === selfPort) return 'L\'URL punta a questo stesso server.'
  if (LOOPBACK.has(url.hostname.toLowerCase()) && port === String(config.port)) return 'L\'URL punta a questo stesso server.'
  return null
}
