/* global window, location, document, __PONTE_ROUTE_CHUNKS__ */
// Renews the session while the app's code downloads, and starts downloading the code of the page
// asked for (build/early-refresh.ts; docs/decisions/0026): api/http.ts takes this answer as its
// first renewal instead of asking again. On a page with early reads (the case), it also sends the
// page's first GETs once the renewal answers (docs/decisions/0031). Only the renewal is sent in the
// script's own task, which holds up the page's parsing and first paint; the rest (storage, the
// page's files and reads) waits for the next task (docs/decisions/0032). The app's own start-up
// waits for two tasks of its own (main.ts), which come after it.
;(() => {
  // An answer read in full and kept, for the app to read when it runs.
  const kept = (response) => response.blob().then((body) => new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers }))
  const post = () =>
    fetch('/api/v1/auth/refresh', { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json' } }).then((response) =>
      kept(response).then((copy) => ({ response: copy, receivedAt: Date.now() })),
    )
  // Sent at once, not under the tabs' Web Lock: the lock's callback comes back as a task queued
  // behind the parsing of the page, hundreds of milliseconds on a phone. Another tab renewing at the
  // same instant sends the same token; the API answers the second within its grace for racing tabs.
  const answer = post()
  answer.catch(() => undefined)
  window.__ponteEarlyRefresh = answer
  setTimeout(prepare)

  function prepare() {
    // The first reads of the page at the address, sent as soon as the renewal answers, with its
    // access token, instead of once the app's code has run (it takes each for its first same GET:
    // api/http.ts). [page path, [API paths]], `:name` standing for the same part of the address.
    const EARLY_READS = [['/cases/:caseId', ['/cases/:caseId', '/cases/:caseId/person']]]

    // [chunk and stylesheet names, [path pattern, public, indexes of the page's files the entry does
    // not bring, and for the home { role or *: indexes of its cards' files }]] (build time).
    const [chunks, routes] = __PONTE_ROUTE_CHUNKS__
    let signedIn = false
    let roles = []
    let language = 'it, en;q=0.5'
    try {
      signedIn = Number(localStorage.getItem('ponte.sessionEndsAt')) > Date.now()
      roles = (localStorage.getItem('ponte.activeRoles') || '').split(' ')
      if (localStorage.getItem('ponte.locale') === 'en') language = 'en, it;q=0.5'
      // The tab's sessionStorage opened now, while the app's code downloads: its first use costs a
      // wait on the browser's storage (40 ms on a slow computer), which the app's start-up would
      // otherwise pay when Vue Router reads its scroll positions there.
      void sessionStorage.length
    } catch {
      // No storage: only public pages are prepared.
    }
    const parts = location.pathname.split('/')
    const route = routes.find(([pattern]) => {
      const expected = pattern.split('/')
      return expected.length === parts.length && expected.every((part, i) => part.startsWith(':') || part === parts[i])
    })
    if (!route || !(route[1] || signedIn)) return
    const reads = EARLY_READS.find(([pattern]) => pattern === route[0])
    if (reads && signedIn) {
      const names = route[0].split('/')
      const fill = (apiPath) => apiPath.split('/').map((part) => (part.startsWith(':') ? parts[names.indexOf(part)] : part)).join('/')
      const early = {}
      window.__ponteEarlyReads = early
      const token = answer.then(({ response }) => (response.ok ? response.clone().json().then((session) => session.accessToken) : null))
      for (const apiPath of reads[1]) {
        const path = `/api/v1${fill(apiPath)}`
        early[path] = token.then((accessToken) =>
          accessToken
            ? fetch(path, { credentials: 'same-origin', headers: { accept: 'application/json, application/problem+json', 'accept-language': language, authorization: `Bearer ${accessToken}` } }).then((response) =>
                response.ok ? kept(response).then((copy) => ({ token: accessToken, response: copy })) : null,
              )
            : null,
        )
        early[path].catch(() => undefined)
      }
    }
    const files = new Set(route[2])
    const byRole = route[3] || {}
    for (const role of ['*', ...roles]) for (const index of byRole[role] || []) files.add(index)
    for (const index of files) {
      // A chunk's name without `.js`; a stylesheet's with its `.css` (fetched as Vite's loader will ask for it).
      const css = chunks[index].endsWith('.css')
      const link = document.createElement('link')
      link.rel = css ? 'preload' : 'modulepreload'
      if (css) link.as = 'style'
      link.crossOrigin = ''
      link.href = `/assets/${chunks[index]}${css ? '' : '.js'}`
      document.head.appendChild(link)
    }
  }
})()
