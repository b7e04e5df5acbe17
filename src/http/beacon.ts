import { optedOut } from './variant-choice';
import type { Services } from '../app/services';
import { isBotAgent } from '../domain/leads/spam-signals';
import { BEACON_MAX_BYTES, beaconSchema, completeBeacon } from '../domain/tracking/beacon';
import { readBodyText, type IncomingRequest } from './body';
import { clientIp, hashIp } from './caller-address';
import { requestOrigin } from './request-origin';
import { jsonError } from './responses';

const ACCEPTED_TYPES = new Set(['text/plain', 'application/json']);
const nothing = () => new Response(null, { status: 204 });

/**
 * Receives a tracker beacon: checks it fully, then queues it for the beacon writer and
 * answers at once (202). Visitors who ask not to be tracked (Global Privacy Control, Do Not Track) and bots
 * get 204 and nothing is stored.
 */
export async function receiveBeacon(from: {
  request: IncomingRequest;
  clientAddress: string;
  services: Services;
}): Promise<Response> {
  const { request } = from;
  if (optedOut((name) => request.headers.get(name))) return nothing();
  const userAgent = request.headers.get('user-agent');
  if (!userAgent || isBotAgent(userAgent)) return nothing();
  const { config, limits, livePages } = from.services;
  const now = from.services.clock.now();
  // Known after the first request: no await on the hot path from then on.
  const salt = from.services.ipSalt.get();
  const ipHash = hashIp(
    clientIp(request, from.clientAddress, config.TRUST_PROXY),
    typeof salt === 'string' ? salt : await salt,
  );
  // Per instance (see Services.limits): beacons are analytics, not leads.
  if (limits.beaconPerIp.hit(ipHash, now) > 0)
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
  if (limits.beaconPerVisitor.hit(beacon.vid, now) > 0)
    return jsonError(429, 'too_many_requests', 'Too many beacons from this visitor.');
  const page = await livePages.find(beacon.page, now);
  if (!page) return jsonError(404, 'not_found', 'This page is not published.');
  // The workspace turned tracking off: a stale cached page may still send; keep nothing.
  if (page.tracking === 'off') return nothing();
  if (from.services.beacons.full())
    return Response.json(
      {
        error: {
          code: 'busy',
          message:
            'Tracking data is arriving faster than it can be stored; this beacon was not kept.',
        },
      },
      { status: 503, headers: { 'retry-after': '5' } },
    );
  from.services.beacons.enqueue({
    beacon,
    pageId: page.pageId,
    workspaceId: page.workspaceId,
    receivedAt: now,
  });
  return new Response(null, { status: 202 });
}
