import type { RequestHead } from './caller-address';

/** Whether the browser used HTTPS: the request's own scheme, or the trusted proxy's word. */
export function isHttps(request: RequestHead, trustProxy: boolean): boolean {
  if (request.url.startsWith('https:')) return true;
  return trustProxy && request.headers.get('x-forwarded-proto') === 'https';
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
