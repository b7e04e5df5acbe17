import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setBounded } from '../platform/bounded-map';
import { encodeOnce, type EncodedResponse } from '../platform/encoded-response';

/** Text assets worth compressing; images and fonts are left to Astro's static files. */
const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};
/** Hashed build output only: the name changes with the content, so it is cached for a year. */
const ASSET = /^\/_astro\/[A-Za-z0-9_.-]+\.(js|css|svg)$/;

/**
 * The build's scripts and styles, compressed once and served from memory (Astro's static
 * handler sends them uncompressed). Null for anything else, or a file that is not there.
 */
export function staticAssets(clientDir: string): (path: string) => EncodedResponse | null {
  const cache = new Map<string, EncodedResponse | null>();
  return (path) => {
    const ext = ASSET.exec(path)?.[1];
    if (!ext || path.includes('..')) return null;
    const known = cache.get(path);
    if (known !== undefined) return known;
    let body: Buffer;
    try {
      body = readFileSync(join(clientDir, path));
    } catch {
      return null;
    }
    const encoded = encodeOnce(body, {
      'content-type': TYPES[ext]!,
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    });
    return setBounded(cache, path, encoded, 500);
  };
}
