import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { APIRoute } from 'astro';
import { assetDir, assetFileType } from '../../../domain/assets/assets';
import { appConfig } from '../../../lib/runtime';

const ID = /^[0-9a-f-]{36}$/;

/** Uploaded images, for published pages: immutable (a new upload gets a new id). */
export const GET: APIRoute = async ({ params }) => {
  const { id = '', file = '' } = params;
  const type = assetFileType(file);
  if (!ID.test(id) || !type) return new Response('Not found', { status: 404 });
  try {
    const body = await readFile(join(assetDir(appConfig().dataDir, id), file));
    return new Response(new Uint8Array(body), {
      headers: {
        'content-type': type,
        'cache-control': 'public, max-age=31536000, immutable',
        'content-security-policy': "default-src 'none'",
        'x-content-type-options': 'nosniff',
      },
    });
  } catch {
    return new Response('Not found', { status: 404 });
  }
};
