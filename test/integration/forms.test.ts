import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDb } from '../helpers/db-file';
import {
  Client,
  DEMO_ANSWERS,
  postLead,
  publishTemplatePage,
  setUpOwner,
} from '../helpers/http-session';
import { withPublishedPage } from '../helpers/fixtures';
import { startServer } from '../helpers/server';

const fx = withPublishedPage();

const submit = postLead;
const count = (sql: string, ...params: unknown[]) =>
  readDb<{ n: number }>(fx.server.dataDir, `select count(*) as n ${sql}`, ...params)[0]!.n;

describe('form submissions over HTTP', () => {
  it('answers the form script in JSON: the thank-you on success, errors by field otherwise', async () => {
    const ok = await submit(fx.server.url, fx.slug, {
      ...DEMO_ANSWERS,
      email: 'json@northwind.com',
      _key: 'json-key-000000000001',
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      ok: true,
      message: expect.stringContaining('product specialist'),
      next: expect.stringMatching(/\/thanks\?s=/),
    });
    const bad = await submit(fx.server.url, fx.slug, {
      ...DEMO_ANSWERS,
      email: 'nope',
      company: '',
    });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({
      error: {
        code: 'invalid_answers',
        fields: {
          email: 'Enter a valid email address, like name@company.com.',
          company: 'Company is required.',
        },
      },
    });
  });

  it('makes one submission when the same idempotency key arrives twice at once', async () => {
    const body = { ...DEMO_ANSWERS, email: 'twice@northwind.com', _key: 'same-key-0000000000001' };
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => submit(fx.server.url, fx.slug, body)),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const next = new Set(
      await Promise.all(responses.map(async (r) => ((await r.json()) as { next: string }).next)),
    );
    expect(next.size).toBe(1);
    expect(count("from submissions where idempotency_key = 'same-key-0000000000001'")).toBe(1);
  });

  it('stores all of 200 concurrent submissions', async () => {
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        submit(fx.server.url, fx.slug, {
          ...DEMO_ANSWERS,
          email: `crowd${i}@northwind.com`,
          _key: `crowd-key-${String(i).padStart(10, '0')}`,
        }),
      ),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(count("from submissions where idempotency_key like 'crowd-key-%'")).toBe(200);
    expect(count("from leads where email like 'crowd%@northwind.com'")).toBe(200);
  });

  it('fills a hidden campaign field from the page address without JavaScript (Referer)', async () => {
    const res = await new Client(fx.server.url).request(`/p/${fx.slug}`, {
      method: 'POST',
      headers: { referer: `${fx.server.url}/p/${fx.slug}?utm_source=linkedin&utm_medium=paid` },
      form: { ...DEMO_ANSWERS, email: 'referer@northwind.com' },
    });
    expect(res.status).toBe(303);
    const [row] = readDb<{ answers_json: string }>(
      fx.server.dataDir,
      "select s.answers_json from submissions s join leads l on l.id = s.lead_id where l.email = 'referer@northwind.com'",
    );
    expect(JSON.parse(row!.answers_json)).toContainEqual(
      expect.objectContaining({ name: 'source', value: 'linkedin' }),
    );
  });

  it("gives a lead who submits before the tracker's first flush the source they came by", async () => {
    const sourceOf = (email: string) =>
      readDb<{ source: string; landing_url: string | null; referrer: string | null }>(
        fx.server.dataDir,
        'select l.source, s.landing_url, s.referrer from leads l join submissions s on s.lead_id = l.id where l.email = ?',
        email,
      )[0];
    // The form script: the landing address and the sending site travel with the answers.
    const scripted = await submit(fx.server.url, fx.slug, {
      ...DEMO_ANSWERS,
      email: 'fast@northwind.com',
      _key: 'fast-key-00000000001',
      _vid: 'fastvisitor001',
      _landing: `/p/${fx.slug}?utm_source=newsletter&utm_medium=email&utm_campaign=spring`,
      _referrer: 'https://mail.example.net/inbox',
    });
    expect(scripted.status).toBe(200);
    expect(sourceOf('fast@northwind.com')).toEqual({
      source: 'newsletter',
      landing_url: `/p/${fx.slug}?utm_source=newsletter&utm_medium=email&utm_campaign=spring`,
      referrer: 'https://mail.example.net/inbox',
    });
    const referred = await submit(fx.server.url, fx.slug, {
      ...DEMO_ANSWERS,
      email: 'hn@northwind.com',
      _landing: `/p/${fx.slug}`,
      _referrer: 'https://news.ycombinator.com/item?id=1',
    });
    expect(referred.status).toBe(200);
    expect(sourceOf('hn@northwind.com')?.source).toBe('news.ycombinator.com');
    // Without JavaScript: the POST's Referer is the page's own address, query and all.
    const plain = await new Client(fx.server.url).request(`/p/${fx.slug}`, {
      method: 'POST',
      headers: { referer: `${fx.server.url}/p/${fx.slug}?utm_source=google&utm_medium=cpc` },
      form: { ...DEMO_ANSWERS, email: 'nojs@northwind.com', source: '' },
    });
    expect(plain.status).toBe(303);
    expect(sourceOf('nojs@northwind.com')).toMatchObject({
      source: 'google',
      landing_url: `/p/${fx.slug}?utm_source=google&utm_medium=cpc`,
    });
    // Another site's address is never taken for a landing page, nor ours for a referrer.
    await submit(fx.server.url, fx.slug, {
      ...DEMO_ANSWERS,
      email: 'odd@northwind.com',
      _landing: 'https://evil.example/p/x?utm_source=forged',
      _referrer: `${fx.server.url}/p/${fx.slug}`,
    });
    expect(sourceOf('odd@northwind.com')).toEqual({
      source: 'direct',
      landing_url: null,
      referrer: null,
    });
  });

  it('keeps a bot submission, flagged unqualified, out of the inbox; the owner can qualify it', async () => {
    const res = await submit(
      fx.server.url,
      fx.slug,
      {
        ...DEMO_ANSWERS,
        email: 'bot@northwind.com',
        _website: 'http://spam.example',
        _elapsed: '300',
      },
      { 'user-agent': 'python-requests/2.31' },
    );
    expect(res.status).toBe(200);
    const inbox = await fx.owner.page('/admin/leads');
    expect(inbox.html).not.toContain('bot@northwind.com');
    const spam = await fx.owner.page('/admin/leads?view=unqualified');
    expect(spam.html).toContain('bot@northwind.com');
    expect(spam.html).toContain('filled a field hidden from people');
    const leadPath = /href="(\/admin\/leads\/[0-9a-f-]{36})"/.exec(spam.html)![1]!;
    await fx.owner.page(leadPath);
    expect((await fx.owner.post(leadPath, { _action: 'qualify' })).status).toBe(303);
    expect((await fx.owner.page('/admin/leads')).html).toContain('bot@northwind.com');
    expect((await fx.owner.page(leadPath)).html).toContain('Marked as qualified');
  });

  it('shows the tier-specific thank-you on the thank-you page', async () => {
    const res = await new Client(fx.server.url).request(`/p/${fx.slug}`, {
      method: 'POST',
      form: { ...DEMO_ANSWERS, email: 'thanks@northwind.com' },
    });
    const thanks = await (await fetch(fx.server.url + res.headers.get('location')!)).text();
    // A demo request with "this month" from a company is hot: the form's hot message.
    expect(thanks).toContain('Book a call now');
    expect(thanks).not.toContain('A product specialist will email you');
  });
});

describe('rate limits', () => {
  it('answers 429 with a clear message after the per-IP limit, HTML and JSON', async () => {
    const limited = await startServer({ SUBMIT_LIMIT_PER_IP: '3', SUBMIT_LIMIT_PER_PAGE: '1000' });
    try {
      const client = await setUpOwner(limited.url);
      const { slug: s } = await publishTemplatePage(client);
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++)
        statuses.push(
          (await submit(limited.url, s, { ...DEMO_ANSWERS, email: `r${i}@northwind.com` })).status,
        );
      expect(statuses).toEqual([200, 200, 200]);
      const json = await submit(limited.url, s, { ...DEMO_ANSWERS, email: 'r9@northwind.com' });
      expect(json.status).toBe(429);
      expect(Number(json.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await json.json()).toMatchObject({
        error: {
          code: 'too_many_requests',
          message: expect.stringMatching(
            /Too many submissions from your network\. Please try again in \d+ seconds?\./,
          ),
        },
      });
      const html = await new Client(limited.url).request(`/p/${s}`, {
        method: 'POST',
        form: { ...DEMO_ANSWERS, email: 'r10@northwind.com' },
      });
      expect(html.status).toBe(429);
      expect(await html.text()).toContain('Too many submissions from your network');
    } finally {
      await limited.stop();
    }
  });
});

describe('crash safety', () => {
  it('keeps every submission that was answered 2xx when the server is killed mid-stream', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kindling-crash-'));
    try {
      const first = await startServer({}, dataDir);
      const client = await setUpOwner(first.url);
      const { slug: s } = await publishTemplatePage(client);
      const acknowledged: string[] = [];
      let stop = false;
      const worker = async (w: number) => {
        for (let i = 0; !stop; i++) {
          const key = `crash-${w}-${String(i).padStart(8, '0')}`;
          try {
            const res = await submit(first.url, s, {
              ...DEMO_ANSWERS,
              email: `c${w}.${i}@northwind.com`,
              _key: key,
            });
            if (res.ok) acknowledged.push(key);
          } catch {
            return; // connection refused or reset: the server is gone
          }
        }
      };
      const workers = Array.from({ length: 8 }, (_, w) => worker(w));
      await new Promise((r) => setTimeout(r, 1_500));
      first.process.kill('SIGKILL');
      stop = true;
      await Promise.all(workers);
      await first.stop();
      expect(acknowledged.length).toBeGreaterThan(20);

      const second = await startServer({}, dataDir);
      try {
        const stored = new Set(
          readDb<{ idempotency_key: string }>(
            dataDir,
            "select idempotency_key from submissions where idempotency_key like 'crash-%'",
          ).map((r) => r.idempotency_key),
        );
        const lost = acknowledged.filter((k) => !stored.has(k));
        expect(lost).toEqual([]);
        expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
