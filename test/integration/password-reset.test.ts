import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseEnv, readDb, writeDb } from '../helpers/db-file';
import { Client, OWNER, setUpOwner, signIn } from '../helpers/http-session';
import { startServer, type TestServer } from '../helpers/server';
import { startSmtp, type TestSmtp } from '../helpers/smtp';

let smtp: TestSmtp;
let server: TestServer;
const NEW_PASSWORD = 'a-brand-new-password';

/** Asks for a reset link from a fresh browser; the page it answers with. */
async function ask(email: string) {
  const client = new Client(server.url);
  await client.page('/admin/forgot-password');
  const res = await client.post('/admin/forgot-password', { email });
  return { status: res.status, html: await res.text() };
}
const message = (html: string) => /role="status"[^>]*>([^<]+)</.exec(html)?.[1]?.trim();
const linkIn = (text: string) =>
  /(http\S+\/admin\/reset-password\?token=[A-Za-z0-9_-]+)/.exec(text)![1]!;
const pathOf = (link: string) => new URL(link).pathname + new URL(link).search;

async function choose(link: string, password: string) {
  const client = new Client(server.url);
  const page = await client.page(pathOf(link));
  const res = await client.post(pathOf(link), { newPassword: password, confirmPassword: password });
  return { page, res };
}

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer({ SMTP_URL: smtp.url, SITE_URL: 'https://kindling.example.com' });
  await setUpOwner(server.url);
});
afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

describe('password reset', () => {
  it('answers the same whether or not an account uses the address', async () => {
    const unknown = await ask('nobody@example.com');
    const known = await ask(OWNER.email);
    expect(unknown.status).toBe(known.status);
    expect(message(unknown.html)).toBe(message(known.html));
    expect(message(known.html)).toMatch(/If an account uses that address/);
    const [mail] = await smtp.waitFor(1);
    expect((mail!.to as { text: string }).text).toBe(OWNER.email);
    expect(smtp.received.length).toBe(1); // none to the unknown address
    // Built from SITE_URL, never from the Host the request named.
    expect(linkIn(mail!.text!)).toMatch(
      /^https:\/\/kindling\.example\.com\/admin\/reset-password\?token=/,
    );
    expect(
      readDb<{ n: number }>(
        server.dataDir,
        'select count(*) n from mails where workspace_id is not null',
      )[0]!.n,
    ).toBe(0);
  });

  it('a link works once, and ends every session of the account', async () => {
    const a = await signIn(server.url, OWNER.email, OWNER.password);
    const b = await signIn(server.url, OWNER.email, OWNER.password);
    const link = linkIn(smtp.received[0]!.text!);
    const used = await choose(link, NEW_PASSWORD);
    expect(used.page.status).toBe(200);
    expect(used.res.status).toBe(303);
    expect(used.res.headers.get('location')).toBe('/admin/login?reset=1');
    for (const client of [a, b]) {
      const res = await client.request('/admin', { redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toMatch(/^\/admin\/login/);
    }
    const again = await choose(link, 'yet-another-password');
    expect(again.page.status).toBe(410);
    expect(again.res.status).toBe(410);
    // The new password signs in; the old one does not.
    await signIn(server.url, OWNER.email, NEW_PASSWORD);
    await expect(signIn(server.url, OWNER.email, OWNER.password)).rejects.toThrow(/401/);
    expect(
      readDb<{ token_hash: string }>(server.dataDir, 'select token_hash from password_resets'),
    ).not.toContainEqual({ token_hash: link.split('token=')[1] }); // stored hashed
  });

  it('refuses an expired link', async () => {
    await ask(OWNER.email);
    const [, mail] = await smtp.waitFor(2);
    writeDb(server.dataDir, 'update password_resets set expires_at = 1 where used_at is null');
    const expired = await choose(linkIn(mail!.text!), 'expired-password-1');
    expect(expired.page.status).toBe(410);
    expect(expired.page.html).toMatch(/expired or was used/);
    expect(expired.res.status).toBe(410);
  });

  it('limits asks per account', async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push((await ask('nobody-else@example.com')).status);
    expect(answers.slice(0, 3)).toEqual([200, 200, 200]);
    expect(answers[3]).toBe(429);
  });

  it('without SMTP, the server shell prints a one-time link', async () => {
    const cli = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/reset-password.ts', OWNER.email],
      {
        env: {
          ...process.env,
          ...(await databaseEnv(server.dataDir)),
          DATA_DIR: server.dataDir,
          SITE_URL: 'https://kindling.example.com',
        },
        encoding: 'utf8',
      },
    );
    expect(cli.status, cli.stderr).toBe(0);
    const link = linkIn(cli.stdout);
    const used = await choose(link, 'from-the-shell-password');
    expect(used.res.status).toBe(303);
    await signIn(server.url, OWNER.email, 'from-the-shell-password');
  });
});
