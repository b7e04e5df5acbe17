import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { TrackingMode } from '../domain/workspaces/settings';
import { setBounded } from './bounded-map';
import { processSingleton } from './process-singleton';

/** A published page's HTML, rendered once, with its compressed forms and validator. */
export type RenderedPage = {
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
  etag: string;
};

/** What makes two renders of a published page differ; nothing about the visitor does. */
export type RenderKey = { versionId: string; tracking: TrackingMode; origin: string };

const MAX_PAGES = 300;
const pages = () => processSingleton('published-html', () => new Map<string, RenderedPage>());
const keyOf = (k: RenderKey) => `${k.versionId}|${k.tracking}|${k.origin}`;

export const findRenderedPage = (key: RenderKey): RenderedPage | undefined =>
  pages().get(keyOf(key));

/**
 * Remembers the HTML a published version rendered to, compressed once here so that a page
 * view costs neither rendering nor compression. Versions never change, so an entry is
 * valid until the process restarts; publishing forgets all of them anyway.
 */
export function rememberRenderedPage(key: RenderKey, html: string): RenderedPage {
  const identity = Buffer.from(html, 'utf8');
  const rendered: RenderedPage = {
    identity,
    gzip: gzipSync(identity, { level: 9 }),
    br: brotliCompressSync(identity, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: identity.length,
      },
    }),
    etag: `"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`,
  };
  return setBounded(pages(), keyOf(key), rendered, MAX_PAGES);
}

export const forgetRenderedPages = (): void => pages().clear();
