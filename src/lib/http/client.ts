import { createHash } from 'node:crypto';
import type { IncomingRequest } from './body';

export type RequestHead = Pick<IncomingRequest, 'url' | 'headers'>;

/** The caller's IP: the socket's, or the proxy's X-Forwarded-For when TRUST_PROXY is set. */
export function clientIp(request: RequestHead, socketAddress: string, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded && forwarded.length <= 64) return forwarded;
  }
  return socketAddress;
}

/** IPs are never stored: only a salted hash, enough to rate-limit and spot repeats. */
export const hashIp = (ip: string, salt: string): string =>
  createHash('sha256').update(`${salt}:${ip}`).digest('base64url').slice(0, 32);

export function isHttps(request: RequestHead, trustProxy: boolean): boolean {
  if (request.url.startsWith('https:')) return true;
  return trustProxy && request.headers.get('x-forwarded-proto') === 'https';
}

/** A `next=` target we may redirect to after sign-in: a path on this site, never another host. */
export function safeNextPath(next: string | null | undefined, fallback = '/admin'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\'))
    return fallback;
  return next.length > 500 ? fallback : next;
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
