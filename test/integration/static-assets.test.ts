import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { brotliDecompressSync } from 'node:zlib';
import { withPublishedPage } from '../helpers/fixtures';

function get(base: string, path: string, headers: Record<string, string> = {}) {
  const { hostname, port } = new URL(base);
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
    (resolve, reject) => {
      const req = request({ hostname, port, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('scripts and styles of published pages', () => {
  const fx = withPublishedPage();

  it('are compressed, cached for a year and revalidated with their ETag', async () => {
    const html = await (await fetch(`${fx.server.url}/p/${fx.slug}`)).text();
    const assets = [...html.matchAll(/(?:src|href)="(\/_astro\/[^"]+\.(?:js|css))"/g)].map(
      (m) => m[1]!,
    );
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const path of assets) {
      const plain = await get(fx.server.url, path);
      const br = await get(fx.server.url, path, { 'accept-encoding': 'gzip, br' });
      expect(br.headers['content-encoding'], path).toBe('br');
      expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(br.headers.vary).toBe('Accept-Encoding');
      expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
      expect(br.body.length).toBeLessThan(plain.body.length);
      const again = await get(fx.server.url, path, {
        'if-none-match': String(br.headers.etag),
      });
      expect(again.status).toBe(304);
    }
  });

  it('serves nothing outside the build folder', async () => {
    expect((await get(fx.server.url, '/_astro/..%2F..%2Fpackage.json')).status).toBe(404);
    expect((await get(fx.server.url, '/_astro/nope.js')).status).toBe(404);
  });
});
