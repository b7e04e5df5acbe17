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
