import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readDb } from '../helpers/db-file';
import { withPublishedPage } from '../helpers/fixtures';
import { readDraft, saveDraftApi } from '../helpers/http-session';
import { sendBeacon, visitBeacon } from '../helpers/beacons';

const fx = withPublishedPage();
const view = (headers: Record<string, string> = {}) =>
  fetch(`${fx.server.url}/p/${fx.slug}`, { headers });

/** A raw GET that leaves the body as sent (fetch would decode it). */
async function rawView(headers: Record<string, string>) {
  return new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>(
    (resolve, reject) => {
      const req = request(`${fx.server.url}/p/${fx.slug}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            headers: res.headers as Record<string, string>,
            body: Buffer.concat(chunks),
          }),
        );
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('published pages served from memory', () => {
  it('serves every view the same bytes with an ETag, and answers 304 to a fresh one', async () => {
    const first = await (await view()).text();
    const second = await view();
    expect(second.status).toBe(200);
    expect(await second.text()).toBe(first);
    const etag = second.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]{20,}"$/);
    expect(second.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    expect(second.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(second.headers.get('set-cookie')).toBeNull();
    const revalidated = await view({ 'if-none-match': etag });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');
  });

  it('sends brotli or gzip to clients that accept them, identical once decoded', async () => {
    const plain = await rawView({});
    const br = await rawView({ 'accept-encoding': 'gzip, deflate, br' });
    const gz = await rawView({ 'accept-encoding': 'gzip, br;q=0' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.headers['content-encoding']).toBe('br');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
    expect(br.body.length).toBeLessThan(plain.body.length / 3);
    expect(br.headers.vary).toBe('Accept-Encoding');
  });

  it('shows a newly published version on the next view', async () => {
    const before = await (await view()).text();
    const pageId = fx.pageId;
    const draft = await readDraft(fx.owner, pageId);
    const saved = await saveDraftApi(fx.owner, pageId, {
      ...draft,
      document: {
        ...draft.document,
        seo: { ...draft.document.seo, title: 'Month-end close, finally fast' },
      },
    });
    expect(saved.status).toBe(200);
    const { revision } = (await saved.json()) as { revision: number };
    const published = await fx.owner.post(fx.editPath, {
      _action: 'publish',
      revision: String(revision),
    });
    expect(published.status).toBe(303);
    const after = await (await view()).text();
    expect(after).not.toBe(before);
    expect(after).toContain('<title>Month-end close, finally fast</title>');
    // …and that render is the one remembered.
    expect(await (await view()).text()).toBe(after);
  });

  it('hands unknown slugs to the 404 page, never caching them', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await view().then(() => fetch(`${fx.server.url}/p/no-such-page`));
      expect(res.status).toBe(404);
      expect(res.headers.get('etag')).toBeNull();
    }
  });
});

describe('a workspace that turns tracking off', () => {
  it('serves its pages without the tracker and keeps no beacon', async () => {
    await fx.owner.page('/admin/settings');
    const saved = await fx.owner.post('/admin/settings/privacy', {
      _action: 'privacy',
      trackingConsent: 'off',
      eventRetentionDays: '180',
    });
    expect(saved.status).toBe(303);
    const html = await (await view()).text();
    expect(html).not.toContain('data-kindling-page');
    expect(html).not.toMatch(/Tracker\.astro[^"]*\.js/);
    expect(html).toMatch(/Form\.astro[^"]*\.js/);
    const beacon = await sendBeacon(
      fx.server.url,
      visitBeacon({
        page: fx.slug,
        vid: 'visitor-0000000001',
        sid: 'visit-00000000001',
        at: Date.now(),
      }),
    );
    expect(beacon.status).toBe(204);
    await new Promise((r) => setTimeout(r, 200));
    expect(readDb<{ n: number }>(fx.server.dataDir, 'select count(*) n from events')[0]!.n).toBe(0);
  });
});
