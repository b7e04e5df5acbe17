import type { Db } from '../../../db/client';
import { readStoredDocument } from './stored-document';

/** Published pages that search engines may list (not marked noindex), newest change first. */
export async function indexablePages(db: Db): Promise<{ slug: string; updatedAt: number }[]> {
  const rows = await db
    .selectFrom('pages as p')
    .innerJoin('page_versions as v', 'v.id', 'p.published_version_id')
    .select(['p.slug', 'v.published_at', 'v.document_json'])
    .where('p.variant_of', 'is', null)
    .orderBy('v.published_at', 'desc')
    .limit(50_000)
    .execute();
  return rows
    .filter((r) => !readStoredDocument(r.document_json).seo.noindex)
    .map((r) => ({ slug: r.slug, updatedAt: r.published_at }));
}

const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** A sitemap (sitemaps.org 0.9) of those pages on the pages' origin. */
export function sitemapXml(origin: string, pages: { slug: string; updatedAt: number }[]): string {
  const urls = pages
    .map(
      (p) =>
        `  <url><loc>${escapeXml(`${origin}/p/${p.slug}`)}</loc><lastmod>${new Date(p.updatedAt).toISOString().slice(0, 10)}</lastmod></url>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`;
}

/** Crawlers may read published pages; the admin, its API and form endpoints are not for them. */
export const robotsTxt = (origin: string): string =>
  [
    'User-agent: *',
    'Allow: /p/',
    'Disallow: /admin',
    'Disallow: /api/',
    'Disallow: /invite/',
    'Disallow: /signup',
    `Sitemap: ${origin}/sitemap.xml`,
    '',
  ].join('\n');
