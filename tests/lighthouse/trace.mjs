/* global window */
/**
 * `node tests/lighthouse/trace.mjs`: what the main thread does while a page of the built product
 * loads on a slow phone — a Chrome performance trace in the system Chromium (never a downloaded
 * one) with the CPU slowed 4× (like Lighthouse's mobile run), read into: the requests (when each
 * started and ended, by whom), the long tasks and what ran in them, the main thread's time by
 * kind (script, style & layout, GC, …) and the functions and files that took it. It measures;
 * nothing asserts timings. Needs a running Ponte with the demo data (`pnpm build`, then
 * `pnpm start`, or the server tests/lighthouse/run.mjs starts).
 *
 *   BASE_URL=http://127.0.0.1:3000 node tests/lighthouse/trace.mjs             the home page
 *   PAGE=/cases/<id> …   another page; PAGE=/login traces the sign-in page signed out
 *   CPU=1 …              no CPU slowdown; NET=mobile also slows the network like Lighthouse's phone
 *                        (150 ms round trips, 1.6 Mbit/s) — devtools throttling, per request
 *   TRACE_FILE=/tmp/t.json …   also writes the raw trace (open it in Chrome's Performance panel)
 *   FROM_TRACE=/tmp/t.json …   reads a trace written before instead of recording one
 *   RUNS=5 …             five loads, each summed up, the last one reported in full, and the medians
 *   TASK_FUNCTIONS=1 …   also each long task by the functions sampled in it, self and inclusive (TOP_TASK=n
 *                        per task); on a build without minification (`npx vite build --minify false
 *                        --outDir …`, served with WEB_DIST) the functions have their names
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { chromium } from 'playwright-core'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const BASE_URL = (process.env.BASE_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '')
const PAGE = process.env.PAGE ?? '/'
const CPU = Number(process.env.CPU ?? 4)
const NET = process.env.NET ?? 'none'
const EMAIL = process.env.LIGHTHOUSE_EMAIL ?? 'casemanager@valmadrera.demo'
const PASSWORD = 'ponte-demo-2026'

const CATEGORIES = [
  '-*',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'toplevel',
  'blink.user_timing',
  'loading',
  'v8.execute',
  'v8',
  'disabled-by-default-v8.cpu_profiler',
  'disabled-by-default-v8.gc',
  'blink_gc',
]

async function record() {
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] })
const context = await browser.newContext({ locale: 'it-IT', viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1.75 })
context.setDefaultTimeout(300_000)
context.setDefaultNavigationTimeout(300_000)
let trace
try {
  if (PAGE !== '/login') {
    const signIn = await context.newPage()
    await signIn.goto(`${BASE_URL}/login`, { waitUntil: 'networkidle' })
    await signIn.fill('input[type=email]', EMAIL)
    await signIn.fill('input[type=password]', PASSWORD)
    await signIn.click('button[type=submit]')
    await signIn.waitForFunction(() => !window.location.pathname.startsWith('/login'))
    await signIn.waitForLoadState('networkidle')
    await signIn.close()
  }
  const page = await context.newPage()
  // A same-origin page first, so the measured navigation stays in this renderer.
  await page.goto(`${BASE_URL}/favicon.svg`)
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.clearBrowserCache')
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU })
  if (NET === 'mobile') await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 })
  await browser.startTracing(page, { categories: CATEGORIES })
  await page.goto(`${BASE_URL}${PAGE}`, { waitUntil: 'load' })
  await page.waitForLoadState('networkidle')
  await page.waitForTimeout(1000)
  trace = JSON.parse((await browser.stopTracing()).toString('utf8'))
} finally {
  await browser.close()
}
if (process.env.TRACE_FILE) writeFileSync(process.env.TRACE_FILE, JSON.stringify(trace))
return trace
}
/** Reads one trace: prints the report when `print`, and returns its summary figures. */
function analyse(trace, print) {
const log = print ? console.log : () => {}

const events = trace.traceEvents ?? trace
const threadNames = new Map(events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]))
// The measured document's renderer main thread: the one that requested its entry script.
const sends = events.filter((e) => e.name === 'ResourceSendRequest' && e.args?.data?.url?.startsWith(BASE_URL))
const document = sends.find((e) => new URL(e.args.data.url).pathname === PAGE) ?? sends[0]
const nav = events.filter((e) => e.name === 'navigationStart' && e.args?.data?.documentLoaderURL?.startsWith(`${BASE_URL}${PAGE}`)).sort((a, b) => a.ts - b.ts)[0]
const t0 = nav?.ts ?? document?.ts
const main = events.filter((e) => threadNames.get(`${e.pid}:${e.tid}`) === 'CrRendererMain' && e.name === 'ResourceSendRequest' && e.args?.data?.url?.includes('/assets/index-'))[0]
const mainKey = main ? `${main.pid}:${main.tid}` : null
const ms = (us) => `${Math.round(us / 1000)}`
const short = (url) => (url ? url.replace(BASE_URL, '').replace(/^\/assets\//, '') : '')

// --- Requests -----------------------------------------------------------------------------------
const requests = new Map()
for (const e of events) {
  const d = e.args?.data
  if (!d?.requestId) continue
  if (e.name === 'ResourceSendRequest') requests.set(d.requestId, { url: d.url, start: e.ts, priority: d.priority, initiator: d.initiator?.type ?? '' })
  const r = requests.get(d.requestId)
  if (!r) continue
  if (e.name === 'ResourceReceiveResponse') r.response = e.ts
  if (e.name === 'ResourceFinish') {
    r.end = d.finishTime ? d.finishTime * 1e6 : e.ts
    r.bytes = d.encodedDataLength
  }
}
const list = [...requests.values()].filter((r) => r.url?.startsWith(BASE_URL) && r.start >= t0).sort((a, b) => a.start - b.start)
log(`\n${BASE_URL}${PAGE} — CPU ${CPU}×, network ${NET}; times in ms from navigation start\n`)
log('start   end  bytes  priority   request')
for (const r of list) log(`${ms(r.start - t0).padStart(5)} ${r.end ? ms(r.end - t0).padStart(5) : '    ?'} ${String(r.bytes ?? '').padStart(6)}  ${String(r.priority ?? '').padEnd(9)}  ${short(r.url)}`)

// --- Main thread: self time per event, nested by time ---------------------------------------------
if (!mainKey) {
  log('No renderer main thread found.')
  return null
}
const onMain = events
  .filter((e) => `${e.pid}:${e.tid}` === mainKey && e.ph === 'X' && e.ts >= t0 && typeof e.dur === 'number')
  .sort((a, b) => a.ts - b.ts || b.dur - a.dur)
const GROUPS = [
  ['Script Evaluation', /^(EvaluateScript|v8\.evaluateModule|FunctionCall|TimerFire|FireIdleCallback|FireAnimationFrame|RunMicrotasks|V8\.Execute|EventDispatch|XHRReadyStateChange|XHRLoad|v8\.run|v8\.callFunction|V8\.RunMicrotasks|HandlePostMessage|ResourceReceivedData|V8\.HandleInterrupts)$/],
  ['Script Parsing & Compilation', /^(v8\.compile|v8\.compileModule|v8\.parseOnBackground|V8\.CompileCode|V8\.CompileLazy|v8\.produceCache|v8\.produceModuleCache|v8\.deserializeOnBackground|CacheScript|v8\.compileEval|V8\.ParseProgram|V8\.ParseFunction)$/],
  ['Style & Layout', /^(UpdateLayoutTree|RecalculateStyles|Layout|ScheduleStyleRecalculation|InvalidateLayout|StyleRecalcInvalidationTracking|LayoutInvalidationTracking)$/],
  ['Rendering', /^(Paint|PrePaint|Layerize|CompositeLayers|UpdateLayer|UpdateLayerTree|Commit|PaintImage|PaintSetup|RasterTask|Decode Image|ImageDecodeTask|Animation|HitTest|ScrollLayer)$/],
  ['Parse HTML & CSS', /^(ParseHTML|ParseAuthorStyleSheet)$/],
  ['Garbage Collection', /(GC|^BlinkGC|^ThreadState::|^MinorGC|^MajorGC|^V8\.GC)/],
]
const groupOf = (name) => GROUPS.find(([, re]) => re.test(name))?.[0] ?? 'Other'
const selfByName = new Map()
const selfByGroup = new Map()
const stack = []
const tasks = []
for (const e of onMain) {
  while (stack.length > 0 && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop()
  const parent = stack.at(-1)
  e.self = e.dur
  if (parent) parent.self -= Math.min(e.dur, parent.ts + parent.dur - e.ts)
  else tasks.push(e)
  e.children = []
  if (parent) parent.children.push(e)
  e.parent = parent
  stack.push(e)
}
for (const e of onMain) {
  const key = e.name
  selfByName.set(key, (selfByName.get(key) ?? 0) + Math.max(0, e.self))
  const group = groupOf(e.name)
  selfByGroup.set(group, (selfByGroup.get(group) ?? 0) + Math.max(0, e.self))
}
const total = [...selfByGroup.values()].reduce((a, b) => a + b, 0)
log(`\nMain thread busy ${ms(total)} ms in the window (top-level tasks: ${tasks.length})`)
for (const [group, us] of [...selfByGroup].sort((a, b) => b[1] - a[1])) log(`  ${group.padEnd(30)} ${ms(us).padStart(6)} ms`)
log('\nSelf time by event name (top 20)')
for (const [name, us] of [...selfByName].sort((a, b) => b[1] - a[1]).slice(0, 20)) log(`  ${name.padEnd(40)} ${ms(us).padStart(6)} ms`)

const describe = (e) => {
  const d = e.args?.data ?? e.args?.beginData ?? {}
  const what = d.url || d.functionName || d.type || d.stackTrace?.[0]?.url || ''
  return `${e.name}${what ? ` ${short(what)}${d.functionName && d.url ? ` ${d.functionName}` : ''}` : ''}`
}
log('\nLong tasks (≥ 50 ms): start, duration, then the largest pieces inside')
for (const task of tasks.filter((t) => t.dur >= 50_000)) {
  log(`  ${ms(task.ts - t0).padStart(5)} ms  ${ms(task.dur).padStart(4)} ms  ${describe(task)}`)
  const pieces = []
  const walk = (e, depth) => {
    for (const c of e.children) {
      if (c.dur >= 8_000 && depth < 4) pieces.push([depth, c])
      walk(c, depth + 1)
    }
  }
  walk(task, 1)
  for (const [depth, c] of pieces.slice(0, 14)) log(`  ${' '.repeat(14 + depth * 2)}${ms(c.dur).padStart(4)} ms (self ${ms(Math.max(0, c.self))}) ${describe(c)}`)
}

// --- Sampled CPU profile: self time by function and by file ----------------------------------------
// The profile's chunks come from V8's profiler thread: matched by process and id to the main thread's profile.
const mainProfiles = new Set(events.filter((e) => e.name === 'Profile' && `${e.pid}:${e.tid}` === mainKey).map((e) => `${e.pid}:${e.id}`))
const profiles = new Map()
for (const e of events) {
  if (e.name !== 'ProfileChunk' || !mainProfiles.has(`${e.pid}:${e.id}`)) continue
  const key = `${e.pid}:${e.id}`
  const p = profiles.get(key) ?? { nodes: new Map(), samples: [], deltas: [] }
  profiles.set(key, p)
  const cpu = e.args?.data?.cpuProfile ?? {}
  for (const n of cpu.nodes ?? []) p.nodes.set(n.id, n)
  p.samples.push(...(cpu.samples ?? []))
  p.deltas.push(...(e.args?.data?.timeDeltas ?? []))
}
const byFunction = new Map()
const byFile = new Map()
// Each sample's time and stack, to break the long tasks down by function (TASK_FUNCTIONS=1).
const timedSamples = []
const profileStart = new Map(events.filter((e) => e.name === 'Profile').map((e) => [`${e.pid}:${e.id}`, e.args?.data?.startTime ?? 0]))
for (const [key, p] of profiles) {
  let t = profileStart.get(key) ?? 0
  for (let i = 0; i < p.samples.length; i++) {
    t += p.deltas[i] ?? 0
    timedSamples.push({ t, node: p.nodes.get(p.samples[i]), dur: p.deltas[i + 1] ?? 0, nodes: p.nodes })
  }
}
const frameName = (n) => `${n.callFrame.functionName || '(anonymous)'} ${short(n.callFrame.url) || ''}:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber + 1}`
if (process.env.TASK_FUNCTIONS) {
  // Parent links for inclusive time: a node's parent is the node listing it among its children.
  for (const p of profiles.values()) for (const n of p.nodes.values()) for (const c of n.children ?? []) if (p.nodes.get(c)) p.nodes.get(c).parentId = n.id
  for (const p of profiles.values()) for (const n of p.nodes.values()) if (n.parent !== undefined) n.parentId = n.parent
  log('\nLong tasks by sampled function (self, then inclusive; TOP_TASK=n per task)')
  for (const task of tasks.filter((t) => t.dur >= 50_000)) {
    const self = new Map()
    const inclusive = new Map()
    for (const s of timedSamples) {
      if (!s.node || s.t < task.ts || s.t > task.ts + task.dur || s.dur <= 0) continue
      if (['(idle)', '(program)', '(root)'].includes(s.node.callFrame.functionName)) continue
      self.set(frameName(s.node), (self.get(frameName(s.node)) ?? 0) + s.dur)
      const seen = new Set()
      for (let n = s.node; n; n = s.nodes.get(n.parentId)) {
        const name = frameName(n)
        if (seen.has(name) || n.callFrame.functionName === '(root)') continue
        seen.add(name)
        inclusive.set(name, (inclusive.get(name) ?? 0) + s.dur)
      }
    }
    const top = Number(process.env.TOP_TASK ?? 12)
    log(`  task at ${ms(task.ts - t0)} ms, ${ms(task.dur)} ms`)
    log(`    self:      ${[...self].sort((a, b) => b[1] - a[1]).slice(0, top).map(([f, us]) => `${f} ${ms(us)}`).join(' · ')}`)
    log(`    inclusive: ${[...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top * 2).map(([f, us]) => `${f} ${ms(us)}`).join(' · ')}`)
  }
}
for (const p of profiles.values()) {
  for (let i = 0; i < p.samples.length; i++) {
    const n = p.nodes.get(p.samples[i])
    const next = p.deltas[i + 1] ?? 0
    if (!n || next <= 0) continue
    const f = n.callFrame
    if (['(idle)', '(program)', '(root)'].includes(f.functionName)) continue
    const file = short(f.url) || f.functionName
    const fn = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}:${f.columnNumber + 1}`
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + next)
    byFile.set(file, (byFile.get(file) ?? 0) + next)
  }
}
if (byFile.size > 0) {
  log('\nSampled JavaScript self time by file (top 15)')
  for (const [file, us] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 15)) log(`  ${ms(us).padStart(6)} ms  ${file}`)
  log('\nSampled JavaScript self time by function (top 30)')
  for (const [fn, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 30))) log(`  ${ms(us).padStart(6)} ms  ${fn}`)
}

const blocking = tasks.reduce((sum, task) => sum + Math.max(0, task.dur - 50_000), 0)
const files = Object.fromEntries([...byFile].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([file, us]) => [file, Math.round(us / 1000)]))
return { busy: Math.round(total / 1000), script: Math.round((selfByGroup.get('Script Evaluation') ?? 0) / 1000), style: Math.round((selfByGroup.get('Style & Layout') ?? 0) / 1000), blocking: Math.round(blocking / 1000), files }
}

const RUNS = Math.max(1, Number(process.env.RUNS ?? 1))
if (process.env.FROM_TRACE) analyse(JSON.parse(readFileSync(process.env.FROM_TRACE, 'utf8')), true)
else {
  const summaries = []
  for (let run = 0; run < RUNS; run++) summaries.push(analyse(await record(), run === RUNS - 1))
  console.log(`
Each run (ms of main thread, CPU ${CPU}×): busy, script evaluation, style & layout, blocking (the part of each task beyond 50 ms), JavaScript by file`)
  for (const s of summaries) if (s) console.log(`  ${s.busy}  ${s.script}  ${s.style}  ${s.blocking}  ${JSON.stringify(s.files)}`)
  const median = (key) => summaries.filter(Boolean).map((s) => s[key]).sort((a, b) => a - b)[Math.floor(summaries.filter(Boolean).length / 2)]
  console.log(`Median: busy ${median('busy')}, script ${median('script')}, style & layout ${median('style')}, blocking ${median('blocking')}`)
}
