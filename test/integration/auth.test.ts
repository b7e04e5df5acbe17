import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, OWNER, setUpOwner } from '../helpers/http-session';
import { startServer, type TestServer } from '../helpers/server';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});

describe('accounts over HTTP', () => {
  it('sends the first visitor of /admin to owner set-up', async () => {
    const res = await new Client(server.url).request('/admin');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/admin/setup');
  });

  it('refuses a set-up with bad input, keeping what was typed', async () => {
    const res = await new Client(server.url).post('/admin/setup', {
      ...OWNER,
      email: 'not-an-email',
      password: 'short',
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Enter a valid email address.');
    expect(html).toContain('Use at least 10 characters.');
    expect(html).toContain(`value="${OWNER.workspaceName}"`);
    expect(html).not.toContain('value="short"');
  });

  it('creates the owner once; set-up is closed afterwards', async () => {
    const owner = await setUpOwner(server.url);
    expect(owner.hasSession()).toBe(true);
    const again = await new Client(server.url).post('/admin/setup', {
      ...OWNER,
      email: 'mallory@example.com',
    });
    expect(again.status).toBe(302);
    expect(again.headers.get('location')).toBe('/admin/login');
    const page = await new Client(server.url).request('/admin/setup');
    expect(page.status).toBe(302);
  });

  it('sets an HttpOnly SameSite=Lax session cookie and a new token at each sign-in', async () => {
    const a = new Client(server.url);
    const res = await a.post('/admin/login', { email: OWNER.email, password: OWNER.password });
    expect(res.status).toBe(303);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('kindling_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const b = new Client(server.url);
    const res2 = await b.post('/admin/login', { email: OWNER.email, password: OWNER.password });
    const cookie2 = res2.headers.getSetCookie().find((c) => c.startsWith('kindling_session='))!;
    expect(cookie2.split(';')[0]).not.toBe(cookie.split(';')[0]);
  });

  it('signs in, reaches the admin, signs out and is locked out again', async () => {
    const client = new Client(server.url);
    const wrong = await client.post('/admin/login', {
      email: OWNER.email,
      password: 'wrong-password',
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('That email and password do not match an account.');
    const ok = await client.post('/admin/login?next=/admin/leads', {
      email: OWNER.email,
      password: OWNER.password,
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/admin/leads');
    expect((await client.page('/admin/leads')).status).toBe(200);
    const out = await client.post('/admin/logout', {});
    expect(out.status).toBe(303);
    expect((await client.request('/admin/leads')).status).toBe(302);
  });

  it('never redirects to another site after sign-in', async () => {
    const client = new Client(server.url);
    const res = await client.post('/admin/login?next=//evil.example/x', {
      email: OWNER.email,
      password: OWNER.password,
    });
    expect(res.headers.get('location')).toBe('/admin');
  });

  it('rate-limits sign-in per account with a clear message', async () => {
    const other = new Client(server.url);
    const email = 'victim@example.com';
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (await other.post('/admin/login', { email, password: `guess-${i}-xxxxx` })).status,
      );
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    const res = await other.post('/admin/login', { email, password: 'guess' });
    expect(await res.text()).toMatch(
      /Too many failed sign-in attempts\. Try again in \d+ minutes?\./,
    );
  });

  it('keeps sign-up closed until the owner opens it, then lets marketers sign up into their own workspace', async () => {
    // Closed by default: a stranger cannot make a workspace and publish on the owner's host.
    const stranger = new Client(server.url);
    expect((await stranger.page('/signup')).html).toContain('Sign-up is closed');
    const early = await stranger.post('/signup', {
      email: 'early@example.com',
      password: 'early-long-password',
      workspaceName: 'Early',
    });
    expect(early.status).toBe(403);
    const login = await new Client(server.url).page('/admin/login');
    expect(login.html).not.toContain('Create an account');
    const owner = new Client(server.url);
    await owner.post('/admin/login', { email: OWNER.email, password: OWNER.password });
    await owner.page('/admin/settings');
    expect(
      (await owner.post('/admin/settings/signup', { _action: 'signup', signup: 'open' })).status,
    ).toBe(303);

    const sam = new Client(server.url);
    const res = await sam.post('/signup', {
      name: 'Sam',
      email: 'sam@example.com',
      password: 'sams-long-password',
      workspaceName: 'Sam Studio',
    });
    expect(res.status).toBe(303);
    const signedUp = res.headers.get('location');
    expect(signedUp).toMatch(/^\/admin\/login\?created=1/);
    expect((await sam.page(signedUp!)).html).toContain('Your account is ready');
    await sam.post('/admin/login', { email: 'sam@example.com', password: 'sams-long-password' });
    const { html } = await sam.page('/admin');
    expect(html).toContain('Sam Studio');
    // The same email again, with another password: the same answer, and nothing changes.
    const dup = await new Client(server.url).post('/signup', {
      name: 'Sam',
      email: 'sam@example.com',
      password: 'someone-elses-password',
      workspaceName: 'X',
    });
    expect(dup.status).toBe(303);
    expect(dup.headers.get('location')).toBe(signedUp);
    expect(dup.headers.get('set-cookie') ?? '').not.toMatch(/session/);
    const again = new Client(server.url);
    await again.post('/admin/login', {
      email: 'sam@example.com',
      password: 'someone-elses-password',
    });
    expect(again.hasSession()).toBe(false);
  });

  it('ends other sessions when the password changes', async () => {
    const here = new Client(server.url);
    await here.post('/signup', {
      email: 'pat@example.com',
      password: 'pats-long-password',
      workspaceName: 'Pat',
    });
    await here.post('/admin/login', { email: 'pat@example.com', password: 'pats-long-password' });
    const there = new Client(server.url);
    await there.post('/admin/login', { email: 'pat@example.com', password: 'pats-long-password' });
    expect((await there.request('/admin')).status).toBe(200);
    await here.page('/admin/settings');
    const res = await here.post('/admin/settings/account', {
      _action: 'password',
      currentPassword: 'pats-long-password',
      newPassword: 'pats-new-password',
      confirmPassword: 'pats-new-password',
    });
    expect(res.status).toBe(303);
    expect((await here.request('/admin')).status).toBe(200);
    expect((await there.request('/admin')).status).toBe(302);
  });

  it('lets the owner close sign-up', async () => {
    const owner = new Client(server.url);
    await owner.post('/admin/login', { email: OWNER.email, password: OWNER.password });
    await owner.page('/admin/settings');
    expect(
      (await owner.post('/admin/settings/signup', { _action: 'signup', signup: 'closed' })).status,
    ).toBe(303);
    const visitor = new Client(server.url);
    expect((await visitor.page('/signup')).html).toContain('Sign-up is closed');
    const res = await visitor.post('/signup', {
      email: 'late@example.com',
      password: 'late-long-password',
      workspaceName: 'Late',
    });
    expect(res.status).toBe(403);
    await owner.post('/admin/settings/signup', { _action: 'signup', signup: 'open' });
  });
});

describe('SIGNUP=closed', () => {
  it('closes sign-up whatever the stored setting', async () => {
    const closed = await startServer({ SIGNUP: 'closed' });
    try {
      await setUpOwner(closed.url);
      const res = await new Client(closed.url).post('/signup', {
        email: 'x@example.com',
        password: 'long-password-x',
        workspaceName: 'X',
      });
      expect(res.status).toBe(403);
    } finally {
      await closed.stop();
    }
  });
});

describe('workspace data retention', () => {
  it('lets an owner set how long raw events are kept, and refuses nonsense', async () => {
    const owner = new Client(server.url);
    await owner.post('/admin/login', { email: OWNER.email, password: OWNER.password });
    await owner.page('/admin/settings');
    const bad = await owner.post('/admin/settings/privacy', {
      _action: 'privacy',
      trackingConsent: 'none',
      eventRetentionDays: '3',
    });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Keep events at least 7 days.');
    expect(
      (
        await owner.post('/admin/settings/privacy', {
          _action: 'privacy',
          trackingConsent: 'banner',
          eventRetentionDays: '90',
        })
      ).status,
    ).toBe(303);
    const settings = (await owner.page('/admin/settings/privacy')).html;
    expect(settings).toContain('value="90"');
    expect(settings).toMatch(/value="banner" checked/);
  });
});
