/* global window */
// Renews the session while the app's code downloads (build/early-refresh.ts; docs/decisions/0026):
// api/http.ts takes this answer as its first renewal instead of asking again.
;(() => {
  const post = () =>
    fetch('/api/v1/auth/refresh', { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json' } }).then((response) =>
      response.blob().then((body) => ({ response: new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers }), receivedAt: Date.now() })),
    )
  const locks = navigator.locks
  const answer = locks && locks.request ? locks.request('ponte-session-refresh', post) : post()
  answer.catch(() => undefined)
  window.__ponteEarlyRefresh = answer
})()
