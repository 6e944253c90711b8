/** IP allow-lists of API clients: addresses and CIDR ranges, IPv4 and IPv6, checked with node's net.BlockList. */
import { BlockList, isIP } from 'node:net'

/** Parses one entry; null when it is not an address or a CIDR range. */
export function parseIpRange(entry: string): { address: string; prefix: number | null; family: 'ipv4' | 'ipv6' } | null {
  const [address, prefixText, ...rest] = entry.trim().split('/')
  if (!address || rest.length > 0) return null
  const version = isIP(address)
  if (version === 0) return null
  const family = version === 4 ? 'ipv4' : 'ipv6'
  if (prefixText === undefined) return { address, prefix: null, family }
  if (!/^\d{1,3}$/.test(prefixText)) return null
  const prefix = Number(prefixText)
  if (prefix > (version === 4 ? 32 : 128)) return null
  return { address, prefix, family }
}

/** An IPv4 address seen on a dual-stack socket (`::ffff:203.0.113.7`) is that IPv4 address. */
const normalise = (ip: string) => (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(ip) ? ip.slice(7) : ip)

/** True when `ip` is allowed by `entries` (an empty list allows every address). */
export function ipAllowed(entries: readonly string[], ip: string): boolean {
  if (entries.length === 0) return true
  const list = new BlockList()
  for (const entry of entries) {
    const range = parseIpRange(entry)
    if (!range) continue
    if (range.prefix === null) list.addAddress(range.address, range.family)
    else list.addSubnet(range.address, range.prefix, range.family)
  }
  const address = normalise(ip)
  const version = isIP(address)
  if (version === 0) return false
  return list.check(address, version === 4 ? 'ipv4' : 'ipv6')
}
