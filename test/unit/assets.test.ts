import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { responsiveImage, storeUpload } from '../../src/domain/assets/assets';
import { FolderBlobStore } from '../../src/platform/blobs';
import { DatabaseBlobStore } from '../../db/blob-store';
import { sharpImages } from '../../src/platform/images';
import { testDb } from '../helpers/db';
import { publishedTemplatePage } from '../helpers/seed';

const dataDir = mkdtempSync(join(tmpdir(), 'kindling-assets-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#d9480f' } })
    .png()
    .toBuffer();

describe('uploaded images (real files, real decoding)', () => {
  it('keeps the original and WebP copies at the srcset widths smaller than it', async () => {
    const db = await testDb();
    const { workspaceId } = await publishedTemplatePage(db, Date.now());
    const stored = await storeUpload(
      db,
      { blobs: new FolderBlobStore(join(dataDir, 'assets')), images: sharpImages },
      {
        workspaceId,
        fileName: 'team photo.png',
        bytes: await png(1200, 800),
        now: Date.now(),
      },
    );
    expect(stored.ok).toBe(true);
    if (!stored.ok) return;
    expect(stored.value).toMatchObject({ width: 1200, height: 800, contentType: 'image/png' });
    expect(readdirSync(join(dataDir, 'assets', stored.value.id)).sort()).toEqual([
      'original.png',
      'w480.webp',
      'w960.webp',
    ]);
    const meta = await sharp(join(dataDir, 'assets', stored.value.id, 'w480.webp')).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 480, 320]);
    expect(await responsiveImage(db, stored.value.url)).toEqual({
      width: 1200,
      height: 800,
      srcset: `/assets/${stored.value.id}/w480.webp 480w, /assets/${stored.value.id}/w960.webp 960w, ${stored.value.url} 1200w`,
    });
    expect(await responsiveImage(db, 'https://example.com/a.png')).toBeNull();
  });

  it('judges a file by its bytes: text named .png, SVG and oversized files are refused', async () => {
    const db = await testDb();
    const upload = (bytes: Buffer, fileName: string) =>
      storeUpload(
        db,
        { blobs: new FolderBlobStore(join(dataDir, 'assets')), images: sharpImages },
        {
          workspaceId: 'w1',
          fileName,
          bytes,
          now: Date.now(),
        },
      );
    const text = await upload(Buffer.from('<script>alert(1)</script>'), 'evil.png');
    expect(text.ok || text.code).toBe('not_an_image');
    const svg = await upload(
      Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)"/>',
      ),
      'logo.png',
    );
    expect(svg.ok || svg.code).toBe('unsupported');
    const big = await upload(Buffer.alloc(5 * 1024 * 1024 + 1), 'huge.jpg');
    expect(big.ok || big.code).toBe('too_large');
    const before = readdirSync(join(dataDir, 'assets')).length;
    expect(existsSync(join(dataDir, 'assets'))).toBe(true);
    expect(readdirSync(join(dataDir, 'assets')).length).toBe(before);
  });

  it('keeps them in the database when instances share no disk (BLOB_STORE=database)', async () => {
    const db = await testDb();
    const { workspaceId } = await publishedTemplatePage(db, Date.now());
    const blobs = new DatabaseBlobStore(db);
    const bytes = await png(1000, 500);
    const stored = await storeUpload(
      db,
      { blobs, images: sharpImages },
      {
        workspaceId,
        fileName: 'hero.png',
        bytes,
        now: Date.now(),
      },
    );
    expect(stored.ok).toBe(true);
    if (!stored.ok) return;
    expect((await blobs.get(`${stored.value.id}/original.png`))!.equals(bytes)).toBe(true);
    const copy = await blobs.get(`${stored.value.id}/w480.webp`);
    expect((await sharp(copy!).metadata()).width).toBe(480);
    expect(await blobs.get(`${stored.value.id}/w2000.webp`)).toBeNull();
    await blobs.removeAll(stored.value.id);
    expect(await blobs.get(`${stored.value.id}/original.png`)).toBeNull();
  });

  it('refuses blob keys that would leave the store', async () => {
    const folder = new FolderBlobStore(join(dataDir, 'assets'));
    await expect(folder.put('../escape', Buffer.from('x'))).rejects.toThrow(/Not a blob key/);
    await expect(folder.put('a/../../b', Buffer.from('x'))).rejects.toThrow(/Not a blob key/);
    expect(existsSync(join(dataDir, 'escape'))).toBe(false);
  });
});
