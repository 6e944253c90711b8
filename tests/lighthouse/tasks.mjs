/**
 * `node tests/lighthouse/tasks.mjs <run>.trace.json [min-ms]`: the main thread's tasks in a trace
 * Lighthouse recorded (`REPORT_DIR=… pnpm lighthouse` keeps one per run, `*.trace.json`) — the
 * unthrottled page load it simulated the phone from (its tasks count 4× on the phone, and every
 * part of a task beyond 50 ms there is blocking time). Prints each task of at least `min-ms`
 * (default 10) with its largest pieces, the requests in the order they were sent, and the paints.
 * It reads; nothing asserts timings.
 */
import { readFileSync } from 'node:fs'

const [file, minArg] = process.argv.slice(2)
if (!file) {
  console.error('usage: node tests/lighthouse/tasks.mjs <run>.trace.json [min-ms]')
  process.exit(2)
}
const events = JSON.parse(readFileSync(file, 'utf8')).traceEvents
const min = Number(minArg ?? 10) * 1000
const navigation = events.find((e) => e.name === 'navigationStart' && e.args?.data?.isLoadingMainFrame && e.args.data.documentLoaderURL?.startsWith('http'))
if (!navigation) throw new Error(`${file}: no navigation of the main frame`)
const onMain = (e) => e.pid === navigation.pid && e.tid === navigation.tid
const at = (ts) => ((ts - navigation.ts) / 1000).toFixed(0).padStart(6)
const complete = events.filter((e) => onMain(e) && e.ph === 'X').sort((a, b) => a.ts - b.ts)

console.log(`${file}: tasks of the main thread (start, ms; duration, ms; the largest pieces inside)`)
for (const task of complete.filter((e) => e.name === 'RunTask' && e.dur >= min)) {
  const end = task.ts + task.dur
  const pieces = complete
    .filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur <= end && e.dur >= 2000)
    .slice(0, 8)
    .map((e) => `${e.name}${e.args?.data?.url ? ` ${e.args.data.url.split('/').pop()}` : ''}: ${(e.dur / 1000).toFixed(0)}`)
  console.log(`${at(task.ts)} ${(task.dur / 1000).toFixed(1).padStart(6)}  ${pieces.join(' | ')}`)
}
console.log('\nrequests (sent at, ms):')
for (const sent of events.filter((e) => e.name === 'ResourceSendRequest')) console.log(`${at(sent.ts)} ${sent.args.data.url.replace(/^https?:\/\/[^/]+/, '').slice(0, 100)}`)
console.log('\npaints (ms):')
for (const paint of events.filter((e) => ['firstPaint', 'firstContentfulPaint', 'largestContentfulPaint::Candidate'].includes(e.name))) console.log(`${at(paint.ts)} ${paint.name}`)
