import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { Client, DEMO_ANSWERS } from '../helpers/http-session';
import { withPublishedPage } from '../helpers/fixtures';

const fx = withPublishedPage();

const visitor = () => new Client(fx.server.url);
const post = (body: string | URLSearchParams, headers: Record<string, string> = {}) =>
  fetch(`${fx.server.url}/p/${fx.slug}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    redirect: 'manual',
  });

describe('a published page', () => {
  it('is served at /p/<slug> with its form, no cookie and a strict CSP', async () => {
    const res = await fetch(`${fx.server.url}/p/${fx.slug}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Close the month in three days, not ten');
    expect(html).toContain('name="_form" value="demo-form"');
    expect(res.headers.get('set-cookie')).toBeNull();
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("base-uri 'none'");
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('uses its theme’s web fonts, self-hosted: the heading face preloaded, every face swapped', async () => {
    const html = await (await fetch(`${fx.server.url}/p/${fx.slug}`)).text();
    const preload =
      /<link rel="preload" href="([^"]+\.woff2)" as="font" type="font\/woff2" crossorigin/.exec(
        html,
      );
    expect(preload, 'a preloaded font').not.toBeNull();
    const faces = [...html.matchAll(/@font-face\{([^}]+)\}/g)].map((m) => m[1]!);
    expect(faces.length).toBeGreaterThanOrEqual(2);
    for (const face of faces) expect(face).toContain('font-display:swap');
    // The demo template uses the modern pair: Inter, its heading weight first.
    expect(faces[0]).toContain("font-family:'Inter'");
    expect(faces[0]).toContain(`url(${preload![1]})`);
    for (const url of faces.map((f) => /url\(([^)]+)\)/.exec(f)![1]!)) {
      const font = await fetch(fx.server.url + url);
      expect(font.status, url).toBe(200);
      expect(font.headers.get('content-type')).toBe('font/woff2');
      expect(font.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect((await font.arrayBuffer()).byteLength).toBeLessThan(40_000); // the Latin subset
    }
  });

  it('answers a proper 404 page for an unknown or reserved slug', async () => {
    for (const path of ['/p/no-such-page', '/p/admin', '/p/%E0%A4%A']) {
      const res = await fetch(fx.server.url + path);
      expect(res.status, path).toBe(path.includes('%E0') ? 400 : 404);
    }
    const missing = await (await fetch(`${fx.server.url}/p/no-such-page`)).text();
    expect(missing).toContain('Page not found');
    // A visitor is never sent to the admin's sign-in from a missing page.
    expect(missing).not.toMatch(/href="\/(admin[^"]*)?"/);
  });

  it('takes a valid submission, redirects to the thank-you page and lists the tagged lead', async () => {
    const res = await visitor().request(`/p/${fx.slug}`, { method: 'POST', form: DEMO_ANSWERS });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(
      new RegExp(`^/p/${fx.slug}/thanks\\?s=[0-9a-f-]{36}$`),
    );
    const thanks = await (await fetch(fx.server.url + res.headers.get('location')!)).text();
    expect(thanks).toContain('Book a call now'); // hot: the form's message for hot leads
    const { html } = await fx.owner.page('/admin/leads');
    expect(html).toContain('jordan@northwind.com');
    expect(html).toMatch(/data-tier="hot"/);
  });

  it('re-renders the form with clear errors and keeps the other answers', async () => {
    const res = await visitor().request(`/p/${fx.slug}`, {
      method: 'POST',
      form: { ...DEMO_ANSWERS, email: 'jordan@', name: 'Jordan "Jo" <b>Lee</b>', consent: '' },
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Enter a valid email address, like name@company.com.');
    expect(html).toContain('Please agree to continue.');
    expect(html).toContain('value="Jordan &#34;Jo&#34; <b>Lee</b>"');
    expect(html).toContain('value="jordan@"');
    expect(html).toMatch(/<option value="This month" selected>/);
    expect(html).toContain('aria-invalid="true"');
  });

  it('refuses an oversized body with 413, never 500', async () => {
    const res = await post('email=' + 'x'.repeat(70 * 1024) + '&_form=demo-form');
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('larger than 64 KB');
  });

  it.each([
    ['not urlencoded JSON', '{"email":"a@b.co"}', { 'content-type': 'application/json' }, 415],
    ['invalid UTF-8', Buffer.from([0x65, 0x3d, 0xff, 0xfe]), {}, 400],
    ['broken percent-encoding', 'email=%E0%A4%A&_form=demo-form', {}, 422],
    ['no form id', 'email=a@b.co', {}, 400],
    ['an empty body', '', {}, 400],
  ])('answers 4xx for %s', async (_name, body, headers, status) => {
    const res = await fetch(`${fx.server.url}/p/${fx.slug}`, {
      method: 'POST',
      body: body as BodyInit,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      redirect: 'manual',
    });
    expect(res.status).toBe(status);
  });

  it('stores nothing from the page response: published HTML is the same for every visitor', async () => {
    const [a, b] = await Promise.all([
      fetch(`${fx.server.url}/p/${fx.slug}`),
      fetch(`${fx.server.url}/p/${fx.slug}`, { headers: { 'user-agent': 'other' } }),
    ]);
    expect(await a.text()).toBe(await b.text());
  });
});

describe('operations', () => {
  it('/healthz answers 200 with the database reachable', async () => {
    const res = await fetch(`${fx.server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});

describe('addresses escaped twice (issue 29.11)', () => {
  it.each(['/%2524', '/%25%24', '/p/%2541', '/admin/%2524', '/x/%25%25'])(
    '%s is the public 404 with the usual headers, and no error in the log',
    async (path) => {
      const res = await fetch(`${fx.server.url}${path}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await res.text()).toContain('Page not found');
      expect(fx.server.logs()).not.toMatch(/\[ERROR\]|Multi-level URL encoding/);
    },
  );

  it('answers the JSON error shape under /api/v1', async () => {
    for (const path of ['/api/v1/%2524', '/api/v1/leads/%25%24']) {
      const res = await fetch(`${fx.server.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
    }
  });
});

describe('methods the product does not take', () => {
  /** Raw HTTP: fetch refuses to send TRACE at all. */
  const send = (method: string, path: string) =>
    new Promise<{ status: number; allow: string | undefined; body: string }>((resolve, reject) => {
      const req = request(`${fx.server.url}${path}`, { method }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, allow: res.headers.allow, body }),
        );
      });
      req.on('error', reject);
      req.end();
    });

  it.each(['TRACE', 'PROPFIND', 'PATCH', 'DELETE', 'OPTIONS', 'PUT', 'MKCOL'])(
    '%s answers 405 with Allow on every kind of path, never 2xx or 5xx',
    async (method) => {
      for (const path of [
        `/p/${fx.slug}`,
        '/p/no-such-page',
        '/admin',
        '/api/t',
        '/healthz',
        '/x',
      ]) {
        const res = await send(method, path);
        if (method === 'PUT' && path === '/x') continue;
        expect(res.status, `${method} ${path}`).toBe(405);
        expect(res.allow, `${method} ${path}`).toMatch(/GET|POST/);
        expect(JSON.parse(res.body).error.code).toBe('method_not_allowed');
      }
    },
  );

  it('lists only the methods a path takes in Allow', async () => {
    expect((await send('DELETE', '/')).allow).toBe('GET, HEAD');
    expect((await send('DELETE', `/p/${fx.slug}/thanks`)).allow).toBe('GET, HEAD');
    expect((await send('DELETE', '/admin/settings')).allow).toBe('GET, HEAD, POST');
    expect((await send('DELETE', `/p/${fx.slug}`)).allow).toBe('GET, HEAD, POST');
    expect((await send('POST', '/')).status).toBe(405);
  });

  it('still serves what each path takes, and a favicon', async () => {
    expect((await send('GET', `/p/${fx.slug}`)).status).toBe(200);
    expect((await send('HEAD', `/p/${fx.slug}`)).status).toBe(200);
    expect((await send('GET', '/favicon.ico')).status).toBe(200);
    expect((await send('PUT', '/api/admin/pages/x')).status).toBe(401);
  });
});
