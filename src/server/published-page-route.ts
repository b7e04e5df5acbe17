import type { IncomingMessage } from 'node:http';
import type { PublishedPage } from '../domain/landing-pages/pages';
import { requestOrigin } from '../lib/http/client';
import type { IncomingRequest } from '../lib/http/body';
import type { RenderKey, RenderedPage } from '../lib/published-html';

/** A reply written straight to Node's response: no web Response to build per page view. */
export type RawReply = { status: number; headers: Record<string, string>; body: Buffer | null };

/** Same bytes for every visitor; browsers and caches revalidate with the ETag. */
const CACHE_CONTROL = 'public, max-age=0, must-revalidate';

type Encoding = 'br' | 'gzip' | 'identity';

/** The best encoding the client accepts (a `q=0` refuses one). */
export function pickEncoding(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return 'identity';
  const accepted = new Set<string>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const refused = params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
    if (name && !refused) accepted.add(name);
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return 'identity';
}

export function renderKeyFor(
  page: PublishedPage,
  request: Pick<IncomingRequest, 'url' | 'headers'>,
  trustProxy: boolean,
): RenderKey {
  return {
    versionId: page.versionId,
    tracking: page.tracking,
    origin: requestOrigin(request, trustProxy),
  };
}

/** Answers a page view from the remembered render: 304 for a fresh ETag, else the bytes. */
export function replyWithRenderedPage(req: IncomingMessage, rendered: RenderedPage): RawReply {
  const headers: Record<string, string> = {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': CACHE_CONTROL,
    etag: rendered.etag,
    vary: 'Accept-Encoding',
  };
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch && ifNoneMatch.split(/\s*,\s*/).includes(rendered.etag))
    return { status: 304, headers, body: null };
  const encoding = pickEncoding(req.headers['accept-encoding']);
  if (encoding !== 'identity') headers['content-encoding'] = encoding;
  return {
    status: 200,
    headers,
    // Node sends no body for HEAD but keeps this length.
    body: rendered[encoding],
  };
}
