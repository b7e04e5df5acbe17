import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDb } from '../helpers/db-file';
import {
  Client,
  DEMO_ANSWERS,
  OWNER,
  joinByInvitation,
  postLead,
  publishTemplatePage,
  setUpOwner,
} from '../helpers/http-session';
import { startServer, type TestServer } from '../helpers/server';
import { startSmtp, type TestSmtp } from '../helpers/smtp';

/* Lead alerts over a real SMTP conversation: the server mails an in-process SMTP server,
   and what arrives is parsed by mailparser. */

let smtp: TestSmtp;
let server: TestServer;
let owner: Client;
let slug: string;
const rows = <T>(sql: string, ...p: unknown[]) => readDb<T>(server.dataDir, sql, ...p);
/** A header as it was sent (mailparser turns some into structures). */
const rawHeader = (mail: ParsedMail, name: string) =>
  mail.headerLines
    .find((h) => h.key === name)
    ?.line.replace(/^[^:]+:\s*/, '')
    .replace(/\r?\n\s+/g, '');
const tierOf = (email: string) =>
  rows<{ tier: string }>('select tier from leads where email = ?', email)[0]?.tier;
/** Until every lead event job has run (so "no mail" means no mail, not "not yet"). */
async function eventsSettled() {
  for (let i = 0; i < 100; i++) {
    const busy = rows<{ n: number }>(
      "select count(*) n from jobs where kind in ('lead-event', 'send-mail') and state in ('pending', 'running')",
    )[0]!.n;
    if (busy === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('lead events did not settle');
}

/** An editor who joined by invitation and chose every lead. */
async function editorWantingEveryLead(): Promise<Client> {
  const editor = await joinByInvitation(owner, server.url, 'editor', {
    name: 'Eddie',
    email: 'eddie@example.com',
    password: 'eddies-password-1',
  });
  await editor.page('/admin/settings');
  const saved = await editor.post('/admin/settings/alerts', {
    _action: 'alerts',
    leadAlert: 'all',
    digestHour: '',
    timeZone: 'Europe/Paris',
  });
  expect(saved.status).toBe(303);
  return editor;
}

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer({
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Kindling <leads@kindling.test>',
    DIGEST_CHECK_EVERY_MS: '1000',
  });
  owner = await setUpOwner(server.url);
  ({ slug } = await publishTemplatePage(owner));
});
afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

describe('lead alerts by email', () => {
  it('mails each opted-in member about a hot lead within seconds, and owners only about hot ones', async () => {
    await editorWantingEveryLead();
    const started = Date.now();
    expect((await postLead(server.url, slug, DEMO_ANSWERS)).status).toBe(200);
    expect(tierOf(DEMO_ANSWERS.email)).toBe('hot');
    const mails = await smtp.waitFor(2);
    expect(Date.now() - started).toBeLessThan(10_000);
    const to = mails.map((m) => (Array.isArray(m.to) ? m.to[0] : m.to)!.text).sort();
    expect(to).toEqual(['eddie@example.com', OWNER.email]);
    const alert = mails.find((m) => !Array.isArray(m.to) && m.to!.text === OWNER.email)!;
    expect(alert.subject).toBe('Hot lead: Jordan Lee, Northwind');
    expect(alert.from!.text).toContain('leads@kindling.test');
    // Both parts say who, what they answered, why hot, the next step, and link to the lead.
    for (const part of [alert.text!, alert.html as string]) {
      expect(part).toContain('Jordan Lee');
      expect(part).toContain('This month');
      expect(part).toMatch(/Why hot/);
      expect(part).toContain('call them');
      expect(part).toMatch(
        new RegExp(
          `${server.url.replace('127.0.0.1', 'localhost')}/admin/leads/[0-9a-f-]+|/admin/leads/[0-9a-f-]+`,
        ),
      );
    }
    expect(alert.html).not.toMatch(/<img|<script/i);
    expect(rawHeader(alert, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(rawHeader(alert, 'list-unsubscribe')).toMatch(
      /^<http[^>]+\/mail\/unsubscribe\?t=[^>]+>$/,
    );

    // A lead that is not hot: the editor (every lead) hears of it, the owner (hot only) does not.
    const cold = {
      ...DEMO_ANSWERS,
      name: 'Casey',
      email: 'casey@gmail.com',
      company: 'Casey Home',
      team_size: 'Just me',
      timeline: 'Just exploring',
    };
    expect((await postLead(server.url, slug, cold)).status).toBe(200);
    expect(tierOf('casey@gmail.com')).not.toBe('hot');
    await smtp.waitFor(3);
    await eventsSettled();
    expect(smtp.received.length).toBe(3);
    const third = smtp.received[2]!;
    expect((third.to as { text: string }).text).toBe('eddie@example.com');
    expect(third.subject).toMatch(/^(Warm|Cold) lead: Casey/);
  });

  it('never mails about a lead flagged as spam', async () => {
    const before = smtp.received.length;
    // The honeypot filled in: stored, flagged unqualified, never an alert.
    const spam = { ...DEMO_ANSWERS, email: 'bot@northwind.com', _website: 'http://spam.example' };
    expect((await postLead(server.url, slug, spam)).status).toBe(200);
    await eventsSettled();
    expect(
      rows<{ qualified: number }>(
        "select qualified from leads where email = 'bot@northwind.com'",
      )[0]!.qualified,
    ).toBe(0);
    expect(smtp.received.length).toBe(before);
  });

  it('the unsubscribe link turns that alert off with one click (RFC 8058)', async () => {
    const alert = smtp.received.find((m) => (m.to as { text: string }).text === OWNER.email)!;
    const link = /<([^>]+)>/.exec(rawHeader(alert, 'list-unsubscribe')!)![1]!;
    const path = new URL(link).pathname + new URL(link).search;
    // A mail client's one-click POST: no cookie, no CSRF token, the body the RFC prescribes.
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect(
      rows<{ lead_alert: string }>(
        'select a.lead_alert from member_alerts a join users u on u.id = a.user_id where u.email = ?',
        OWNER.email,
      )[0]!.lead_alert,
    ).toBe('none');
    const before = smtp.received.length;
    expect(
      (
        await postLead(server.url, slug, {
          ...DEMO_ANSWERS,
          email: 'pat@northwind.com',
          name: 'Pat',
        })
      ).status,
    ).toBe(200);
    await smtp.waitFor(before + 1); // the editor still hears of it
    await eventsSettled();
    expect(smtp.received.slice(before).map((m) => (m.to as { text: string }).text)).toEqual([
      'eddie@example.com',
    ]);
    // A forged token changes nothing.
    const forged = await fetch(
      `${server.url}/mail/unsubscribe?t=${path.split('t=')[1]!.slice(0, -3)}abc`,
      {
        method: 'POST',
        body: 'List-Unsubscribe=One-Click',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
    );
    expect(forged.status).toBe(400);
  });

  it('sends the daily digest once a day, at the member’s hour in their time zone', async () => {
    await owner.page('/admin/settings');
    const before = smtp.received.length;
    // Midnight in Tokyo has passed today whatever the time: the digest is due now.
    const saved = await owner.post('/admin/settings/alerts', {
      _action: 'alerts',
      leadAlert: 'none',
      digestHour: '0',
      timeZone: 'Asia/Tokyo',
    });
    expect(saved.status).toBe(303);
    const mails = await smtp.waitFor(before + 1);
    const digest = mails[before]!;
    expect((digest.to as { text: string }).text).toBe(OWNER.email);
    expect(digest.subject).toMatch(/^Acme Inc: \d+ new leads?, \d+ hot waiting$/);
    expect(digest.text).toContain('Hot leads not contacted yet');
    expect(digest.text).toContain('Jordan Lee (Northwind)');
    expect(digest.text).toMatch(/new leads? in the last seven days/);
    expect(rawHeader(digest, 'list-unsubscribe')).toMatch(/\/mail\/unsubscribe\?t=/);
    await new Promise((r) => setTimeout(r, 2500)); // two more checks: no second digest today
    expect(smtp.received.filter((m) => m.subject?.startsWith('Acme Inc:')).length).toBe(1);
  });
});
