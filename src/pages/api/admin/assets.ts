import type { APIRoute } from 'astro';
import { UPLOAD_ERROR_STATUS, receiveImageUpload } from '../../../http/asset-upload';
import { jsonError } from '../../../http/responses';

/** The editor's image upload: the same checks as the Images page, answered as JSON. */
export const POST: APIRoute = async ({ locals, request }) => {
  const stored = await receiveImageUpload(request, {
    db: locals.db,
    workspaceId: locals.session!.workspace.id,
    blobs: locals.services.blobs,
    images: locals.services.images,
    now: locals.services.clock.now(),
  });
  if (!stored.ok) return jsonError(UPLOAD_ERROR_STATUS[stored.code], stored.code, stored.message);
  return Response.json({ asset: stored.value }, { status: 201 });
};
