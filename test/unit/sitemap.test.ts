import { describe, expect, it } from 'vitest';
import { getEditablePage, publishPage, saveDraft } from '../../src/domain/landing-pages/pages';
import { indexablePages, robotsTxt, sitemapXml } from '../../src/domain/landing-pages/sitemap';
import { testDb } from '../helpers/db';
import { publishedTemplatePage } from '../helpers/seed';

const NOW = Date.UTC(2026, 10, 24);

describe('sitemap and robots', () => {
  it('lists published pages, leaving out those marked noindex', async () => {
    const db = await testDb();
    const { page, workspaceId, userId } = await publishedTemplatePage(db, NOW);
    expect(await indexablePages(db)).toEqual([{ slug: page.slug, updatedAt: NOW }]);
    const draft = (await getEditablePage(db, workspaceId, page.pageId))!;
    const saved = await saveDraft(db, {
      workspaceId,
      pageId: page.pageId,
      title: draft.title,
      slug: draft.slug,
      document: { ...draft.document, seo: { ...draft.document.seo, noindex: true } },
      expectedRevision: draft.revision,
      now: NOW + 1,
    });
    expect(saved.ok).toBe(true);
    await publishPage(db, { workspaceId, pageId: page.pageId, userId, now: NOW + 2 });
    expect(await indexablePages(db)).toEqual([]);
  });

  it('writes valid, escaped XML and points robots at it', () => {
    const xml = sitemapXml('https://pages.example.com', [{ slug: 'spring-offer', updatedAt: NOW }]);
    expect(xml).toContain(
      '<url><loc>https://pages.example.com/p/spring-offer</loc><lastmod>2026-11-24</lastmod></url>',
    );
    expect(sitemapXml('https://x.test/?a=1&b=<2>', [{ slug: 's', updatedAt: NOW }])).toContain(
      'https://x.test/?a=1&#38;b=&#60;2&#62;/p/s',
    );
    expect(robotsTxt('https://pages.example.com')).toMatch(
      /Disallow: \/admin\n[\s\S]*Sitemap: https:\/\/pages\.example\.com\/sitemap\.xml\n$/,
    );
  });
});
