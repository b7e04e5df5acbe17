import { MAX_UPLOAD_BYTES, storeUpload, type StoredAsset } from '../domain/assets/assets';
import type { Db } from '../../db/client';
import { fail, type Result } from '../shared/result';
import type { BlobStore, ImageProcessor } from '../shared/ports';
import { readBodyBytes } from './body';

export type UploadError = 'too_large' | 'no_file' | 'not_an_image' | 'unsupported';

/** The HTTP status for each way an upload can be refused. */
export const UPLOAD_ERROR_STATUS: Record<UploadError, number> = {
  too_large: 413,
  no_file: 400,
  not_an_image: 422,
  unsupported: 422,
};

/**
 * Reads a multipart upload's `file` and keeps it as an image of the workspace. The whole
 * request is bounded while it arrives, so a file over the limit is refused without being held.
 */
export async function receiveImageUpload(
  request: Request,
  target: {
    db: Db;
    blobs: BlobStore;
    images: ImageProcessor;
    workspaceId: string;
    now: number;
  },
): Promise<Result<StoredAsset, UploadError>> {
  const body = await readBodyBytes(request, MAX_UPLOAD_BYTES + 64 * 1024);
  if (!body.ok)
    return fail('too_large', 'Images can be at most 5 MB. Export a smaller one and try again.');
  const parts = await new Response(new Uint8Array(body.value), {
    headers: { 'content-type': request.headers.get('content-type') ?? '' },
  })
    .formData()
    .catch(() => null);
  const file = parts?.get('file');
  if (!(file instanceof File) || file.size === 0)
    return fail('no_file', 'Choose an image to upload.');
  return storeUpload(target.db, target, {
    workspaceId: target.workspaceId,
    fileName: file.name,
    bytes: Buffer.from(await file.arrayBuffer()),
    now: target.now,
  });
}
