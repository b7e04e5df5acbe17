import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Received = { headers: IncomingHttpHeaders; body: string; answered: number | null };

/**
 * A real HTTP server standing in for a CRM's webhook endpoint: it records every request
 * and answers with the next status in `answers` (the last one repeats), or, with `hang`,
 * never answers at all (until it is told otherwise).
 */
export async function startReceiver(answers: number[] = [200]) {
  const received: Received[] = [];
  let script = [...answers];
  let hang = false;
  const held: (() => void)[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const entry: Received = { headers: req.headers, body, answered: null };
      received.push(entry);
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
    stop: () =>
      new Promise<void>((r) => {
        held.splice(0).forEach((drop) => drop());
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
