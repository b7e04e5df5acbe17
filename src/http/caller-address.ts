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
