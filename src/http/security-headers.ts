/**
 * Headers for every page. Published pages carry marketer-written content on a service with
 * open sign-up, so their CSP allows script only from our own files, as a second wall behind
 * escaping and sanitising.
 */
const common = {
  'x-content-type-options': 'nosniff',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
};

const csp = (frameAncestors: string, extra = '') =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
    `frame-ancestors ${frameAncestors}`,
    extra,
  ]
    .filter(Boolean)
    .join('; ');

export const ADMIN_HEADERS: Record<string, string> = {
  ...common,
  'content-security-policy': csp("'none'"),
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

export const PUBLIC_HEADERS: Record<string, string> = {
  ...common,
  'content-security-policy': csp(
    "'none'",
    'frame-src https://www.youtube-nocookie.com https://player.vimeo.com',
  ),
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

/** Sets headers on a response, copying it first if its headers are immutable. */
export function withHeaders(response: Response, headers: Record<string, string>): Response {
  let out = response;
  try {
    for (const [k, v] of Object.entries(headers)) if (!out.headers.has(k)) out.headers.set(k, v);
  } catch {
    out = new Response(response.body, response);
    for (const [k, v] of Object.entries(headers)) if (!out.headers.has(k)) out.headers.set(k, v);
  }
  return out;
}
