import type { APIRoute } from 'astro';
import { indexablePages, sitemapXml } from '../domain/landing-pages/sitemap';
import { pagesOrigin } from '../http/public-origin';

export const GET: APIRoute = async ({ locals }) =>
  new Response(sitemapXml(pagesOrigin(locals.services.config), await indexablePages(locals.db)), {
    headers: {
      'content-type': 'application/xml; charset=utf-8',
      'cache-control': 'public, max-age=300',
    },
  });
