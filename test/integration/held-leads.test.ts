import { describe, expect, it } from 'vitest';
import { withPublishedPage } from '../helpers/fixtures';
import { sendBeacon, visitBeacon } from '../helpers/beacons';
import { DEMO_ANSWERS, postLead } from '../helpers/http-session';

/* Issue 29.5: a first lead flagged unqualified seemed to vanish — Leads said "No leads yet"
   while the dashboard counted the submission. */
const fx = withPublishedPage();
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('a first lead held as unqualified', () => {
  it('is counted in the tabs, named in the empty state and linked, never as a tier', async () => {
    // The honeypot filled in: a bot. Stored and held, not dropped.
    const res = await postLead(fx.server.url, fx.slug, {
      ...DEMO_ANSWERS,
      email: 'bot@northwind.com',
      _website: 'http://spam.example',
    });
    expect(res.status).toBe(200);

    const inbox = text((await fx.owner.page('/admin/leads')).html);
    expect(inbox).not.toContain('No leads yet');
    expect(inbox).toContain('No qualified leads yet');
    expect(inbox).toContain('1 submission is held as unqualified');
    expect(inbox).toMatch(/All 0 Hot 0 Warm 0 Cold 0 Unqualified 1/);
    const { html } = await fx.owner.page('/admin/leads');
    expect(html).toMatch(
      /<a class="btn" href="\/admin\/leads\?view=unqualified"[^>]*>\s*See the held leads/,
    );

    const held = text((await fx.owner.page('/admin/leads?view=unqualified')).html);
    expect(held).toContain('bot@northwind.com');

    const dashboard = text((await fx.owner.page('/admin')).html);
    expect(dashboard).toContain('1 held as unqualified');
    expect(dashboard).toContain(
      'Hot 0 Hot leads Warm 0 Warm leads Cold 0 Cold leads Held 1 leads held as unqualified',
    );
  });
});

describe('bulk actions in the inbox (issue 29.13)', () => {
  it('changes the ticked leads, each with its own timeline entry, and exports just them', async () => {
    for (const who of ['ana', 'ben', 'cy'])
      expect(
        (await postLead(fx.server.url, fx.slug, { ...DEMO_ANSWERS, email: `${who}@northwind.com` }))
          .status,
      ).toBe(200);
    const { html } = await fx.owner.page('/admin/leads');
    const idOf = (email: string) =>
      new RegExp(`data-lead-id="([^"]+)"(?:(?!data-lead-id)[\\s\\S])*?${email}`).exec(html)![1]!;
    const [ana, ben, cy] = ['ana', 'ben', 'cy'].map((w) => idOf(`${w}@northwind.com`));
    const moved = await fx.owner.post('/admin/leads', {
      _action: 'bulk',
      op: 'status',
      status: 'contacted',
      lead: [ana!, ben!],
    });
    expect(moved.status).toBe(303);
    expect(moved.headers.get('location')).toContain('changed=2');
    const statusOf = async (id: string) => (await fx.owner.page(`/admin/leads/${id}`)).html;
    expect(await statusOf(ana!)).toContain('Moved from New to Contacted');
    expect(await statusOf(ben!)).toContain('Moved from New to Contacted');
    expect(await statusOf(cy!)).not.toContain('Moved from New to Contacted');

    // Nothing ticked, or a stage missing: a message, nothing changed.
    await fx.owner.page('/admin/leads');
    const none = await fx.owner.post('/admin/leads', {
      _action: 'bulk',
      op: 'status',
      status: 'won',
    });
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('Tick the leads to change first.');

    // The held bot is marked as a real prospect from the Unqualified tab.
    const held = (await fx.owner.page('/admin/leads?view=unqualified')).html;
    const bot = /data-lead-id="([^"]+)"/.exec(held)![1]!;
    const qualified = await fx.owner.post('/admin/leads?view=unqualified', {
      _action: 'bulk',
      op: 'qualify',
      lead: bot,
    });
    expect(qualified.status).toBe(303);
    expect((await fx.owner.page('/admin/leads')).html).toContain('bot@northwind.com');

    const csv = await (
      await fx.owner.request(`/admin/leads/export.csv?lead=${ana}&lead=${cy}`)
    ).text();
    const rows = csv.trim().split('\r\n').slice(1);
    expect(rows).toHaveLength(2);
    expect(csv).toContain('ana@northwind.com');
    expect(csv).toContain('cy@northwind.com');
    expect(csv).not.toContain('ben@northwind.com');
  });
});

describe('the figures a new user reads (issue 29.13)', () => {
  it('says "1 visit", folds quiet days, and lists each page with its views and conversion', async () => {
    const beacon = visitBeacon({
      page: fx.slug,
      vid: 'browser-figures1',
      sid: 'visit-figures-1',
      at: Date.now(),
    });
    expect((await sendBeacon(fx.server.url, beacon)).status).toBe(202);
    await expect
      .poll(async () => text((await fx.owner.page('/admin')).html), { timeout: 5_000 })
      .toMatch(/direct 1 visit(?!s)/);
    const dashboard = text((await fx.owner.page('/admin')).html);
    expect(dashboard).not.toContain('1 visits');
    // Thirty days, most of them quiet: one row says so instead of a row of zeros each.
    expect(dashboard).toMatch(
      /\d{4}-\d{2}-\d{2} – \d{4}-\d{2}-\d{2} No views, visitors or submissions/,
    );
    const pages = text((await fx.owner.page('/admin/pages')).html);
    expect(pages).toContain('Views (30 days)');
    expect(pages).toContain('Conversion');
    // The inbox's sort choices are short enough never to be cut off.
    const inbox = (await fx.owner.page('/admin/leads')).html;
    expect(inbox).toMatch(/>\s*Highest score\s*<\/option>/);
  });
});
