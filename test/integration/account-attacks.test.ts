import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, OWNER, setUpOwner } from '../helpers/http-session';
import { startServer, type TestServer } from '../helpers/server';

/**
 * What an attacker tried against a running install (issue 14 §10–15): forged forwarding
 * headers, password guesses through every form that checks one, a lockout of the owner,
 * sign-up floods and redirect targets that leave the site.
 */
let direct: TestServer;
let proxied: TestServer;
beforeAll(async () => {
  [direct, proxied] = await Promise.all([
    startServer({ SIGNUP: 'open' }),
    startServer({ SIGNUP: 'open', TRUST_PROXY: '1' }),
  ]);
  await Promise.all([setUpOwner(direct.url), setUpOwner(proxied.url)]);
});
afterAll(async () => {
  await Promise.all([direct?.stop(), proxied?.stop()]);
});

/** A new account made through sign-up, signed in. */
async function signedUp(base: string, email: string): Promise<Client> {
  const client = new Client(base);
  const res = await client.request('/signup', {
    method: 'POST',
    form: { name: 'Member', email, password: 'members-own-password', workspaceName: email },
  });
  expect(res.status).toBe(303);
  const signedIn = await client.request('/admin/login', {
    method: 'POST',
    form: { email, password: 'members-own-password' },
  });
  expect(signedIn.status).toBe(303);
  return client;
}

const guess = (client: Client, email: string, i: number, headers: Record<string, string> = {}) =>
  client.request('/admin/login', {
    method: 'POST',
    headers,
    form: { email, password: `wrong-guess-${i}-xxxx` },
  });

describe('forwarded headers', () => {
  it('ignores X-Forwarded-For without TRUST_PROXY: rotating it does not reset the limit', async () => {
    const attacker = new Client(direct.url);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (await guess(attacker, 'rotate@example.com', i, { 'x-forwarded-for': `10.9.0.${i}` }))
          .status,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('behind a proxy, takes the hop the proxy appended, not the client’s own entries', async () => {
    const attacker = new Client(proxied.url);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (
          await guess(attacker, 'rotate@example.com', i, {
            'x-forwarded-for': `10.9.0.${i}, 127.0.0.1`,
          })
        ).status,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('trusts X-Forwarded-Proto only behind a proxy: no Secure cookie over plain HTTP', async () => {
    const res = await new Client(direct.url).request('/admin/login', {
      method: 'POST',
      headers: { 'x-forwarded-proto': 'https' },
      form: { email: OWNER.email, password: OWNER.password },
    });
    expect(res.status).toBe(303);
    const cookies = res.headers.getSetCookie().join('\n');
    expect(cookies).toContain('kindling_session');
    expect(cookies).not.toMatch(/__Host-|;\s*secure/i);
  });
});

/** The owner signing in with the right password from the network `ip`. */
const ownerSignIn = (client: Client, ip: string) =>
  client.request('/admin/login', {
    method: 'POST',
    headers: { 'x-forwarded-for': ip },
    form: { email: OWNER.email, password: OWNER.password },
  });

describe('lockout without denial of service', () => {
  it('guesses from one network do not lock the owner out from another', async () => {
    const attacker = new Client(proxied.url);
    for (let i = 0; i < 6; i++)
      await guess(attacker, OWNER.email, i, { 'x-forwarded-for': '203.0.113.7' });
    expect(
      (await guess(attacker, OWNER.email, 9, { 'x-forwarded-for': '203.0.113.7' })).status,
    ).toBe(429);
    const owner = new Client(proxied.url);
    const res = await ownerSignIn(owner, '198.51.100.20');
    expect(res.status).toBe(303);
    expect(owner.hasSession()).toBe(true);
  });

  it('a browser that signed in before keeps signing in when guesses come from everywhere', async () => {
    const ownersBrowser = new Client(proxied.url);
    const first = await ownerSignIn(ownersBrowser, '198.51.100.30');
    expect(first.status).toBe(303);
    // 24 guesses spread over six networks: each under its own limit, the account's reached.
    const botnet = new Client(proxied.url);
    for (let n = 0; n < 6; n++)
      for (let i = 0; i < 4; i++)
        await guess(botnet, OWNER.email, i, { 'x-forwarded-for': `192.0.2.${n + 10}` });
    const stranger = await ownerSignIn(new Client(proxied.url), '198.51.100.31');
    expect(stranger.status).toBe(429);
    ownersBrowser.forgetSession(); // signed out, the device mark kept
    const again = await ownerSignIn(ownersBrowser, '198.51.100.30');
    expect(again.status).toBe(303);
  });
});

describe('every password check is throttled', () => {
  it('the invitation form cannot be used to guess a member’s password', async () => {
    await signedUp(direct.url, 'invite-target@example.com');
    const owner = new Client(direct.url);
    await owner.page('/admin/login');
    await owner.post('/admin/login', { email: OWNER.email, password: OWNER.password });
    await owner.page('/admin/team');
    const invited = await owner.post('/admin/team', { _action: 'invite', role: 'editor' });
    expect(invited.status).toBe(201);
    const url = /id="invite-url"[^>]*value="([^"]+)"/.exec(await invited.text())![1]!;
    const link = new URL(url).pathname;
    const attacker = new Client(direct.url);
    await attacker.page(link);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (
          await attacker.post(link, {
            name: 'Mallory',
            email: 'invite-target@example.com',
            password: `guess-number-${i}`,
          })
        ).status,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('the change-password form is throttled like sign-in', async () => {
    const owner = await signedUp(direct.url, 'changer@example.com');
    await owner.page('/admin/settings');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (
          await owner.post('/admin/settings/account', {
            _action: 'password',
            currentPassword: `not-it-${i}-xxxxx`,
            newPassword: 'a-brand-new-password',
            confirmPassword: 'a-brand-new-password',
          })
        ).status,
      );
    expect(statuses.slice(0, 5).every((s) => s === 422)).toBe(true);
    expect(statuses[5]).toBe(429);
  });
});

describe('sign-up floods', () => {
  it('limits new accounts per network, shared in the database', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await new Client(proxied.url).request('/signup', {
        method: 'POST',
        headers: { 'x-forwarded-for': '203.0.113.99' },
        form: {
          name: `Flood ${i}`,
          email: `flood-${i}@example.com`,
          password: 'a-long-enough-password',
          workspaceName: `Flood ${i}`,
        },
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 303)).toBe(true);
    expect(statuses[10]).toBe(429);
    const other = await new Client(proxied.url).request('/signup', {
      method: 'POST',
      headers: { 'x-forwarded-for': '203.0.113.100' },
      form: {
        name: 'Someone else',
        email: 'someone-else@example.com',
        password: 'a-long-enough-password',
        workspaceName: 'Else',
      },
    });
    expect(other.status).toBe(303);
  });
});

describe('sign-in during a sign-up flood (issue 29.8)', () => {
  it('lets the owner in while 32 sign-ups from 32 addresses wait or are told to come back', async () => {
    // A fresh install: the owner's account carries none of this file's guessing.
    const fresh = await startServer({ SIGNUP: 'open', TRUST_PROXY: '1' });
    try {
      await flooded(fresh);
    } finally {
      await fresh.stop();
    }
  });
});

/** 32 sign-ups from 32 addresses, and the owner signing in while they queue. */
async function flooded(proxied: TestServer) {
  await setUpOwner(proxied.url);
  const flood = Array.from({ length: 32 }, (_, i) =>
    new Client(proxied.url).request('/signup', {
      method: 'POST',
      headers: { 'x-forwarded-for': `198.51.100.${i + 1}` },
      form: {
        name: `Wave ${i}`,
        email: `wave-${i}@example.com`,
        password: 'a-long-enough-password',
        workspaceName: `Wave ${i}`,
      },
    }),
  );
  // The owner signs in while the flood is in the queue, from a browser of their own.
  await new Promise((r) => setTimeout(r, 50));
  const owner = new Client(proxied.url);
  const signIn = owner.request('/admin/login', {
    method: 'POST',
    headers: { 'x-forwarded-for': '192.0.2.10' },
    form: { email: OWNER.email, password: OWNER.password },
  });
  const [answers, mine] = await Promise.all([Promise.all(flood), signIn]);
  expect(mine.status).toBe(303);
  expect(owner.hasSession()).toBe(true);
  const statuses = answers.map((r) => r.status);
  // Each sign-up is made or refused with a way back: never a 500, never left hanging.
  expect(statuses.every((s) => s === 303 || s === 503)).toBe(true);
  const refused = answers.filter((r) => r.status === 503);
  expect(refused.length).toBeGreaterThan(0);
  for (const r of refused) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(await refused[0]!.text()).toContain('try again in a moment');
}

describe('redirect targets after sign-in', () => {
  it.each([
    ['/%0D%0ASet-Cookie:x=1', '/admin'],
    ['/%00/x', '/admin'],
    ['/%09/evil.example', '/admin'],
    ['/\\evil.example', '/admin'],
    ['//evil.example', '/admin'],
    ['https://evil.example/', '/admin'],
    ['/%E2%80%8B/x', '/%E2%80%8B/x'],
    ['/admin/leads?tier=hot', '/admin/leads?tier=hot'],
  ])('next=%s signs in and goes to %s', async (next, expected) => {
    const client = new Client(direct.url);
    const res = await client.request(`/admin/login?next=${next.replace(/\\/g, '%5C')}`, {
      method: 'POST',
      form: { email: OWNER.email, password: OWNER.password },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(expected);
    expect(client.hasSession()).toBe(true);
  });
});
