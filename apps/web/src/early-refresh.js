/* global window, location, document, __PONTE_ROUTE_CHUNKS__ */
// Renews the session while the app's code downloads, and starts downloading the code of the page
// asked for (build/early-refresh.ts; docs/decisions/0026): api/http.ts takes this answer as its
// first renewal instead of asking again.
;(() => {
  const post = () =>
    fetch('/api/v1/auth/refresh', { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json' } }).then((response) =>
      response.blob().then((body) => ({ response: new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers }), receivedAt: Date.now() })),
    )
  // Sent at once, not under the tabs' Web Lock: the lock's callback comes back as a task queued
  // behind the parsing of the page, hundreds of milliseconds on a phone. Another tab renewing at the
  // same instant sends the same token; the API answers the second within its grace for racing tabs.
  const answer = post()
  answer.catch(() => undefined)
  window.__ponteEarlyRefresh = answer

  // [chunk and stylesheet names, [path pattern, public, indexes of the page's files the entry does
  // not bring, and for the home { role or *: indexes of its cards' files }]] (build time).
  const [chunks, routes] = __PONTE_ROUTE_CHUNKS__
  let signedIn = false
  let roles = []
  try {
    signedIn = Number(localStorage.getItem('ponte.sessionEndsAt')) > Date.now()
    roles = (localStorage.getItem('ponte.activeRoles') || '').split(' ')
  } catch {
    // No storage: only public pages are prepared.
  }
  const parts = location.pathname.split('/')
  const route = routes.find(([pattern]) => {
    const expected = pattern.split('/')
    return expected.length === parts.length && expected.every((part, i) => part.startsWith(':') || part === parts[i])
  })
  if (!route || !(route[1] || signedIn)) return
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
})()
