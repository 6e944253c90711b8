/**
 * Receives Ponte's webhooks: checks each signature (Standard Webhooks), ignores a delivery already
 * handled (the same `webhook-id` comes again on a retry), answers 204 at once and appends the event
 * to a JSON-lines file. Register its URL at /organisations/{id}/webhooks and keep the secret.
 *
 *   PONTE_WEBHOOK_SECRET=whsec_… PORT=8787 pnpm --filter @ponte/examples receive-webhooks ./events.jsonl
 */
import { appendFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { verifyWebhook, WebhookVerificationError } from '@ponte/client/partner'

export interface WebhookEvent {
  type: string
  timestamp: string
  data: { eventId: string; resourceType: string; resourceId: string; caseId: string | null; occurredAt: string; from?: string; to?: string }
}

export function webhookReceiver(secret: string, file: string, onEvent?: (event: WebhookEvent, id: string) => void): Server {
  const seen = new Set<string>()
  return createServer((req, res) => {
    if (req.method !== 'POST') return void res.writeHead(405).end()
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      let event: WebhookEvent
      try {
        event = verifyWebhook<WebhookEvent>(secret, req.headers, body)
      } catch (error) {
        res.writeHead(error instanceof WebhookVerificationError ? 401 : 400).end()
        return
      }
      const id = String(req.headers['webhook-id'])
      if (seen.has(id)) return void res.writeHead(204).end()
      appendFile(file, `${JSON.stringify({ id, ...event })}\n`)
        .then(() => {
          seen.add(id)
          onEvent?.(event, id)
          res.writeHead(204).end()
        })
        .catch(() => res.writeHead(500).end())
    })
  })
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const secret = process.env.PONTE_WEBHOOK_SECRET ?? (console.error('Set PONTE_WEBHOOK_SECRET'), process.exit(2))
  const port = Number(process.env.PORT ?? 8787)
  const file = process.argv[2] ?? 'events.jsonl'
  webhookReceiver(secret, file, (event) => console.log(event.type, event.data.resourceId)).listen(port, () => console.log(`Listening on :${port}, appending to ${file}`))
}
