import type { Db } from '../../../db/client';
import { brandKitOf } from '../workspaces/brand-kit';
import type { BlobStore, ImageFacts, ImageProcessor } from '../../shared/ports';
import { newId } from '../../shared/ids';
import { IMAGE_FORMATS } from './image-formats';
import { fail, ok, type Result } from '../../shared/result';

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
/** Widths made for srcset; never wider than the original. */
export const VARIANT_WIDTHS = [480, 960, 1600] as const;
const FORMATS = IMAGE_FORMATS;
const MAX_PIXELS = 40_000_000;

/** The files an asset folder holds (the original and the srcset copies), by name. */
const ASSET_FILE = new RegExp(
  `^(original\\.(${Object.values(FORMATS)
    .map((f) => f.ext)
    .join('|')})|w(${VARIANT_WIDTHS.join('|')})\\.webp)$`,
);
/** The content type of one of those files, or null for any other name. */
export function assetFileType(file: string): string | null {
  if (!ASSET_FILE.test(file)) return null;
  const ext = file.slice(file.lastIndexOf('.') + 1);
  return Object.values(FORMATS).find((f) => f.ext === ext)!.type;
}

export type StoredAsset = {
  id: string;
  url: string;
  width: number;
  height: number;
  contentType: string;
  bytes: number;
};

/**
 * Keeps an uploaded image: checks what it really is by decoding it (PNG, JPEG, WebP or GIF;
 * SVG is refused, as it can carry script), stores the original and WebP copies at the
 * srcset widths in the blob store (as `<id>/<file>`), and records it for the workspace.
 */
export async function storeUpload(
  db: Db,
  { blobs, images }: { blobs: BlobStore; images: ImageProcessor },
  input: { workspaceId: string; fileName: string; bytes: Buffer; now: number },
): Promise<Result<StoredAsset, 'not_an_image' | 'too_large' | 'unsupported'>> {
  if (input.bytes.length > MAX_UPLOAD_BYTES)
    return fail('too_large', 'Images can be at most 5 MB. Export a smaller one and try again.');
  let meta: ImageFacts;
  try {
    meta = await images.inspect(input.bytes, MAX_PIXELS);
  } catch {
    return fail(
      'not_an_image',
      'That file is not an image we can read (use PNG, JPEG, WebP or GIF).',
    );
  }
  const format = FORMATS[meta.format ?? ''];
  if (!format || !meta.width || !meta.height)
    return fail(
      'unsupported',
      meta.format === 'svg'
        ? 'SVG files are not accepted: they can contain scripts. Export the image as PNG.'
        : 'Use a PNG, JPEG, WebP or GIF image.',
    );
  const id = newId(input.now);
  await blobs.put(`${id}/original.${format.ext}`, input.bytes);
  // An animated GIF stays as it is; the others get lighter WebP copies for smaller screens.
  if (format.ext !== 'gif')
    for (const width of VARIANT_WIDTHS.filter((w) => w < meta.width!))
      await blobs.put(`${id}/w${width}.webp`, await images.webpAtWidth(input.bytes, width));
  const fileName = input.fileName.replace(/[^\w .-]/g, '').slice(0, 120) || `image.${format.ext}`;
  // The files are written first; a row that cannot be recorded takes them with it.
  try {
    await db
      .insertInto('assets')
      .values({
        id,
        workspace_id: input.workspaceId,
        file_name: fileName,
        content_type: format.type,
        bytes: input.bytes.length,
        width: meta.width,
        height: meta.height,
        created_at: input.now,
      })
      .execute();
  } catch (error) {
    await blobs.removeAll(id);
    throw error;
  }
  return ok({
    id,
    url: `/assets/${id}/original.${format.ext}`,
    width: meta.width,
    height: meta.height,
    contentType: format.type,
    bytes: input.bytes.length,
  });
}

export function listAssets(db: Db, workspaceId: string) {
  return db
    .selectFrom('assets')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
}

/** Where an asset's original lives, from its row. */
export const assetUrl = (a: { id: string; content_type: string }) =>
  `/assets/${a.id}/original.${Object.values(FORMATS).find((f) => f.type === a.content_type)?.ext ?? 'bin'}`;

/**
 * An uploaded image's responsive sources for a page: the srcset of its WebP copies and the
 * original's size. Null for an address that is not one of our assets.
 */
export async function responsiveImage(db: Db, src: string) {
  const id = /^\/assets\/([0-9a-f-]{36})\/original\.\w+$/.exec(src)?.[1];
  if (!id) return null;
  const asset = await db
    .selectFrom('assets')
    .select(['width', 'height', 'content_type'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!asset?.width || !asset.height) return null;
  const widths =
    asset.content_type === 'image/gif' ? [] : VARIANT_WIDTHS.filter((w) => w < asset.width!);
  return {
    width: asset.width,
    height: asset.height,
    srcset: [...widths.map((w) => `/assets/${id}/w${w}.webp ${w}w`), `${src} ${asset.width}w`].join(
      ', ',
    ),
  };
}

/** A page that shows the image: on its live version, in its draft, or both. */
export type AssetUse = { pageId: string; title: string; live: boolean; draft: boolean };

/** Where the workspace's pages use an asset (deleted pages aside). */
export async function assetUses(db: Db, workspaceId: string, assetId: string): Promise<AssetUse[]> {
  const marker = `%/assets/${assetId}/%`;
  const rows = await db
    .selectFrom('pages as p')
    .leftJoin('page_versions as v', 'v.id', 'p.published_version_id')
    .select((eb) => [
      'p.id',
      'p.title',
      eb('v.document_json', 'like', marker).as('live'),
      eb('p.draft_json', 'like', marker).as('draft'),
    ])
    .where('p.workspace_id', '=', workspaceId)
    .where('p.deleted_at', 'is', null)
    .where((eb) =>
      eb.or([eb('v.document_json', 'like', marker), eb('p.draft_json', 'like', marker)]),
    )
    .orderBy('p.title')
    .execute();
  return rows.map((r) => ({ pageId: r.id, title: r.title, live: !!r.live, draft: !!r.draft }));
}

/** "the live page “Spring sale” and the draft of “Webinar”": where an image is in use. */
const describeUses = (uses: AssetUse[]) =>
  uses.map((u) => (u.live ? `the live page “${u.title}”` : `the draft of “${u.title}”`)).join(', ');

/**
 * Deletes an image, its row and its files, unless a page shows it: a live page would lose
 * it at once and a draft on its next publish, so the answer says where it is used instead.
 */
export async function deleteAsset(
  db: Db,
  blobs: BlobStore,
  input: { workspaceId: string; assetId: string },
): Promise<Result<{ fileName: string }, 'not_found' | 'in_use'>> {
  const asset = await db
    .selectFrom('assets')
    .select('file_name')
    .where('id', '=', input.assetId)
    .where('workspace_id', '=', input.workspaceId)
    .executeTakeFirst();
  if (!asset) return fail('not_found', 'That image no longer exists.');
  const uses = await assetUses(db, input.workspaceId, input.assetId);
  if (uses.length > 0)
    return fail(
      'in_use',
      `“${asset.file_name}” is used on ${describeUses(uses)}. Replace it there (and publish) first, then delete it.`,
    );
  if ((await brandKitOf(db, input.workspaceId)).logoUrl?.includes(`/assets/${input.assetId}/`))
    return fail(
      'in_use',
      `“${asset.file_name}” is your brand kit's logo. Choose another in Settings first, then delete it.`,
    );
  await db
    .deleteFrom('assets')
    .where('id', '=', input.assetId)
    .where('workspace_id', '=', input.workspaceId)
    .execute();
  // Files after the row: a file left behind by a failure here is unreachable, not broken.
  await blobs.removeAll(input.assetId);
  return ok({ fileName: asset.file_name });
}
