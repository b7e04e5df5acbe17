import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { APIRoute } from 'astro';
import { assetDir } from '../../../domain/assets/assets';
import { appConfig } from '../../../lib/runtime';

const TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
};
const FILE = /^(original\.(png|jpg|webp|gif)|w(480|960|1600)\.webp)$/;
const ID = /^[0-9a-f-]{36}$/;

/** Uploaded images, for published pages: immutable (a new upload gets a new id). */
export const GET: APIRoute = async ({ params }) => {
  const { id = '', file = '' } = params;
  const name = FILE.exec(file);
  if (!ID.test(id) || !name) return new Response('Not found', { status: 404 });
  const ext = file.slice(file.lastIndexOf('.') + 1);
  try {
    const body = await readFile(join(assetDir(appConfig().dataDir, id), file));
    return new Response(new Uint8Array(body), {
      headers: {
        'content-type': TYPES[ext]!,
        'cache-control': 'public, max-age=31536000, immutable',
        'content-security-policy': "default-src 'none'",
        'x-content-type-options': 'nosniff',
      },
    });
  } catch {
    return new Response('Not found', { status: 404 });
  }
};
