import { createHash } from 'node:crypto';
import type { IncomingRequest } from './body';

export type RequestHead = Pick<IncomingRequest, 'url' | 'headers'>;

/**
 * The address our proxy saw the request come from: the last X-Forwarded-For entry, the one
 * it appended. Entries before it are whatever the client sent, and a client can send anything.
 */
export function forwardedClient(xForwardedFor: string | null | undefined): string | null {
  const last = xForwardedFor?.split(',').at(-1)?.trim();
  return last && last.length <= 64 ? last : null;
}

/** The caller's IP: the socket's, or what the trusted proxy saw when TRUST_PROXY is set. */
export function clientIp(request: RequestHead, socketAddress: string, trustProxy: boolean): string {
  return (trustProxy && forwardedClient(request.headers.get('x-forwarded-for'))) || socketAddress;
}

/** Set by the Node front on every request it hands to Astro, replacing any a client sent. */
export const CLIENT_IP_HEADER = 'x-kindling-client-ip';

/**
 * The caller's IP in an Astro route, as the Node front resolved it. Astro's own
 * clientAddress trusts the first X-Forwarded-For value from anyone, so it is only the
 * fallback for `astro dev`, which has no front.
 */
export const clientIpOf = (astro: { request: Request; clientAddress: string }): string =>
  astro.request.headers.get(CLIENT_IP_HEADER) ?? astro.clientAddress;

/** IPs are never stored: only a salted hash, enough to rate-limit and spot repeats. */
export const hashIp = (ip: string, salt: string): string =>
  createHash('sha256').update(`${salt}:${ip}`).digest('base64url').slice(0, 32);

export function isHttps(request: RequestHead, trustProxy: boolean): boolean {
  if (request.url.startsWith('https:')) return true;
  return trustProxy && request.headers.get('x-forwarded-proto') === 'https';
}

const OURS = 'http://kindling.invalid';

/**
 * A `next=` target we may redirect to after sign-in: a path on this site, never another
 * host. It is parsed as a URL against our origin, as a browser would, and must stay on it;
 * control characters and backslashes (which browsers drop or read as slashes, making
 * `/\t/evil.example` mean `//evil.example`) are refused outright. What comes back is the
 * parsed, percent-encoded path, safe to put in a Location header.
 */
export function safeNextPath(next: string | null | undefined, fallback = '/admin'): string {
  if (!next || next.length > 500 || !next.startsWith('/')) return fallback;
  // eslint-disable-next-line no-control-regex -- control characters are what it refuses
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return fallback;
  let url: URL;
  try {
    url = new URL(next, OURS);
  } catch {
    return fallback;
  }
  const path = url.pathname + url.search + url.hash;
  return url.origin === OURS && !path.startsWith('//') ? path : fallback;
}

const HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The origin the browser used, from its Host header: Astro's own URL does not trust that
 * header (without `security.allowedDomains`) and reports plain `localhost`.
 */
export function requestOrigin(request: RequestHead, trustProxy: boolean): string {
  const forwarded = trustProxy
    ? request.headers.get('x-forwarded-host')?.split(',')[0]?.trim()
    : undefined;
  const host = forwarded ?? request.headers.get('host') ?? '';
  const safeHost = HOST.test(host) ? host.toLowerCase() : new URL(request.url).host;
  return `${isHttps(request, trustProxy) ? 'https' : 'http'}://${safeHost}`;
}
