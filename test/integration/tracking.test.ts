import { describe, expect, it } from 'vitest';
import { readDb } from '../helpers/db-file';
import { withPublishedPage } from '../helpers/fixtures';
import { DEMO_ANSWERS, PERSON_UA, postLead } from '../helpers/http-session';

const fx = withPublishedPage();

const T = Date.now();
const beacon = (over: Record<string, unknown> = {}) => ({
  v: 1,
  page: fx.slug,
  vid: 'visitor-0000000001',
  sid: 'visit-00000000001',
  events: [
    {
      t: 'view',
      id: 'ev-view-000001',
      at: T,
      url: `/p/${fx.slug}`,
      vw: 1280,
      vh: 800,
    },
    { t: 'engaged', id: 'ev-engd-000001', at: T + 20_000, ms: 18_000 },
    { t: 'scroll', id: 'ev-scrl-000001', at: T + 20_000, pct: 100 },
  ],
  ...over,
});
function send(body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${fx.server.url}/api/t`, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': PERSON_UA, ...headers },
  });
}
const rows = (sql: string, ...p: unknown[]) =>
  readDb<Record<string, unknown>>(fx.server.dataDir, sql, ...p);

describe('beacon ingestion', () => {
  it('accepts a beacon at once and stores it, aggregates included, shortly after', async () => {
    const res = await send(beacon());
    expect(res.status).toBe(202);
    await expect.poll(() => rows('select count(*) n from events')[0]!.n).toBe(3);
    expect(rows('select engaged_ms, max_scroll, pages_viewed from visits')).toEqual([
      { engaged_ms: 18_000, max_scroll: 100, pages_viewed: 1 },
    ]);
  });

  it('counts a replayed beacon once', async () => {
    expect((await send(beacon())).status).toBe(202);
    expect((await send(beacon())).status).toBe(202);
    await new Promise((r) => setTimeout(r, 200));
    expect(rows('select count(*) n from events')[0]!.n).toBe(3);
    expect(rows('select engaged_ms from visitors')).toEqual([{ engaged_ms: 18_000 }]);
  });

  it.each([
    ['not JSON', () => '{"v":1,', 400, 'not valid JSON'],
    [
      'an unknown event type',
      () => beacon({ events: [{ t: 'keystrokes', id: 'ev-keys-000001', at: T }] }),
      400,
      'events.0',
    ],
    [
      'more than 50 events',
      () =>
        beacon({
          events: Array.from({ length: 51 }, (_, i) => ({
            t: 'scroll',
            id: `ev-many-${String(i).padStart(6, '0')}`,
            at: T,
            pct: 1,
          })),
        }),
      400,
      'events',
    ],
    [
      'a body over 16 KB',
      () => JSON.stringify(beacon({ pad: 'x'.repeat(17_000) })),
      413,
      'larger than',
    ],
    ['an unpublished page', () => beacon({ page: 'no-such-page' }), 404, 'not published'],
  ])('refuses %s with a clear 4xx', async (_name, body, status, message) => {
    const res = await send(body());
    expect(res.status).toBe(status);
    expect(JSON.stringify(await res.json())).toContain(message);
  });

  it('refuses a form-encoded body (415)', async () => {
    expect(
      (await send('a=1', { 'content-type': 'application/x-www-form-urlencoded' })).status,
    ).toBe(415);
  });

  it.each([
    ['Global Privacy Control', { 'sec-gpc': '1' }],
    ['Do Not Track', { dnt: '1' }],
    [
      'a bot',
      { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' },
    ],
  ])('stores nothing for %s', async (_name, headers) => {
    const vid = `quiet-${Object.keys(headers)[0]}-visitor`.slice(0, 40);
    const res = await send(beacon({ vid, sid: 'visit-quiet-0001' }), headers);
    expect(res.status).toBe(204);
    await new Promise((r) => setTimeout(r, 200));
    expect(rows('select count(*) n from visitors where public_id = ?', vid)[0]!.n).toBe(0);
  });
});

describe('page analytics in the admin', () => {
  it("shows the page's views, visitors, engaged time and sources from the stored visits", async () => {
    const { html } = await fx.owner.page(`/admin/pages/${fx.pageId}/analytics?days=7`);
    const totals = html.slice(html.indexOf('data-testid="totals"'), html.indexOf('Top sources'));
    expect(totals).toMatch(/Views<\/span><span class="stat-value">1</);
    expect(totals).toMatch(/Unique visitors<\/span><span class="stat-value">1</);
    expect(totals).toContain('18 s');
    expect(html).toContain('direct');
    expect((await fx.owner.request(`/admin/pages/${fx.pageId}/analytics?days=5`)).status).toBe(400);
  });

  it('counts conversion over the same visitors: untracked submissions never push it past 100 %', async () => {
    // The one tracked visitor submits; six more submissions come from browsers never tracked.
    const tracked = await postLead(fx.server.url, fx.slug, {
      ...DEMO_ANSWERS,
      email: 'tracked@northwind.com',
      _vid: 'visitor-0000000001',
    });
    expect(tracked.status).toBe(200);
    for (let i = 0; i < 6; i++)
      expect(
        (
          await postLead(fx.server.url, fx.slug, {
            ...DEMO_ANSWERS,
            email: `untracked${i}@northwind.com`,
          })
        ).status,
      ).toBe(200);
    const dashboard = (await fx.owner.page('/admin?days=7')).html;
    expect(dashboard).toMatch(/Conversion<\/span>\s*<span class="stat-value">100 %</);
    expect(dashboard).toContain('Tracked visitors who became leads (held ones aside)');
    const analytics = (await fx.owner.page(`/admin/pages/${fx.pageId}/analytics?days=7`)).html;
    expect(analytics).toMatch(/Submissions<\/span><span class="stat-value">7</);
    expect(analytics).toMatch(/Conversion<\/span><span class="stat-value"\s*>100 %</);
  });
});
