import type { APIRoute } from 'astro';
import { assetFileType } from '../../../domain/assets/assets';

const ID = /^[0-9a-f-]{36}$/;

/** Uploaded images, for published pages: immutable (a new upload gets a new id). */
export const GET: APIRoute = async ({ params, locals }) => {
  const { id = '', file = '' } = params;
  const type = assetFileType(file);
  if (!ID.test(id) || !type) return new Response('Not found', { status: 404 });
  const body = await locals.services.blobs.get(`${id}/${file}`);
  if (!body) return new Response('Not found', { status: 404 });
  return new Response(new Uint8Array(body), {
    headers: {
      'content-type': type,
      'cache-control': 'public, max-age=31536000, immutable',
      'content-security-policy': "default-src 'none'",
      'x-content-type-options': 'nosniff',
    },
  });
};
