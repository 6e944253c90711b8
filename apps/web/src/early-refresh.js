/* global window, location, document, __PONTE_ROUTE_CHUNKS__ */
// Renews the session while the app's code downloads, and starts downloading the code of the page
// asked for (build/early-refresh.ts; docs/decisions/0026): api/http.ts takes this answer as its
// first renewal instead of asking again.
;(() => {
  const post = () =>
    fetch('/api/v1/auth/refresh', { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json' } }).then((response) =>
      response.blob().then((body) => ({ response: new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers }), receivedAt: Date.now() })),
    )
  const locks = navigator.locks
  const answer = locks && locks.request ? locks.request('ponte-session-refresh', post) : post()
  answer.catch(() => undefined)
  window.__ponteEarlyRefresh = answer

  // [chunk and stylesheet names, [path pattern, public, indexes of the page's files the entry does not bring]] (build time).
  const [chunks, routes] = __PONTE_ROUTE_CHUNKS__
  let signedIn = false
  try {
    signedIn = Number(localStorage.getItem('ponte.sessionEndsAt')) > Date.now()
  } catch {
    // No storage: only public pages are prepared.
  }
  const parts = location.pathname.split('/')
  const route = routes.find(([pattern]) => {
    const expected = pattern.split('/')
    return expected.length === parts.length && expected.every((part, i) => part.startsWith(':') || part === parts[i])
  })
  if (!route || !(route[1] || signedIn)) return
  for (const index of route[2]) {
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
