import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, setUpOwner, signUpOutsider } from '../helpers/http-session';
import { routesUnder } from '../helpers/routes';
import { startServer, type TestServer } from '../helpers/server';

let server: TestServer;
let owner: Client;
beforeAll(async () => {
  server = await startServer({ SIGNUP: 'open' });
  owner = await setUpOwner(server.url);
});
afterAll(async () => {
  await server.stop();
});

const OPEN = new Set([
  '/admin/login',
  '/admin/setup',
  '/admin/forgot-password',
  '/admin/reset-password',
]);
const adminPages = routesUnder('admin').filter((r) => !OPEN.has(r));
const adminApis = routesUnder('api/admin');

describe('without a session', () => {
  it('finds the admin routes to check', () => {
    expect(adminPages).toEqual(
      expect.arrayContaining(['/admin', '/admin/leads', '/admin/pages', '/admin/settings']),
    );
    expect(adminApis.length).toBeGreaterThan(0);
  });

  it.each(adminPages)('page %s redirects to sign-in (GET and POST)', async (route) => {
    const anon = new Client(server.url);
    const get = await anon.request(route);
    expect(get.status).toBe(302);
    expect(get.headers.get('location')).toMatch(/^\/admin\/login\?next=/);
    const post = await anon.request(route, { method: 'POST', form: { x: '1' } });
    expect(post.status).toBe(302);
  });

  it.each(adminApis)('API %s answers 401 JSON (GET, POST, PUT, DELETE)', async (route) => {
    const anon = new Client(server.url);
    for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
      const res = await anon.request(route, {
        method,
        headers: { 'content-type': 'application/json' },
        body: method === 'GET' ? undefined : '{}',
      });
      expect(res.status, `${method} ${route}`).toBe(401);
      expect((await res.json()) as unknown).toMatchObject({ error: { code: 'unauthorized' } });
    }
  });

  it('refuses a forged session cookie', async () => {
    const res = await fetch(`${server.url}/admin`, {
      headers: { cookie: 'kindling_session=forged-token-forged-token-forged' },
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
  });
});

describe('CSRF', () => {
  it('refuses a cross-origin POST to an admin endpoint, even with a valid session', async () => {
    const res = await owner.request('/admin/pages/new', {
      method: 'POST',
      headers: { origin: 'http://evil.example' },
      form: { _csrf: owner.csrf, template: 'b2b-demo-request' },
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('cross-site requests are refused');
  });

  it('refuses a POST without Origin or Referer', async () => {
    const res = await owner.request('/admin/pages/new', {
      method: 'POST',
      headers: { origin: '' },
      form: { _csrf: owner.csrf, template: 'b2b-demo-request' },
    });
    expect(res.status).toBe(403);
  });

  it('refuses a same-origin POST without the session CSRF token', async () => {
    const res = await owner.request('/admin/pages/new', {
      method: 'POST',
      form: { _csrf: 'wrong', template: 'b2b-demo-request' },
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Reload the page');
  });

  it('refuses a JSON API write without the x-csrf-token header', async () => {
    const res = await owner.request('/api/admin/pages/00000000-0000-0000-0000-000000000000', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(403);
  });

  it('accepts the same POST with the token', async () => {
    const res = await owner.post('/admin/pages/new', { template: 'b2b-demo-request' });
    expect(res.status).toBe(303);
  });
});

describe('security headers', () => {
  it('sets CSP, frame-ancestors, referrer policy and nosniff on admin pages', async () => {
    const res = await owner.request('/admin');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('admin API with a session', () => {
  it('reads a page draft and refuses an invalid one with the field named', async () => {
    await owner.page('/admin/pages');
    const created = await owner.post('/admin/pages/new', { template: 'b2b-demo-request' });
    const id = created.headers.get('location')!.split('/').at(-2)!;
    const got = await owner.request(`/api/admin/pages/${id}`);
    expect(got.status).toBe(200);
    const { page } = (await got.json()) as {
      page: {
        revision: number;
        slug: string;
        title: string;
        document: { blocks: { props: Record<string, unknown> }[] };
      };
    };
    page.document.blocks[0]!.props.headline = '';
    const put = await owner.request(`/api/admin/pages/${id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-csrf-token': owner.csrf },
      body: JSON.stringify({
        title: page.title,
        slug: page.slug,
        revision: page.revision,
        document: page.document,
      }),
    });
    expect(put.status).toBe(422);
    expect(await put.json()).toMatchObject({
      error: { message: 'blocks[0].props.headline: Headline is required.' },
    });
    const malformed = await owner.request(`/api/admin/pages/${id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-csrf-token': owner.csrf },
      body: '{"title":',
    });
    expect(malformed.status).toBe(400);
  });

  it('answers 404 for a page id of another workspace', async () => {
    const other = await signUpOutsider(server.url);
    const created = await owner.post('/admin/pages/new', { template: 'b2b-demo-request' });
    const id = created.headers.get('location')!.split('/').at(-2)!;
    expect((await other.request(`/api/admin/pages/${id}`)).status).toBe(404);
    expect((await other.request(`/admin/pages/${id}`)).status).toBe(404);
  });
});

describe('malformed and oversized admin requests', () => {
  it('answers 4xx, never 500', async () => {
    const anon = new Client(server.url);
    const huge = 'x'.repeat(2 * 1024 * 1024);
    const cases: [string, RequestInit & { form?: Record<string, string> }][] = [
      ['/admin/login', { method: 'POST', form: { email: huge, password: 'x' } }],
      [
        '/admin/login',
        {
          method: 'POST',
          body: 'a=%ZZ&&&==',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        },
      ],
      [
        '/admin/login',
        {
          method: 'POST',
          body: '--x\r\n',
          headers: { 'content-type': 'multipart/form-data; boundary=x' },
        },
      ],
      [
        '/admin/login',
        {
          method: 'POST',
          body: Buffer.from([0xff, 0xfe, 0x00]),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        },
      ],
      [
        '/signup',
        { method: 'POST', body: '{"email":1}', headers: { 'content-type': 'application/json' } },
      ],
    ];
    for (const [path, init] of cases) {
      const res = await anon.request(path, init);
      expect(res.status, `${init.method} ${path}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${init.method} ${path}`).toBeLessThan(500);
    }
    const created = await owner.post('/admin/pages/new', { template: 'b2b-demo-request' });
    const pageId = created.headers.get('location')!.split('/').at(-2)!;
    const tooBig = await owner.request(`/api/admin/pages/${pageId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-csrf-token': owner.csrf },
      body: JSON.stringify({ pad: huge }),
    });
    expect(tooBig.status).toBe(413);
    const settings = await owner.request('/admin/settings/account', {
      method: 'POST',
      form: { _csrf: owner.csrf, _action: 'nonsense' },
    });
    expect(settings.status).toBe(422);
    // Settings is an index now: a form still posting there is told where its card went.
    const moved = await owner.request('/admin/settings', {
      method: 'POST',
      form: { _csrf: owner.csrf, _action: 'workspace', workspaceName: 'Moved' },
    });
    expect(moved.status).toBe(405);
    expect(await moved.text()).toContain('each card has a page of its own');
  });
});
