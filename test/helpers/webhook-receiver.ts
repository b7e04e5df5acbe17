import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webhookPayloadErrors } from './webhook-schema';

export type Received = { headers: IncomingHttpHeaders; body: string; answered: number | null };

/**
 * A real HTTP server standing in for a CRM's webhook endpoint: it records every request
 * and answers with the next status in `answers` (the last one repeats), or, with `hang`,
 * never answers at all (until it is told otherwise). Every payload is checked against the
 * JSON Schema of its event type; `stop()` fails the test file if any did not fit.
 */
export async function startReceiver(answers: number[] = [200]) {
  const received: Received[] = [];
  let script = [...answers];
  let hang = false;
  const held: (() => void)[] = [];
  const misfits: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const entry: Received = { headers: req.headers, body, answered: null };
      received.push(entry);
      misfits.push(...webhookPayloadErrors(body));
      if (hang) {
        held.push(() => res.destroy());
        return;
      }
      const status = script.length > 1 ? script.shift()! : script[0]!;
      entry.answered = status;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(`answer ${status}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/kindling`,
    received,
    /** Requests whose answer was 2xx. */
    accepted: () => received.filter((r) => r.answered !== null && r.answered < 300),
    answerWith(next: number[]) {
      script = [...next];
    },
    setHang(on: boolean) {
      hang = on;
      if (!on) held.splice(0).forEach((drop) => drop());
    },
    /** What did not fit its event's JSON Schema, by event type and path. */
    misfits,
    stop: async () => {
      await new Promise<void>((r) => {
        held.splice(0).forEach((drop) => drop());
        server.closeAllConnections();
        server.close(() => r());
      });
      if (misfits.length)
        throw new Error(`Webhook payloads that do not fit their schema:\n${misfits.join('\n')}`);
    },
  };
}
