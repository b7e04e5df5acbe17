import type { APIRoute } from 'astro';
import { robotsTxt } from '../domain/landing-pages/sitemap';
import { pagesOrigin } from '../http/public-origin';

export const GET: APIRoute = ({ locals }) =>
  new Response(robotsTxt(pagesOrigin(locals.services.config)), {
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'public, max-age=3600',
    },
  });
