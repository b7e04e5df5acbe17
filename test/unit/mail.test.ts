import { describe, expect, it } from 'vitest';
import { wantsAlert, type LeadEvent } from '../../src/domain/mail/alert-settings';
import { composeMail } from '../../src/domain/mail/compose';
import { localClock } from '../../src/domain/mail/digest';
import { readLink, signLink } from '../../src/domain/mail/signed-link';
import { consentStatus } from '../../src/domain/leads/consent';
import { queueMail } from '../../src/domain/mail/outbox';
import { SharedRateLimiter } from '../../src/platform/shared-limiter';
import { testDb } from '../helpers/db';

const KEY = 'k'.repeat(43);

describe('composing a mail', () => {
  it('escapes every string in the HTML part and keeps the text part plain', () => {
    const mail = composeMail({
      subject: 'Hot lead: <b>Eve</b>',
      preheader: 'x',
      blocks: [
        { kind: 'heading', text: '<script>alert(1)</script>' },
        { kind: 'facts', rows: [['Company', '"Acme" & <Co>']] },
        { kind: 'button', label: 'Open', url: 'javascript:alert(1)' },
      ],
      footer: ['why'],
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
    expect(mail.html).toContain('&quot;Acme&quot; &amp; &lt;Co&gt;');
    expect(mail.html).toContain('href="#"'); // only web addresses become links
    expect(mail.html).not.toMatch(/<img/);
    expect(mail.text).toContain('Company: "Acme" & <Co>');
    expect(mail.text).toContain('<script>alert(1)</script>');
  });
});

describe('signed links', () => {
  it('reads back what it signed, and nothing forged or changed', () => {
    const token = signLink(KEY, { a: 'lead', u: 'user-1', w: 'ws-1' });
    expect(readLink(KEY, token)).toEqual({ a: 'lead', u: 'user-1', w: 'ws-1' });
    expect(readLink('another-key'.repeat(4), token)).toBeNull();
    const [body, sig] = token.split('.');
    const other = Buffer.from(JSON.stringify({ a: 'lead', u: 'user-2', w: 'ws-1' })).toString(
      'base64url',
    );
    expect(readLink(KEY, `${other}.${sig}`)).toBeNull();
    expect(readLink(KEY, `${body}.`)).toBeNull();
    expect(readLink(KEY, 'nonsense')).toBeNull();
  });
});

describe('who wants which alert', () => {
  const hotSubmission: LeadEvent = { type: 'submission', tier: 'hot', submissionId: 's' };
  const warmSubmission: LeadEvent = { type: 'submission', tier: 'warm', submissionId: 's' };
  const turnedHot: LeadEvent = { type: 'tier_change', from: 'warm', to: 'hot' };
  const firstHot: LeadEvent = { type: 'tier_change', from: null, to: 'hot' };
  it.each([
    ['hot', hotSubmission, true],
    ['hot', warmSubmission, false],
    ['hot', turnedHot, false],
    ['all', warmSubmission, true],
    ['all', turnedHot, false],
    ['turned_hot', turnedHot, true],
    ['turned_hot', firstHot, true],
    ['turned_hot', hotSubmission, false],
    ['none', hotSubmission, false],
  ] as const)('%s and %o: %s', (choice, event, wanted) => {
    expect(wantsAlert(choice, event)).toBe(wanted);
  });
});

describe('the digest clock', () => {
  it('reads the member’s day and hour in their time zone', () => {
    const at = Date.UTC(2026, 11, 2, 23, 30); // 23:30 UTC
    expect(localClock(at, 'UTC')).toEqual({ day: '2026-12-02', hour: 23 });
    expect(localClock(at, 'Asia/Tokyo')).toEqual({ day: '2026-12-03', hour: 8 });
    expect(localClock(at, 'America/New_York')).toEqual({ day: '2026-12-02', hour: 18 });
  });
});

describe('consent with double opt-in', () => {
  const stored = (given: boolean, needsConfirmation?: boolean) =>
    JSON.stringify([
      { text: 'I agree', version: 'v', given, ...(needsConfirmation ? { needsConfirmation } : {}) },
    ]);
  it('counts only once confirmed', () => {
    expect(consentStatus(stored(true), null)).toBe('given');
    expect(consentStatus(stored(true, true), null)).toBe('awaiting confirmation');
    expect(consentStatus(stored(true, true), 123)).toBe('given');
    expect(consentStatus(stored(false, true), 123)).toBe('not given');
    expect(consentStatus(null, null)).toBeNull();
    expect(consentStatus('{"not":"consent"}', null)).toBeNull();
  });
});

describe('footer links', () => {
  it('are links in HTML and label with address in the text part', () => {
    const mail = composeMail({
      subject: 's',
      preheader: 'p',
      blocks: [],
      footer: ['why'],
      footerLinks: [{ label: 'Unsubscribe', url: 'https://k.example/mail/unsubscribe?t=x' }],
    });
    expect(mail.html).toContain('href="https://k.example/mail/unsubscribe?t=x"');
    expect(mail.text).toContain('Unsubscribe: https://k.example/mail/unsubscribe?t=x');
  });
});

describe('queuing mail', () => {
  const mail = (id: string) => ({
    id,
    workspaceId: 'ws-1',
    userId: null,
    kind: 'lead_alert' as const,
    to: 'a@example.com',
    mail: composeMail({ subject: 's', preheader: 'p', blocks: [], footer: [] }),
  });
  it('keeps mail without SMTP, holds it past the hourly cap, and queues it once', async () => {
    const db = await testDb();
    const cap = new SharedRateLimiter('mail-workspace', 2, 3_600_000);
    const delivering = { delivering: true, hourlyCap: cap };
    const NOW = Date.UTC(2026, 11, 2, 10);
    expect(await queueMail(db, { delivering: false, hourlyCap: cap }, mail('m0'), NOW)).toBe(
      'kept',
    );
    expect(await queueMail(db, delivering, mail('m1'), NOW)).toBe('queued');
    expect(await queueMail(db, delivering, mail('m1'), NOW)).toBeNull(); // the same mail again
    expect(await queueMail(db, delivering, mail('m2'), NOW)).toBe('capped');
    const jobs = await db.selectFrom('jobs').select(['kind', 'key']).execute();
    expect(jobs).toEqual([{ kind: 'send-mail', key: 'send-mail:m1' }]);
    // The next hour's window has room again.
    expect(await queueMail(db, delivering, mail('m3'), NOW + 3_600_000)).toBe('queued');
  });
});
