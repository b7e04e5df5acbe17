import type { Db } from '../../db/client';
import { findPublishedPage } from '../domain/landing-pages/pages';
import { isBotAgent } from '../domain/leads/qualification';
import { BEACON_MAX_BYTES, beaconSchema, completeBeacon } from '../domain/tracking/beacon';
import type { IngestInput } from '../domain/tracking/ingest';
import { readBodyText, type IncomingRequest } from './body';
import { clientIp, hashIp, requestOrigin } from './client';
import { jsonError } from './responses';
import { processSingleton } from '../lib/process-singleton';
import { RateLimiter } from '../platform/rate-limit';
import { appConfig } from '../app/services';
import { hashSalt } from '../platform/ip-salt';

/* Per process on purpose: beacons are analytics at thousands a second, and a database write
   per beacon to count them would cost more than the flood it stops. N instances allow N
   times this; the submission limits, which guard leads, are shared (shared-limiter.ts). */
const limits = () =>
  processSingleton('beacon-limits', () => ({
    ip: new RateLimiter(appConfig().BEACON_LIMIT_PER_IP, 60_000),
    visitor: new RateLimiter(240, 60_000),
  }));
const ACCEPTED_TYPES = new Set(['text/plain', 'application/json']);
const nothing = () => new Response(null, { status: 204 });

/**
 * Receives a tracker beacon: checks it fully, then hands it to `store` and answers at once
 * (202). Visitors who ask not to be tracked (Global Privacy Control, Do Not Track) and bots
 * get 204 and nothing is stored.
 */
export async function receiveBeacon(
  from: { request: IncomingRequest; clientAddress: string; db: Db },
  store: (input: IngestInput) => void,
): Promise<Response> {
  const { request } = from;
  if (request.headers.get('sec-gpc') === '1' || request.headers.get('dnt') === '1')
    return nothing();
  const userAgent = request.headers.get('user-agent');
  if (!userAgent || isBotAgent(userAgent)) return nothing();
  const now = Date.now();
  const config = appConfig();
  // Known after the first request: no await on the hot path from then on.
  const salt = hashSalt(config, from.db);
  const ipHash = hashIp(
    clientIp(request, from.clientAddress, config.TRUST_PROXY),
    typeof salt === 'string' ? salt : await salt,
  );
  if (limits().ip.hit(ipHash, now) > 0)
    return jsonError(429, 'too_many_requests', 'Too many beacons from this address.');

  const type = (request.headers.get('content-type') ?? 'text/plain')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (!ACCEPTED_TYPES.has(type))
    return jsonError(415, 'unsupported_type', 'Send the beacon as text/plain JSON.');
  const body = await readBodyText(request, BEACON_MAX_BYTES);
  if (!body.ok) return jsonError(body.code === 'too_large' ? 413 : 400, body.code, body.message);
  let json: unknown;
  try {
    json = JSON.parse(body.value);
  } catch {
    return jsonError(400, 'malformed', 'The beacon is not valid JSON.');
  }
  const parsed = beaconSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return jsonError(
      400,
      'invalid_beacon',
      `${issue.path.join('.') || 'beacon'}: ${issue.message}`,
    );
  }
  const beacon = completeBeacon(parsed.data, {
    // The beacon goes to the page's own origin, so this is the page's host.
    host: new URL(requestOrigin(request, config.TRUST_PROXY)).host,
    acceptLanguage: request.headers.get('accept-language'),
  });
  if (limits().visitor.hit(beacon.vid, now) > 0)
    return jsonError(429, 'too_many_requests', 'Too many beacons from this visitor.');
  const page = await findPublishedPage(from.db, beacon.page);
  if (!page) return jsonError(404, 'not_found', 'This page is not published.');
  // The workspace turned tracking off: a stale cached page may still send; keep nothing.
  if (page.tracking === 'off') return nothing();
  store({ beacon, pageId: page.pageId, workspaceId: page.workspaceId, receivedAt: now });
  return new Response(null, { status: 202 });
}
