import { describe, expect, it } from 'vitest';
import { readDb } from '../helpers/db-file';
import { withPublishedPage } from '../helpers/fixtures';
import { sendBeacon, visitBeacon } from '../helpers/beacons';
import { Client, DEMO_ANSWERS } from '../helpers/http-session';

const fx = withPublishedPage({ RESCORE_DELAY_MS: '100' });
const rows = <T>(sql: string, ...p: unknown[]) => readDb<T>(fx.server.dataDir, sql, ...p);
const leadOf = (email: string) =>
  rows<{ id: string; score: number; tier: string; model_version: number; breakdown_json: string }>(
    'select id, score, tier, model_version, breakdown_json from leads where email = ?',
    email,
  )[0]!;

async function submit(form: Record<string, string>) {
  const res = await new Client(fx.server.url).request(`/p/${fx.slug}`, { method: 'POST', form });
  expect(res.status).toBe(303);
}

const beacon = (vid: string, sid: string, at: number) =>
  sendBeacon(
    fx.server.url,
    visitBeacon({
      page: fx.slug,
      vid,
      sid,
      at,
      engagedMs: 95_000,
      scroll: 100,
      blocks: ['hero', 'features', 'proof', 'faq'],
    }),
  );

/** The model editor's fields as the page shows them, with some changed. */
async function modelForm(changes: Record<string, string>) {
  const { html } = await fx.owner.page('/admin/settings/scoring');
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(
    /name="((?:w|cap)\.[a-z_]+|hot|warm|intent|(?:request|timeline)?[hH]alfLifeDays|brandSources)"[^>]*value="([^"]*)"/g,
  ))
    fields[m[1]!] = m[2]!;
  expect(Object.keys(fields).length).toBeGreaterThan(20);
  return { ...fields, ...changes };
}

describe('lead scoring over HTTP', () => {
  it('raises a returning visitor’s score from a new visit, without a new submission', async () => {
    const email = 'casey@initech.com';
    await submit({
      ...DEMO_ANSWERS,
      email,
      timeline: 'Later this year',
      _vid: 'browser-returning-1',
    });
    const before = leadOf(email);
    expect(before.tier).toBe('hot'); // a demo request from a named company
    expect((await beacon('browser-returning-1', 'visit-next-day-01', Date.now())).status).toBe(202);
    await expect.poll(() => leadOf(email).score, { timeout: 5_000 }).toBeGreaterThan(before.score);
    const rules = (JSON.parse(leadOf(email).breakdown_json) as { rule: string }[]).map(
      (b) => b.rule,
    );
    expect(rules).toEqual(
      expect.arrayContaining(['engaged_reading', 'deep_scroll', 'sections_seen']),
    );
  });

  it('gives a shared browser to whoever identified themselves on it last', async () => {
    // Issue 37: two people, one browser, a day apart.
    const vid = 'browser-shared-01';
    const DAY = 86_400_000;
    const glance = visitBeacon({
      page: fx.slug,
      vid,
      sid: 'visit-first-01',
      at: Date.now() - DAY,
      engagedMs: 4_000,
      blocks: ['hero'],
    });
    expect((await sendBeacon(fx.server.url, glance)).status).toBe(202);
    await submit({
      ...DEMO_ANSWERS,
      email: 'first@gmail.com',
      company: 'Home',
      timeline: 'Just exploring',
      _vid: vid,
      _sid: 'visit-first-01',
    });
    const readsPricing = visitBeacon({
      page: fx.slug,
      vid,
      sid: 'visit-second-1',
      at: Date.now(),
      engagedMs: 76_000,
      scroll: 100,
      blocks: ['hero', 'features', 'pricing', 'faq'],
    });
    expect((await sendBeacon(fx.server.url, readsPricing)).status).toBe(202);
    const first = leadOf('first@gmail.com');
    await expect
      .poll(
        () =>
          rows<{ lead_id: string }>(
            "select lead_id from visits where id like '%.visit-second-1'",
          )[0]?.lead_id,
      )
      .toBe(first.id);

    await submit({
      ...DEMO_ANSWERS,
      email: 'second@initech.com',
      company: 'Initech',
      _vid: vid,
      _sid: 'visit-second-1',
    });
    const second = leadOf('second@initech.com');
    const creditedTo = (leadId: string) =>
      rows<{ id: string }>(
        'select id from visits where lead_id = ? order by started_at',
        leadId,
      ).map((v) => v.id.split('.')[1]);
    // The visit in progress went with the browser; the first person keeps what came before.
    expect(creditedTo(first.id)).toEqual(['visit-first-01']);
    expect(creditedTo(second.id)).toEqual(['visit-second-1']);
    const rulesOf = (email: string) =>
      (JSON.parse(leadOf(email).breakdown_json) as { rule: string }[]).map((b) => b.rule);
    expect(rulesOf('second@initech.com')).toEqual(
      expect.arrayContaining(['pricing_viewed', 'engaged_reading']),
    );
    await expect.poll(() => rulesOf('first@gmail.com')).not.toContain('pricing_viewed');
    expect(rulesOf('first@gmail.com')).not.toContain('return_visits');

    // Later visits on that browser are the second person's.
    expect(
      (
        await sendBeacon(
          fx.server.url,
          visitBeacon({
            page: fx.slug,
            vid,
            sid: 'visit-third-01',
            at: Date.now() + 1_000,
            engagedMs: 5_000,
          }),
        )
      ).status,
    ).toBe(202);
    await expect.poll(() => creditedTo(second.id)).toEqual(['visit-second-1', 'visit-third-01']);
    expect(creditedTo(first.id)).toEqual(['visit-first-01']);

    // Both timelines say that the browser changed hands.
    const handovers = rows<{ lead_id: string; data_json: string }>(
      "select lead_id, data_json from lead_activity where type = 'browser_handover'",
    );
    expect(handovers.map((h) => [h.lead_id, JSON.parse(h.data_json).direction]).sort()).toEqual(
      [
        [first.id, 'out'],
        [second.id, 'in'],
      ].sort(),
    );
    const firstPage = await fx.owner.page(`/admin/leads/${first.id}`);
    expect(firstPage.html).toContain('Another person identified themselves on this browser');
    const secondPage = await fx.owner.page(`/admin/leads/${second.id}`);
    expect(secondPage.html).toContain('Identified themselves on a browser another lead had used');
    // Never merged: two leads, each with its own answers.
    expect(
      rows<{ n: number }>(
        "select count(*) n from leads where email in ('first@gmail.com', 'second@initech.com')",
      )[0]!.n,
    ).toBe(2);
  });

  it('previews a model change on the real leads, then saves it and re-scores them all', async () => {
    await submit({ ...DEMO_ANSWERS, email: 'jordan@northwind.com' }); // 85 points: hot
    const preview = await fx.owner.post('/admin/settings/scoring', {
      _action: 'preview',
      ...(await modelForm({ hot: '90', warm: '40' })),
    });
    expect(preview.status).toBe(200);
    const previewed = await preview.text();
    expect(previewed).toMatch(/This change moves \d+ leads? from hot to warm/);
    // Both axes: the tiers it gives, and how many the missing buying signal holds back.
    expect(previewed).toMatch(/Under this model: \d+ hot, \d+ warm.* and \d+ cold\./);
    expect(leadOf('jordan@northwind.com')).toMatchObject({ tier: 'hot', model_version: 0 });

    const saved = await fx.owner.post('/admin/settings/scoring', {
      _action: 'save',
      ...(await modelForm({ hot: '90', warm: '40' })),
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/admin/settings/scoring?saved=1');
    await expect
      .poll(() => leadOf('jordan@northwind.com'), { timeout: 5_000 })
      .toMatchObject({ tier: 'warm', model_version: 1 });
    const change = rows<{ data_json: string }>(
      "select data_json from lead_activity where type = 'tier_change' and lead_id = ? order by at desc limit 1",
      leadOf('jordan@northwind.com').id,
    )[0]!;
    expect(JSON.parse(change.data_json)).toMatchObject({
      from: 'hot',
      to: 'warm',
      cause: 'the scoring model changed',
      modelVersion: 1,
    });
    const { html } = await fx.owner.page('/admin/settings/scoring?saved=1');
    expect(html).toContain('Saved as version 1.');
    expect(html).toMatch(/value="90"/);
  });

  it('refuses nonsense with a message on the field, saving nothing', async () => {
    const bad = await fx.owner.post('/admin/settings/scoring', {
      _action: 'save',
      ...(await modelForm({ hot: '30', warm: '30', 'w.demo_request': 'lots' })),
    });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('Enter points as a whole number.');
    expect(rows<{ n: number }>('select count(*) n from scoring_models')[0]!.n).toBe(1);
    const crossed = await fx.owner.post('/admin/settings/scoring', {
      _action: 'save',
      ...(await modelForm({ hot: '30', warm: '30' })),
    });
    expect(crossed.status).toBe(422);
    expect(await crossed.text()).toContain('The warm threshold must be below the hot threshold.');
  });

  it('resets to the defaults as a new version', async () => {
    await fx.owner.page('/admin/settings/scoring');
    const reset = await fx.owner.post('/admin/settings/scoring', { _action: 'reset' });
    expect(reset.headers.get('location')).toBe('/admin/settings/scoring?saved=2');
    await expect
      .poll(() => leadOf('jordan@northwind.com'), { timeout: 5_000 })
      .toMatchObject({ tier: 'hot', model_version: 2 });
  });
});
