/** Loading a published page with autocannon, and the pieces an A/B-ordered comparison needs. */
import { request } from 'node:http';
import autocannon from 'autocannon';

export const DURATION_S = Number(process.env.BENCH_SECONDS ?? 8);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
export const HEADERS = {
  'accept-encoding': 'gzip, deflate, br',
  'user-agent': 'Mozilla/5.0 bench',
};

export type Run = { rps: number; p50: number; p99: number; non2xx: number; errors: number };

export async function load(
  url: string,
  seconds = DURATION_S,
  headers: Record<string, string> = {},
): Promise<Run> {
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { ...HEADERS, ...headers },
  });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

/** The page exactly as Kindling sends it: status, headers and (compressed) body. */
export async function capture(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ headers: Record<string, string>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { ...HEADERS, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers))
          if (typeof v === 'string' && k !== 'date' && k !== 'connection' && k !== 'keep-alive')
            headers[k] = v;
        resolve({ headers, body: Buffer.concat(chunks) });
      });
    })
      .on('error', reject)
      .end();
  });
}

/** The page as sent once it is remembered (the first view after a change renders it). */
export async function warmCapture(url: string, headers: Record<string, string> = {}) {
  await capture(url, headers);
  return capture(url, headers);
}

/** true: the first of the pair goes first; ABBA ABBA. */
export const ORDER = [true, false, false, true, true, false];
export const pairRatios = (a: Run[], b: Run[]) => a.map((r, i) => r.rps / b[i]!.rps);
export const cell = (r: Run) => `${r.rps.toFixed(0)} (${r.p50} / ${r.p99})`;
