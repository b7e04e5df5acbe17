import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { withPublishedPage } from '../helpers/fixtures';
import { Client } from '../helpers/http-session';
import { readDb } from '../helpers/db-file';

const fx = withPublishedPage();

async function upload(client: Client, bytes: Buffer, name: string, type: string) {
  await client.page('/admin/assets');
  const form = new FormData();
  form.set('_csrf', client.csrf);
  form.set('file', new Blob([new Uint8Array(bytes)], { type }), name);
  return client.request('/admin/assets', { method: 'POST', body: form });
}

describe('image uploads over HTTP', () => {
  it('stores an image, serves it and its copies for a year, and pages use them in srcset', async () => {
    const png = await sharp({
      create: { width: 1000, height: 600, channels: 3, background: '#0f766e' },
    })
      .png()
      .toBuffer();
    const res = await upload(fx.owner, png, 'hero.png', 'image/png');
    expect(res.status).toBe(303);
    const id = /uploaded=([0-9a-f-]{36})/.exec(res.headers.get('location')!)![1]!;
    const original = await fetch(`${fx.server.url}/assets/${id}/original.png`);
    expect(original.status).toBe(200);
    expect(original.headers.get('content-type')).toBe('image/png');
    expect(original.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(Buffer.from(await original.arrayBuffer()).equals(png)).toBe(true);
    const small = await fetch(`${fx.server.url}/assets/${id}/w480.webp`);
    expect(small.headers.get('content-type')).toBe('image/webp');
    expect((await fx.owner.page('/admin/assets')).html).toContain(`/assets/${id}/original.png`);

    // An image block pointing at it gets the copies and the true size.
    const api = `/api/admin/pages/${fx.pageId}`;
    const { page } = (await (await fx.owner.request(api)).json()) as {
      page: { title: string; slug: string; revision: number; document: { blocks: unknown[] } };
    };
    page.document.blocks.splice(1, 0, {
      id: 'shot',
      type: 'image',
      props: { src: `/assets/${id}/original.png`, alt: 'The dashboard on a laptop' },
    });
    const saved = await fx.owner.request(api, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-csrf-token': fx.owner.csrf },
      body: JSON.stringify({ ...page, document: page.document }),
    });
    expect(saved.status).toBe(200);
    const { revision } = (await saved.json()) as { revision: number };
    await fx.owner.post(fx.editPath, { _action: 'publish', revision: String(revision) });
    const html = await (await fetch(`${fx.server.url}/p/${page.slug}`)).text();
    expect(html).toContain(
      `srcset="/assets/${id}/w480.webp 480w, /assets/${id}/w960.webp 960w, /assets/${id}/original.png 1000w"`,
    );
    expect(html).toMatch(/width="1000" height="600"/);
  });

  it('refuses what is not an image, whatever it is called', async () => {
    const res = await upload(
      fx.owner,
      Buffer.from('<script>alert(1)</script>'),
      'a.png',
      'image/png',
    );
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('not an image we can read');
    expect((await fetch(`${fx.server.url}/assets/../../kindling.sqlite`)).status).toBe(404);
  });

  it('refuses an upload without the CSRF token', async () => {
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }), 'x.png');
    const res = await fx.owner.request('/admin/assets', { method: 'POST', body: form });
    expect(res.status).toBe(403);
  });

  it("takes the editor's uploads as JSON, with the same checks", async () => {
    const send = (bytes: Buffer | null, name = 'shot.png', csrf = fx.owner.csrf) => {
      const form = new FormData();
      if (bytes) form.set('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), name);
      return fx.owner.request('/api/admin/assets', {
        method: 'POST',
        headers: { 'x-csrf-token': csrf },
        body: form,
      });
    };
    const png = await sharp({
      create: { width: 640, height: 400, channels: 3, background: '#c2410c' },
    })
      .png()
      .toBuffer();
    const created = await send(png);
    expect(created.status).toBe(201);
    const { asset } = (await created.json()) as { asset: { url: string; width: number } };
    expect(asset).toMatchObject({ width: 640, height: 400 });
    expect((await fetch(fx.server.url + asset.url)).status).toBe(200);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    const refused = await send(svg, 'logo.svg');
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
      /SVG|not an image/,
    );
    expect((await send(null)).status).toBe(400);
    expect((await send(png, 'x.png', 'wrong-token')).status).toBe(403);
  });
});

describe('BLOB_STORE=database: uploads every instance sees, wherever it runs', () => {
  const db = withPublishedPage({ BLOB_STORE: 'database' });

  it('keeps an upload in the database and serves it from there', async () => {
    const png = await sharp({
      create: { width: 800, height: 400, channels: 3, background: '#1d4ed8' },
    })
      .png()
      .toBuffer();
    const res = await upload(db.owner, png, 'banner.png', 'image/png');
    expect(res.status).toBe(303);
    const id = /uploaded=([0-9a-f-]{36})/.exec(res.headers.get('location')!)![1]!;
    const served = await fetch(`${db.server.url}/assets/${id}/original.png`);
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
    expect(
      (await fetch(`${db.server.url}/assets/${id}/w480.webp`)).headers.get('content-type'),
    ).toBe('image/webp');
    expect(existsSync(join(db.server.dataDir, 'assets'))).toBe(false);
    expect(
      readDb<{ n: number }>(
        db.server.dataDir,
        'select count(*) n from blobs where key like ?',
        `${id}/%`,
      )[0]!.n,
    ).toBe(2);
  });
});
