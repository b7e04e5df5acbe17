import { describe, expect, it } from 'vitest';
import { readDb } from '../helpers/db-file';
import { withPublishedPage } from '../helpers/fixtures';
import { DEMO_ANSWERS, postLead } from '../helpers/http-session';
import { sendBeacon, visitBeacon } from '../helpers/beacons';

const fx = withPublishedPage();
const q = <T>(sql: string, ...p: unknown[]) => readDb<T>(fx.server.dataDir, sql, ...p);

/** A visitor who read the page (a tracked visit), then submitted the form. */
async function newLead(email: string): Promise<string> {
  const vid = `browser-${email.split('@')[0]}`;
  const beacon = visitBeacon({
    page: fx.slug,
    vid,
    sid: `visit-${vid}`,
    at: Date.now() - 60_000,
    engagedMs: 40_000,
  });
  expect((await sendBeacon(fx.server.url, beacon)).status).toBe(202);
  await expect.poll(() => q('select 1 from visitors where public_id = ?', vid)).toHaveLength(1);
  const res = await postLead(fx.server.url, fx.slug, { ...DEMO_ANSWERS, email, _vid: vid });
  expect(res.status).toBe(200);
  return q<{ id: string }>('select id from leads where email = ?', email)[0]!.id;
}

describe('the lead page: pipeline, notes, assignment, data and erasure', () => {
  it('moves a lead along the pipeline and records who did it', async () => {
    const id = await newLead('pipeline@northwind.com');
    const path = `/admin/leads/${id}`;
    await fx.owner.page(path);
    const moved = await fx.owner.post(path, { _action: 'status', status: 'contacted' });
    expect(moved.status).toBe(303);
    expect(q<{ status: string }>('select status from leads where id = ?', id)[0]!.status).toBe(
      'contacted',
    );
    const { html } = await fx.owner.page(path);
    expect(html).toContain('Moved from New to Contacted');
    expect(html).toMatch(/aria-pressed="true"[^>]*>\s*Contacted/);
    const bad = await fx.owner.post(path, { _action: 'status', status: 'closed' });
    expect(bad.status).toBe(422);
  });

  it('keeps notes as text on the timeline, never as markup', async () => {
    const id = await newLead('notes@northwind.com');
    const path = `/admin/leads/${id}`;
    await fx.owner.page(path);
    const note = 'Called: wants a demo for 12 seats <img src=x onerror=alert(1)>';
    expect((await fx.owner.post(path, { _action: 'note', note })).status).toBe(303);
    const { html } = await fx.owner.page(path);
    expect(html).toContain('Called: wants a demo for 12 seats &lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img src=x');
    const empty = await fx.owner.post(path, { _action: 'note', note: '   ' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Write something first.');
  });

  it('assigns a lead to a member of the workspace only', async () => {
    const id = await newLead('assign@northwind.com');
    const path = `/admin/leads/${id}`;
    const { html } = await fx.owner.page(path);
    const me = /<option value="([^"]+)"[^>]*>\s*Olivia Owner/.exec(html)![1]!;
    expect((await fx.owner.post(path, { _action: 'assign', assignee: me })).status).toBe(303);
    expect(q<{ a: string }>('select assignee_user_id a from leads where id = ?', id)[0]!.a).toBe(
      me,
    );
    const stranger = await fx.owner.post(path, { _action: 'assign', assignee: 'someone-else' });
    expect(stranger.status).toBe(422);
    expect(await stranger.text()).toContain('Choose a member of this workspace.');
  });

  it('downloads everything stored about the lead as JSON', async () => {
    const id = await newLead('data@northwind.com');
    const res = await fx.owner.request(`/admin/leads/${id}/data.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="lead-/);
    const data = (await res.json()) as {
      lead: { email: string };
      submissions: { answers: unknown[] }[];
      timeline: unknown[];
      browsers: { visits: { events: unknown[] }[] }[];
    };
    expect(data.lead.email).toBe('data@northwind.com');
    expect(data.submissions).toHaveLength(1);
    expect(data.submissions[0]!.answers.length).toBeGreaterThan(3);
    expect(data.timeline.length).toBeGreaterThan(0);
    expect(data.browsers[0]!.visits[0]!.events.length).toBeGreaterThan(0);
  });

  it('erases a lead only after its email is typed, with its visits and events', async () => {
    const id = await newLead('erase@northwind.com');
    const visitor = q<{ id: string }>('select id from visitors where lead_id = ?', id)[0]!.id;
    const path = `/admin/leads/${id}`;
    await fx.owner.page(path);
    const wrong = await fx.owner.post(path, { _action: 'erase', confirm: 'someone@else.com' });
    expect(wrong.status).toBe(422);
    expect(q('select id from leads where id = ?', id)).toHaveLength(1);
    const erased = await fx.owner.post(path, { _action: 'erase', confirm: 'ERASE@northwind.com' });
    expect(erased.status).toBe(303);
    expect(erased.headers.get('location')).toBe('/admin/leads?erased=1');
    for (const [table, column, value] of [
      ['leads', 'id', id],
      ['submissions', 'lead_id', id],
      ['lead_activity', 'lead_id', id],
      ['visitors', 'id', visitor],
      ['visits', 'visitor_id', visitor],
      ['events', 'visitor_id', visitor],
    ])
      expect(q(`select 1 from ${table} where ${column} = ?`, value), table).toHaveLength(0);
    const gone = await fx.owner.page(path);
    expect(gone.status).toBe(404);
    expect(gone.html).toContain('Nothing here in your workspace');
    expect((await fx.owner.page('/admin/leads?erased=1')).html).toContain('were erased');
  });

  it("shows on the dashboard each page's leads by tier, linked to the filtered inbox", async () => {
    await newLead('dashboard@northwind.com');
    const pageId = fx.pageId;
    const { html } = await fx.owner.page('/admin');
    expect(html).toContain('Leads by tier');
    expect(html).toContain(`href="/admin/leads?tier=hot&#38;page=${pageId}"`);
  });
});

describe('the lead page: when the lead was first seen', () => {
  it('shows the first tracked visit of the lead’s browser, not the submission time', async () => {
    const vid = 'browser-first-seen';
    const firstVisit = Date.now() - 20 * 3600_000;
    const beacon = visitBeacon({ page: fx.slug, vid, sid: 'visit-first-seen', at: firstVisit });
    expect((await sendBeacon(fx.server.url, beacon)).status).toBe(202);
    await expect.poll(() => q('select 1 from visitors where public_id = ?', vid)).toHaveLength(1);
    const email = 'first-seen@northwind.com';
    const res = await postLead(fx.server.url, fx.slug, { ...DEMO_ANSWERS, email, _vid: vid });
    expect(res.status).toBe(200);
    const id = q<{ id: string }>('select id from leads where email = ?', email)[0]!.id;
    const { html } = await fx.owner.page(`/admin/leads/${id}`);
    const when = new Intl.DateTimeFormat('en-GB', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'UTC',
    }).format(new Date(firstVisit));
    expect(html).toContain(`First seen ${when} UTC`);
  });
});
