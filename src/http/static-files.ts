import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { setBounded } from '../shared/bounded-map';
import { encodeOnce, type EncodedResponse } from './encoded-response';

/** What we serve from the build, by extension, and whether it is worth compressing. */
const TYPES: Record<string, { type: string; compress: boolean }> = {
  '.js': { type: 'text/javascript; charset=utf-8', compress: true },
  '.css': { type: 'text/css; charset=utf-8', compress: true },
  '.svg': { type: 'image/svg+xml', compress: true },
  '.csv': { type: 'text/csv; charset=utf-8', compress: true },
  '.txt': { type: 'text/plain; charset=utf-8', compress: true },
  '.json': { type: 'application/json', compress: true },
  '.pdf': { type: 'application/pdf', compress: false },
  '.jpg': { type: 'image/jpeg', compress: false },
  '.jpeg': { type: 'image/jpeg', compress: false },
  '.png': { type: 'image/png', compress: false },
  '.webp': { type: 'image/webp', compress: false },
  '.avif': { type: 'image/avif', compress: false },
  '.ico': { type: 'image/x-icon', compress: false },
  '.woff2': { type: 'font/woff2', compress: false },
};

/** Hashed build output: the name changes with the content, so it is cached for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** public/ files keep their names across versions: browsers check back after an hour. */
const REVALIDATED = 'public, max-age=3600';

function filesUnder(dir: string): Set<string> {
  const found = new Set<string>();
  const walk = (at: string) => {
    let entries;
    try {
      entries = readdirSync(at, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (TYPES[extname(entry.name).toLowerCase()])
        found.add('/' + relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return found;
}

/**
 * The build's files (Astro's scripts and styles, and what public/ holds), listed once at
 * start and served from memory with an ETag, text compressed once in each encoding. Only
 * a listed path is read, so nothing outside the build folder can be asked for. Null for
 * anything else: the request goes on to Astro's routes.
 */
export function staticFiles(clientDir: string): (path: string) => EncodedResponse | null {
  const listed = filesUnder(clientDir);
  const cache = new Map<string, EncodedResponse>();
  return (path) => {
    if (!listed.has(path)) return null;
    const known = cache.get(path);
    if (known) return known;
    const { type, compress } = TYPES[extname(path).toLowerCase()]!;
    const encoded = encodeOnce(
      readFileSync(join(clientDir, path)),
      {
        'content-type': type,
        'cache-control': path.startsWith('/_astro/') ? IMMUTABLE : REVALIDATED,
        'x-content-type-options': 'nosniff',
      },
      { compress },
    );
    return setBounded(cache, path, encoded, 500);
  };
}
