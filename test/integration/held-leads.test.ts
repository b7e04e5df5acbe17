import { describe, expect, it } from 'vitest';
import { withPublishedPage } from '../helpers/fixtures';
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
