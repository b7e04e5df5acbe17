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

describe('a forged Host header', () => {
  const fx = withPublishedPage({ SITE_URL: 'https://kindling.example.com' });

  it('never reaches canonical links, Open Graph, the sitemap or robots.txt', async () => {
    const page = await getAs(fx.server.url, 'evil.example', `/p/${fx.slug}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(
      `<link rel="canonical" href="https://kindling.example.com/p/${fx.slug}">`,
    );
    expect(page.body).toContain(
      `<meta property="og:url" content="https://kindling.example.com/p/${fx.slug}">`,
    );
    expect(page.body).not.toContain('evil.example');
    const sitemap = await getAs(fx.server.url, 'evil.example', '/sitemap.xml');
    expect(sitemap.body).toContain(`<loc>https://kindling.example.com/p/${fx.slug}</loc>`);
    const robots = await getAs(fx.server.url, 'evil.example', '/robots.txt');
    expect(robots.body).toContain('Sitemap: https://kindling.example.com/sitemap.xml');
    expect(robots.body + sitemap.body).not.toContain('evil.example');
  });

  it('gets the one render every host gets: many hosts neither render anew nor evict', async () => {
    const first = await getAs(fx.server.url, 'a.example', `/p/${fx.slug}`);
    // More distinct hosts than the render cache holds entries.
    const bodies = new Set<string>();
    for (let i = 0; i < 320; i += 40)
      for (const res of await Promise.all(
        Array.from({ length: 40 }, (_, j) =>
          getAs(fx.server.url, `h${i + j}.example`, `/p/${fx.slug}`),
        ),
      ))
        bodies.add(res.body);
    expect([...bodies]).toEqual([first.body]);
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
