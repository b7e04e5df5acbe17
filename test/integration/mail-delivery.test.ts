import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDb } from '../helpers/db-file';
import { DEMO_ANSWERS, postLead, publishTemplatePage, setUpOwner } from '../helpers/http-session';
import { startServer, type TestServer } from '../helpers/server';
import { startSmtp, type TestSmtp } from '../helpers/smtp';

/* Delivery survives what goes wrong between the commit and the mail server's "250 OK": a
   server that refuses for a while, and a Kindling process killed mid-send. */

let smtp: TestSmtp;
let dir: string;
let server: TestServer;
let slug: string;
const ENV = () => ({ SMTP_URL: smtp.url, JOB_LEASE_MS: '2000' });
const mails = () =>
  readDb<{ to_address: string; status: string; attempts: number; subject: string }>(
    dir,
    'select to_address, status, attempts, subject from mails order by created_at',
  );
const until = async (what: () => boolean, ms = 20_000) => {
  const deadline = Date.now() + ms;
  while (!what()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
};

beforeAll(async () => {
  smtp = await startSmtp();
  dir = mkdtempSync(join(tmpdir(), 'kindling-mail-'));
  server = await startServer(ENV(), dir);
  ({ slug } = await publishTemplatePage(await setUpOwner(server.url)));
});
afterAll(async () => {
  await server?.stop();
  await smtp?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('mail delivery', () => {
  it('retries a server that refuses twice, and delivers once', async () => {
    smtp.behave({ refuse: 2 });
    expect((await postLead(server.url, slug, DEMO_ANSWERS)).status).toBe(200);
    await smtp.waitFor(1, 30_000);
    expect(smtp.turnedAway()).toBe(2);
    await until(() => mails()[0]?.status === 'sent');
    expect(mails()).toMatchObject([{ status: 'sent', attempts: 3 }]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.received.length).toBe(1);
  });

  it('sends a mail once after the process is killed mid-send', async () => {
    smtp.behave({ hang: true });
    const before = smtp.received.length;
    const turnedAway = smtp.turnedAway();
    const lead = { ...DEMO_ANSWERS, email: 'kim@northwind.com', name: 'Kim' };
    expect((await postLead(server.url, slug, lead)).status).toBe(200);
    // The mail is committed and its data is at the mail server, unanswered: kill now.
    await until(() => smtp.turnedAway() > turnedAway);
    server.process.kill('SIGKILL');
    await server.stop();
    smtp.behave({});
    server = await startServer(ENV(), dir);
    await smtp.waitFor(before + 1, 30_000);
    await until(() => mails().every((m) => m.status === 'sent'));
    await new Promise((r) => setTimeout(r, 2500)); // past another lease: nothing more arrives
    expect(smtp.received.length).toBe(before + 1);
    expect(smtp.received.at(-1)!.subject).toBe('Hot lead: Kim, Northwind');
  });
});
