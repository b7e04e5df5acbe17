import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { TrackingMode } from '../domain/workspaces/settings';
import { setBounded } from './bounded-map';
import { processSingleton } from './process-singleton';
import { PUBLIC_HEADERS } from './security-headers';

export type Encoding = 'br' | 'gzip' | 'identity';

/** One encoding of a page, with every response header already worked out. */
export type EncodedPage = { body: Buffer; headers: Record<string, string> };

/** A published page's HTML, rendered once, in each encoding, with its validator. */
export type RenderedPage = {
  etag: string;
  encodings: Record<Encoding, EncodedPage>;
  notModified: Record<string, string>;
};

/** What makes two renders of a published page differ; nothing about the visitor does. */
export type RenderKey = { versionId: string; tracking: TrackingMode; origin: string };

/** Same bytes for every visitor; browsers and caches revalidate with the ETag. */
export const PUBLISHED_CACHE_CONTROL = 'public, max-age=0, must-revalidate';

const MAX_PAGES = 300;
const pages = () => processSingleton('published-html', () => new Map<string, RenderedPage>());
const keyOf = (k: RenderKey) => `${k.versionId}|${k.tracking}|${k.origin}`;

export const findRenderedPage = (key: RenderKey): RenderedPage | undefined =>
  pages().get(keyOf(key));

function compress(identity: Buffer): Record<Encoding, Buffer> {
  return {
    identity,
    gzip: gzipSync(identity, { level: 9 }),
    br: brotliCompressSync(identity, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: identity.length,
      },
    }),
  };
}

/**
 * Remembers the HTML a published version rendered to. Compression and headers are worked
 * out here, once, so that a page view only picks a buffer and writes it. Versions never
 * change, so an entry is valid until the process restarts; publishing forgets them anyway.
 */
export function rememberRenderedPage(key: RenderKey, html: string): RenderedPage {
  const bodies = compress(Buffer.from(html, 'utf8'));
  const etag = `"${createHash('sha256').update(bodies.identity).digest('base64url').slice(0, 27)}"`;
  const common = {
    ...PUBLIC_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'cache-control': PUBLISHED_CACHE_CONTROL,
    etag,
    vary: 'Accept-Encoding',
  };
  const encoded = (encoding: Encoding): EncodedPage => ({
    body: bodies[encoding],
    headers: {
      ...common,
      ...(encoding === 'identity' ? {} : { 'content-encoding': encoding }),
      'content-length': String(bodies[encoding].length),
    },
  });
  const rendered: RenderedPage = {
    etag,
    encodings: { identity: encoded('identity'), gzip: encoded('gzip'), br: encoded('br') },
    notModified: common,
  };
  return setBounded(pages(), keyOf(key), rendered, MAX_PAGES);
}

export const forgetRenderedPages = (): void => pages().clear();
