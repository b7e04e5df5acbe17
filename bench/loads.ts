/**
 * The load generators the benchmarks share: form submissions and tracker beacons sent by
 * autocannon to a running server, each request distinct (a new email and idempotency key,
 * a new visitor), so that every acknowledged one must be a stored row.
 */
import autocannon from 'autocannon';
import { DEMO_ANSWERS, PERSON_UA } from '../test/helpers/http-session';

export type Load = {
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  perSecond: number;
  p50: number;
  p99: number;
};
type Options = { seconds: number; connections: number; tag: string };

const summary = (result: autocannon.Result, seconds: number, weight = 1): Load => ({
  ok: result['2xx'],
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  perSecond: (result['2xx'] * weight) / seconds,
  p50: result.latency.p50,
  p99: result.latency.p99,
});

/** Submissions of the demo form, keyed `${tag}-key-…`. */
export async function submissionLoad(base: string, slug: string, o: Options): Promise<Load> {
  let n = 0;
  const { email: _email, ...answers } = DEMO_ANSWERS;
  const bodyPrefix = new URLSearchParams({ ...answers, _elapsed: '30000' }).toString();
  const headers = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
    'user-agent': PERSON_UA,
  };
  const result = await autocannon({
    url: `${base}/p/${slug}`,
    connections: o.connections,
    duration: o.seconds,
    requests: [
      {
        method: 'POST',
        // Plain string building: the load generator shares these two cores with the server.
        setupRequest: (req: autocannon.Request) => {
          n++;
          return {
            ...req,
            headers,
            body: `${bodyPrefix}&email=${o.tag}${n}%40northwind.com&_key=${o.tag}-key-${String(n).padStart(12, '0')}`,
          };
        },
      },
    ],
  });
  return summary(result, o.seconds);
}

/** One visitor's first beacon: a view, engaged time, scroll, blocks seen, a click, a form start. */
export function beaconBatch(slug: string, visitor: string, at: number) {
  const id = (k: string) => `${visitor}-${k}-xxxxxx`;
  return {
    v: 1,
    page: slug,
    vid: `visitor-${visitor}-xxxxxxxx`,
    sid: `visit-${visitor}-xxxxxxxxxx`,
    events: [
      {
        t: 'view',
        id: id('v'),
        at,
        url: `/p/${slug}?utm_source=newsletter`,
        utm: { source: 'newsletter' },
        device: 'desktop',
        vw: 1280,
        vh: 800,
      },
      { t: 'engaged', id: id('e'), at: at + 10_000, ms: 9_500 },
      { t: 'scroll', id: id('s'), at: at + 10_000, pct: 75 },
      ...['hero', 'features', 'proof', 'demo-form', 'faq'].map((block, i) => ({
        t: 'seen',
        id: id(`b${i}`),
        at: at + 5_000,
        block,
      })),
      { t: 'click', id: id('c1'), at: at + 8_000, block: 'hero', target: '#form', outbound: false },
      { t: 'form_start', id: id('f'), at: at + 9_000, form: 'demo-form' },
    ],
  };
}
export const EVENTS_PER_BEACON = beaconBatch('x', 'x', 0).events.length;

/** Beacons, each from a new visitor (`${tag}…`); perSecond counts events, not beacons. */
export async function beaconLoad(base: string, slug: string, o: Options): Promise<Load> {
  let n = 0;
  const at = Date.now();
  const headers = { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': PERSON_UA };
  const result = await autocannon({
    url: `${base}/api/t`,
    connections: o.connections,
    duration: o.seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (req: autocannon.Request) => ({
          ...req,
          headers,
          body: JSON.stringify(beaconBatch(slug, `${o.tag}${++n}`, at)),
        }),
      },
    ],
  });
  return summary(result, o.seconds, EVENTS_PER_BEACON);
}
