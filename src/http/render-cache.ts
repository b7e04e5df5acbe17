import type { TrackingMode } from '../domain/workspaces/settings';
import { setBounded } from '../shared/bounded-map';
import { encodeOnce, type EncodedResponse } from './encoded-response';
import { PUBLIC_HEADERS } from './security-headers';

/** A published page's HTML, rendered once, in each encoding, with its validator. */
export type RenderedPage = EncodedResponse;

/**
 * What makes two renders of a published page differ: the version and the workspace settings
 * it is drawn with (tracking mode, where its legal links lead). Nothing about the request
 * does (its Host header included: canonical links come from config), so a forged Host
 * neither renders nor evicts; and a settings change made through another instance reaches
 * this one's renders as soon as its memo of the live page (a second) is refreshed.
 */
export type RenderKey = { versionId: string; tracking: TrackingMode; legal: string };

/** Same bytes for every visitor; browsers and caches revalidate with the ETag. */
export const PUBLISHED_CACHE_CONTROL = 'public, max-age=0, must-revalidate';

const MAX_PAGES = 300;
const keyOf = (k: RenderKey) => `${k.versionId}|${k.tracking}|${k.legal}`;

/**
 * The HTML each published version rendered to, per instance. Compression and headers are
 * worked out once, so that a page view only picks a buffer and writes it. A version never
 * changes, so an entry stays right until it ages out; a publish is served at once because
 * the live version's id is part of the key (and saving a draft touches nothing here).
 */
export class RenderCache {
  private pages = new Map<string, RenderedPage>();

  find(key: RenderKey): RenderedPage | undefined {
    return this.pages.get(keyOf(key));
  }

  remember(key: RenderKey, html: string): RenderedPage {
    const rendered = encodeOnce(Buffer.from(html, 'utf8'), {
      ...PUBLIC_HEADERS,
      'content-type': 'text/html; charset=utf-8',
      'cache-control': PUBLISHED_CACHE_CONTROL,
    });
    return setBounded(this.pages, keyOf(key), rendered, MAX_PAGES);
  }
}
