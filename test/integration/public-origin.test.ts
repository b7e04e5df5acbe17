import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withPublishedPage } from '../helpers/fixtures';
import { publishTemplatePage, setUpOwner } from '../helpers/http-session';
import { startServer, type TestServer } from '../helpers/server';

/** A GET with a chosen Host header, as a browser on another name for this server sends it. */
function getAs(base: string, host: string, path: string) {
  const { hostname, port } = new URL(base);
  return new Promise<{ status: number; location?: string; cookie?: string[]; body: string }>(
    (resolve, reject) => {
      const req = request({ hostname, port, path, headers: { host } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            location: res.headers.location,
            cookie: res.headers['set-cookie'],
            body,
          }),
        );
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('search engines and sharing', () => {
  const fx = withPublishedPage();

  it('lists published pages in sitemap.xml and points robots.txt at it', async () => {
    const sitemap = await fetch(`${fx.server.url}/sitemap.xml`);
    expect(sitemap.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(await sitemap.text()).toContain(`<loc>${fx.server.url}/p/${fx.slug}</loc>`);
    const robots = await (await fetch(`${fx.server.url}/robots.txt`)).text();
    expect(robots).toContain(`Sitemap: ${fx.server.url}/sitemap.xml`);
    expect(robots).toContain('Disallow: /admin');
  });

  it('sets the canonical address and Open Graph tags on a published page', async () => {
    const html = await (await fetch(`${fx.server.url}/p/${fx.slug}`)).text();
    expect(html).toContain(`<link rel="canonical" href="${fx.server.url}/p/${fx.slug}">`);
    expect(html).toMatch(/<meta property="og:title" content="[^"]+">/);
    expect(html).toContain(`<meta property="og:url" content="${fx.server.url}/p/${fx.slug}">`);
    expect(html).toMatch(/<meta name="twitter:card" content="summary">/);
  });
});

describe('PUBLIC_ORIGIN: published pages on a host of their own', () => {
  let server: TestServer;
  let slug: string;
  let adminHost: string;
  beforeAll(async () => {
    server = await startServer({ PUBLIC_ORIGIN: 'http://pages.test' });
    adminHost = new URL(server.url).host;
    ({ slug } = await publishTemplatePage(await setUpOwner(server.url)));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('serves pages on the public host, with canonical addresses there', async () => {
    const page = await getAs(server.url, 'pages.test', `/p/${slug}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`<link rel="canonical" href="http://pages.test/p/${slug}">`);
    const again = await getAs(server.url, 'pages.test', `/p/${slug}`); // from memory now
    expect(again.status).toBe(200);
    const sitemap = await getAs(server.url, 'pages.test', '/sitemap.xml');
    expect(sitemap.body).toContain(`<loc>http://pages.test/p/${slug}</loc>`);
  });

  it('sends page addresses on the admin host to the public host, even when remembered', async () => {
    for (let i = 0; i < 2; i++) {
      const moved = await getAs(server.url, adminHost, `/p/${slug}?utm_source=x`);
      expect(moved.status).toBe(308);
      expect(moved.location).toBe(`http://pages.test/p/${slug}?utm_source=x`);
    }
  });

  it('does not serve the admin, sign-up or invitations on the public host', async () => {
    for (const path of ['/admin', '/admin/login', '/signup', '/api/admin/leads']) {
      const res = await getAs(server.url, 'pages.test', path);
      expect(res.status, path).toBe(404);
      expect(res.cookie, path).toBeUndefined();
    }
    expect((await getAs(server.url, adminHost, '/admin/login')).status).toBe(200);
  });
});
