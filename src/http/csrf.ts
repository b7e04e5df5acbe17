import { timingSafeEqual } from 'node:crypto';
import { readFormBody, field } from './body';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const isStateChanging = (method: string) => !SAFE_METHODS.has(method.toUpperCase());

/**
 * A state-changing request must come from our own pages: the browser's Origin (or, when a
 * browser omits it, Sec-Fetch-Site / Referer) must name this site.
 */
export function isSameOrigin(request: Request, expectedOrigin: string): boolean {
  const origin = request.headers.get('origin');
  if (origin) return origin === expectedOrigin;
  const site = request.headers.get('sec-fetch-site');
  if (site) return site === 'same-origin';
  const referer = request.headers.get('referer');
  if (referer) {
    try {
      return new URL(referer).origin === expectedOrigin;
    } catch {
      return false;
    }
  }
  return false;
}

/** Uploads are at most 5 MB; the form around the file adds a little. */
const MULTIPART_CSRF_LIMIT = 6 * 1024 * 1024;

const sameToken = (a: string, b: string) =>
  a.length === b.length && a.length > 0 && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** The session's CSRF token must come back in `x-csrf-token` or a form's `_csrf` field. */
export async function hasValidCsrfToken(request: Request, expected: string): Promise<boolean> {
  const header = request.headers.get('x-csrf-token');
  if (header) return sameToken(header, expected);
  const type = request.headers.get('content-type') ?? '';
  if (type.startsWith('multipart/form-data')) {
    // Uploads: only a declared, bounded size is parsed here (the route reads it again).
    const length = Number(request.headers.get('content-length') ?? NaN);
    if (!(length <= MULTIPART_CSRF_LIMIT)) return false;
    const parts = await request
      .clone()
      .formData()
      .catch(() => null);
    const token = parts?.get('_csrf');
    return typeof token === 'string' && sameToken(token, expected);
  }
  const form = await readFormBody(request.clone(), 1024 * 1024);
  return form.ok && sameToken(field(form.value, '_csrf'), expected);
}
