import type { APIRoute } from 'astro';
// Bundled with the server: the build moves files, so the icon is not read from disk.
import icon from '../../public/favicon.svg?raw';

// Browsers ask for /favicon.ico whatever the page links; they all read an SVG served here.
export const GET: APIRoute = () =>
  new Response(icon, {
    headers: { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' },
  });
