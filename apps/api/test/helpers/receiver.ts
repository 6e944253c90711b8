/** A webhook receiver on 127.0.0.1 for tests: records every request and answers as told. */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received {
  headers: IncomingHttpHeaders
  body: string
}

export interface Receiver {
  url: string
  received: Received[]
  /** How to answer the next requests: a status code, or 'hang' (never answer). Defaults to 204 once the list is empty. */
  answers: (number | 'hang')[]
  /** Resolves once `count` requests have arrived. */
  waitFor: (count: number) => Promise<Received[]>
  close: () => Promise<void>
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = []
  const waiters: { count: number; resolve: (r: Received[]) => void }[] = []
  const hanging: ServerResponse[] = []
  const receiver: Receiver = {
    url: '',
    received,
    answers: [],
    waitFor: (count) => new Promise((resolve) => (received.length >= count ? resolve(received) : waiters.push({ count, resolve }))),
    close: async () => {
      for (const res of hanging) res.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
    req.on('end', () => {
      received.push({ headers: req.headers, body })
      const answer = receiver.answers.shift() ?? 204
      if (answer === 'hang') hanging.push(res)
      else res.writeHead(answer).end()
      for (const w of [...waiters]) {
        if (received.length >= w.count) {
          waiters.splice(waiters.indexOf(w), 1)
          w.resolve(received)
        }
      }
    })
  })
  server.keepAliveTimeout = 1
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/ponte`
  return receiver
}
