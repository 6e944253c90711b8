/**
 * Every page of the app on a 390 px phone, as each demo role reaches it (issue 14, "phones"): each
 * account signs in, opens every link of its main menu, every tab of each page, the first record of each list (a company, a
 * vacancy, a pathway, a PUC project and its attendance, a programme, a group and a session's
 * attendance, an organisation's users, a case) and the "new" and import pages its role may use.
 * On each page: nothing scrolls sideways, every table is stacked rows (a typing grid — PUC or
 * pathway attendance — keeps its columns and scrolls inside its own box instead), the case page's
 * tabs stay on one line, no message key is shown instead of its text (title and page), and axe-core finds 0 violations; a home opens with the role's work list
 * (the coordinator's and case manager's deadlines, the operator's to-do list) within the first screen. Every failure is collected and reported
 * at once. Reads only.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { expectAccessible, PHONE, signIn, useBrowser, usePhone } from '../support/browser.js'
import { loaded } from './case-helpers.js'

const ctx = useBrowser()
const ID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'

/** Pages reached from a list or a record (their first link of each kind is opened). */
const FOLLOWED = [
  `^/cases/${ID}$`,
  `^/companies/${ID}$`,
  `^/vacancies/${ID}$`,
  `^/measures/${ID}$`,
  `^/puc/projects/${ID}$`,
  `^/puc/projects/${ID}/attendance`,
  `^/programmes/${ID}$`,
  `^/groups/${ID}$`,
  `^/group-sessions/${ID}/attendance`,
  `^/admin/organisations/${ID}/users$`,
].map((pattern) => new RegExp(pattern))

/** Each role, the pages it opens beyond its menu (buttons of list pages), and the work list its home opens with. */
const ACCOUNTS: { email: string; extra: string[]; work?: string }[] = [
  { email: 'coordinator@valmadrera.demo', extra: ['/cases/new', '/persons/import', '/companies/new', '/companies/import', '/puc/projects/new'], work: 'Scadenze dei miei casi' },
  { email: 'casemanager@valmadrera.demo', extra: [], work: 'Scadenze dei miei casi' },
  { email: 'puc@valmadrera.demo', extra: [] },
  { email: 'auditor@valmadrera.demo', extra: [] },
  { email: 'operator@cooplavoro.demo', extra: [], work: 'Da fare' },
  { email: 'facilitator@cooplavoro.demo', extra: [] },
  { email: 'orgadmin@cooplavoro.demo', extra: [] },
  { email: 'admin@ponte.demo', extra: [] },
]

/** A page's kind: its path with ids as `:id` (each kind is checked once; those that differ by role once per role). */
const kindOf = (path: string) => path.replace(new RegExp(ID, 'g'), ':id')
const PER_ROLE = new Set(['/', '/cases', '/cases/:id', '/groups', '/groups/:id', '/programmes/:id'])
const perRole = (kind: string) => PER_ROLE.has(kind)
/** Kinds whose every record is opened (a few groups: only the running one links a session's attendance). */
const EVERY = new Set(['/groups/:id'])
/** What makes two visits the same: the kind, or the very path for the kinds opened record by record. */
const visitOf = (path: string) => (EVERY.has(kindOf(path)) ? path : kindOf(path))

const openPhone = usePhone(ctx)

/** The messages' top-level groups (the common file's and one per area): a key shown for want of its text starts with one. */
const I18N = path.resolve(import.meta.dirname, '../../apps/web/src/i18n')
const GROUPS = readdirSync(I18N)
  .filter((file) => /^([A-Za-z]+\.)?it\.json$/.test(file))
  .flatMap((file) => Object.keys(JSON.parse(readFileSync(path.join(I18N, file), 'utf8')) as object))
const MESSAGE_KEY = new RegExp(`\\b(?:${GROUPS.join('|')})\\.[a-z][A-Za-z0-9]*\\.[A-Za-z][A-Za-z0-9_]*\\b`)

/** A message key shown in place of its text (the page's title or its text), if any. */
async function keyShown(page: Page): Promise<string | null> {
  const [title, text] = await page.evaluate(() => [document.title, document.body.innerText])
  return MESSAGE_KEY.exec(title)?.[0] ?? MESSAGE_KEY.exec(text)?.[0] ?? null
}

/** What is wrong with the page's layout on a phone (empty: nothing). */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = []
    const root = document.scrollingElement!
    if (root.scrollWidth > root.clientWidth) {
      // Name the widest elements that stick out, so the failure says what to fix.
      const culprits = Array.from(document.querySelectorAll<HTMLElement>('main *'))
        .filter((element) => element.getBoundingClientRect().right > root.clientWidth + 1 && element.offsetParent !== null)
        .slice(0, 3)
        .map((element) => `${element.tagName.toLowerCase()}.${Array.from(element.classList).join('.')}`)
      problems.push(`page ${root.scrollWidth}px wide on a ${root.clientWidth}px screen (${culprits.join(', ')})`)
    }
    for (const table of Array.from(document.querySelectorAll<HTMLTableElement>('main table'))) {
      if (table.offsetParent === null && getComputedStyle(table).display !== 'block') continue
      const row = table.querySelector<HTMLTableRowElement>(':scope > tbody > tr')
      if (!row) continue
      const name = table.querySelector('caption')?.textContent?.trim() || table.getAttribute('aria-label') || table.className
      const stacked = getComputedStyle(row).display === 'block'
      if (stacked) {
        const cell = row.querySelector<HTMLElement>(':scope > td')
        if (cell && cell.dataset.label === undefined) problems.push(`table "${name}": stacked cells without their column's name`)
        continue
      }
      // A typing grid keeps its columns and scrolls inside its own box.
      const box = table.closest<HTMLElement>('.ponte-puc-grid, .table-responsive, [data-scrolls]') ?? table
      const scrolls = ['auto', 'scroll'].includes(getComputedStyle(box).overflowX) || ['auto', 'scroll'].includes(getComputedStyle(table.parentElement!).overflowX)
      const isGrid = /grid/.test(table.className)
      if (!(isGrid && scrolls)) problems.push(`table "${name}" is not stacked rows`)
    }
    const tablist = document.querySelector<HTMLElement>('main [role=tablist]')
    const tab = tablist?.querySelector<HTMLElement>('[role=tab]')
    if (tablist && tab && tablist.getBoundingClientRect().height > tab.getBoundingClientRect().height * 1.5) problems.push('the tabs wrap onto more than one line')
    return problems
  })
}

/** The app's own links on the page (path and query, no hash). */
async function linksOn(page: Page, selector: string): Promise<string[]> {
  const hrefs = await page.locator(selector).evaluateAll((anchors) => anchors.map((a) => (a as HTMLAnchorElement).getAttribute('href') ?? ''))
  return hrefs.filter((href) => href.startsWith('/')).map((href) => href.split('#')[0]!)
}

/**
 * Walks every page (and tab) each account reaches on a phone, in Italian or — switched in the header —
 * in English, whose words are often longer; answers what was checked and what failed.
 */
async function walk(accounts: typeof ACCOUNTS, english: boolean) {
  const seen = new Set<string>()
  const failures: string[] = []
  const checked: string[] = []

  for (const account of accounts) {
    const page = await openPhone()
    await signIn(page, account.email)
    if (english) {
      await page.getByRole('button', { name: 'English', exact: true }).click()
      await page.locator('html[lang=en]').waitFor({ state: 'attached' })
    }
    const menu = await linksOn(page, '#ponte-main-nav-list a')
    const queue = [...new Set(['/', ...menu, ...account.extra])]
    const roleSeen = new Set<string>()
    while (queue.length > 0) {
      const path = queue.shift()!
      const kind = kindOf(path.split('?')[0]!)
      const visit = visitOf(path.split('?')[0]!)
      const key = perRole(kind) ? `${account.email} ${visit}` : visit
      if (seen.has(key) || roleSeen.has(visit)) continue
      seen.add(key)
      roleSeen.add(visit)
      await page.goto(path)
      await page.locator('main h1').first().waitFor()
      await page.waitForLoadState('networkidle')
      await loaded(page)
      const label = `${account.email} ${kind}`
      checked.push(label)
      for (const problem of await layoutProblems(page)) failures.push(`${label}: ${problem}`)
      if (kind === '/' && account.work && !english) {
        // The home opens with the role's work: its first card is the list of what to do, within the first screen.
        const first = page.locator('main h2').first()
        const [text, top] = [(await first.textContent())?.trim(), await first.evaluate((h) => h.getBoundingClientRect().top + window.scrollY)]
        if (text !== account.work || top > PHONE.height - 40) failures.push(`${label}: the home opens with "${text}" at ${Math.round(top)} px, not "${account.work}" within the first screen`)
      }
      await checkState(label, false)
      // Each tab of the page (case, group, company, measure, vacancy…), its layout and its links too.
      const tabs = page.locator('main [role=tablist] [role=tab]')
      const count = await tabs.count()
      for (let i = 1; i < count; i++) {
        const tab = tabs.nth(i)
        const name = ((await tab.textContent()) ?? '').trim()
        await tab.click()
        await expect.poll(() => tab.getAttribute('aria-selected')).toBe('true')
        await page.waitForLoadState('networkidle')
        await loaded(page)
        checked.push(`${label} tab ${name}`)
        await checkState(`${label} tab ${name}`, true)
      }
    }

    /** Axe on the state shown (and its layout, for a tab), then the first record of each kind it links to, queued. */
    async function checkState(label: string, layoutToo: boolean) {
      if (layoutToo) for (const problem of await layoutProblems(page)) failures.push(`${label}: ${problem}`)
      // Every text in its language: the build brings each area's messages with its pages (docs/decisions/0029).
      const key = await keyShown(page)
      if (key) failures.push(`${label}: shows the message key ${key} instead of its text`)
      try {
        await expectAccessible(page, label)
      } catch (error) {
        failures.push(`${label}: ${(error as Error).message.split('\n').slice(0, 6).join(' ')}`)
      }
      for (const link of await linksOn(page, 'main a[href^="/"]')) {
        const linkVisit = visitOf(link.split('?')[0]!)
        if (FOLLOWED.some((pattern) => pattern.test(link.split('?')[0]!)) && !roleSeen.has(linkVisit) && !queue.some((q) => visitOf(q.split('?')[0]!) === linkVisit)) queue.push(link)
      }
    }
  }

  return { checked, failures }
}

describe('every page on a 390 px phone', () => {
  it('fits the screen, stacks its tables, keeps the tabs on one line and is accessible, for every role', async () => {
    const { checked, failures } = await walk(ACCOUNTS, false)
    console.info(`checked on a 390 px phone (${checked.length}):\n${checked.join('\n')}`)
    // Every kind of page was reached at least once.
    for (const kind of ['/cases', '/cases/:id', '/cases/new', '/persons/new', '/companies', '/companies/:id', '/vacancies', '/vacancies/:id', '/measures', '/measures/:id', '/puc', '/puc/projects/:id', '/puc/deadlines', '/groups', '/groups/:id', '/programmes/:id', '/group-sessions/:id/attendance', '/puc/projects/:id/attendance', '/referrals', '/audit', '/admin/users', '/admin/integrations', '/admin/organisations']) {
      expect(checked.some((label) => label.endsWith(` ${kind}`)), `${kind} was checked (${checked.join(', ')})`).toBe(true)
    }
    expect(failures).toEqual([])
  })

  it('does the same in English, whose words are longer, for the coordinator and the cooperative\'s operator', async () => {
    const { checked, failures } = await walk(
      ACCOUNTS.filter((a) => ['coordinator@valmadrera.demo', 'operator@cooplavoro.demo'].includes(a.email)),
      true,
    )
    expect(checked.length).toBeGreaterThan(30)
    expect(failures).toEqual([])
  })
})
