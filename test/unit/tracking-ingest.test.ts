import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { createOwnerAccount } from '../../src/domain/auth/accounts';
import { createPageFromTemplate } from '../../src/domain/landing-pages/pages';
import { applyEvents, emptyVisit, sourceOf } from '../../src/domain/tracking/aggregates';
import { beaconSchema, completeBeacon, type Beacon } from '../../src/domain/tracking/beacon';
import { transact } from '../../db/transact';
import { ingestBeacon, ingestBeaconsIn, type IngestInput } from '../../src/domain/tracking/ingest';
import { testDb } from '../helpers/db';

const T0 = 1_750_000_000_000;
const DAY = 86_400_000;

async function page(db: Db) {
  const owner = await createOwnerAccount(
    db,
    { name: '', email: 'o@example.com', password: 'long-password-1', workspaceName: 'W' },
    T0,
  );
  if (!owner.ok) throw new Error('owner');
  const created = await createPageFromTemplate(db, {
    workspaceId: owner.value.workspaceId,
    templateId: 'b2b-demo-request',
    now: T0,
  });
  if (!created.ok) throw new Error('page');
  return { pageId: created.value.id, workspaceId: owner.value.workspaceId };
}

const visitBeacon = (sid: string, at: number, n = 0): Beacon =>
  beaconSchema.parse({
    v: 1,
    page: 'tallyhawk',
    vid: 'visitor-aaaaaaaa',
    sid,
    events: [
      {
        t: 'view',
        id: `view-${sid}-${n}`,
        at,
        url: '/p/tallyhawk?utm_source=newsletter',
        vw: 1280,
        vh: 800,
      },
      { t: 'engaged', id: `eng-${sid}-${n}`, at: at + 30_000, ms: 25_000 },
      { t: 'scroll', id: `scr-${sid}-${n}`, at: at + 31_000, pct: 80 },
      { t: 'seen', id: `seen-${sid}-${n}`, at: at + 31_000, block: 'features' },
      {
        t: 'click',
        id: `clk-${sid}-${n}`,
        at: at + 32_000,
        block: 'hero',
        target: '#form',
        outbound: false,
      },
    ],
  });

describe('visit aggregates (pure)', () => {
  it('adds engaged time, keeps the deepest scroll and distinct blocks, counts clicks and views', () => {
    const events = visitBeacon('sess-0009', T0).events;
    const once = applyEvents(emptyVisit(T0), events);
    expect(once).toMatchObject({
      engagedMs: 25_000,
      maxScroll: 80,
      blocksSeen: ['features'],
      clicks: 1,
      pagesViewed: 1,
      device: 'desktop',
      utm: { source: 'newsletter' },
    });
    const more = applyEvents(once, [
      { t: 'scroll', id: 'x1xxxxxx', at: T0 + 40_000, pct: 50 },
      { t: 'seen', id: 'x2xxxxxx', at: T0 + 41_000, block: 'features' },
      { t: 'engaged', id: 'x3xxxxxx', at: T0 + 60_000, ms: 10_000 },
    ]);
    expect(more).toMatchObject({
      engagedMs: 35_000,
      maxScroll: 80,
      blocksSeen: ['features'],
      lastEventAt: T0 + 60_000,
    });
  });

  it('reads UTM and device from the URL and viewport, or takes them from an older script', () => {
    const view = (extra: object) =>
      beaconSchema.parse({
        ...visitBeacon('sess-0010', T0),
        events: [
          {
            t: 'view',
            id: 'view-older',
            at: T0,
            url: '/p/x?utm_source=ads',
            vw: 390,
            vh: 800,
            ...extra,
          },
        ],
      }).events;
    expect(applyEvents(emptyVisit(T0), view({}))).toMatchObject({
      utm: { source: 'ads' },
      device: 'mobile',
    });
    expect(
      applyEvents(emptyVisit(T0), view({ utm: { source: 'mail' }, device: 'tablet' })),
    ).toMatchObject({ utm: { source: 'mail' }, device: 'tablet' });
  });

  it('completes a beacon from the request: language, outbound links, scroll clamped', () => {
    const beacon = beaconSchema.parse({
      ...visitBeacon('sess-0011', T0),
      events: [
        { t: 'view', id: 'view-complete', at: T0, url: '/p/x', vw: 1280, vh: 800 },
        { t: 'click', id: 'clk-same-host', at: T0, target: 'https://pages.test/p/x#form' },
        { t: 'click', id: 'clk-elsewhere', at: T0, target: 'https://calendly.com/acme' },
        { t: 'click', id: 'clk-mailto-00', at: T0, target: 'mailto:sales@acme.test' },
        { t: 'click', id: 'clk-button-00', at: T0, target: 'Book a demo' },
        { t: 'scroll', id: 'scroll-over00', at: T0, pct: 104 },
      ],
    });
    const done = completeBeacon(beacon, {
      host: 'pages.test',
      acceptLanguage: 'de-CH,de;q=0.9,en;q=0.8',
    }).events;
    expect(done[0]).toMatchObject({ lang: 'de-CH' });
    expect(done.slice(1, 5).map((e) => e.t === 'click' && e.outbound)).toEqual([
      false,
      true,
      true,
      false,
    ]);
    expect(done[5]).toMatchObject({ pct: 100 });
    const [view] = completeBeacon(beacon, { host: 'pages.test', acceptLanguage: null }).events;
    expect(view).toMatchObject({ t: 'view' });
    expect((view as { lang?: string }).lang).toBeUndefined();
  });

  it('names the source: UTM first, then the referrer host, else direct', () => {
    expect(sourceOf({ utm: { source: 'linkedin' }, referrer: 'https://www.google.com/' })).toBe(
      'linkedin',
    );
    expect(sourceOf({ utm: {}, referrer: 'https://www.google.com/search?q=x' })).toBe('google.com');
    expect(sourceOf({ utm: {}, referrer: null })).toBe('direct');
  });
});

describe('ingesting beacons (real database)', () => {
  it('stores events and keeps visit and visitor aggregates current', async () => {
    const db = await testDb();
    const p = await page(db);
    const result = await ingestBeacon(db, {
      beacon: visitBeacon('sess-0001', T0),
      ...p,
      receivedAt: T0 + 40_000,
    });
    expect(result).toMatchObject({ accepted: 5, duplicates: 0, newVisit: true, leadId: null });
    const visit = await db.selectFrom('visits').selectAll().executeTakeFirstOrThrow();
    expect(visit).toMatchObject({
      engaged_ms: 25_000,
      max_scroll: 80,
      clicks: 1,
      pages_viewed: 1,
      started_at: T0,
    });
    const visitor = await db.selectFrom('visitors').selectAll().executeTakeFirstOrThrow();
    expect(visitor).toMatchObject({
      visits: 1,
      distinct_days: 1,
      engaged_ms: 25_000,
      sources_json: '["newsletter"]',
    });
  });

  it('counts a replayed beacon once', async () => {
    const db = await testDb();
    const p = await page(db);
    await ingestBeacon(db, { beacon: visitBeacon('sess-0001', T0), ...p, receivedAt: T0 + 40_000 });
    const again = await ingestBeacon(db, {
      beacon: visitBeacon('sess-0001', T0),
      ...p,
      receivedAt: T0 + 41_000,
    });
    expect(again).toMatchObject({ accepted: 0, duplicates: 5, newVisit: false });
    expect(await db.selectFrom('events').selectAll().execute()).toHaveLength(5);
    expect(
      (await db.selectFrom('visitors').select('engaged_ms').executeTakeFirstOrThrow()).engaged_ms,
    ).toBe(25_000);
  });

  it('counts a return on another day as a second visit and a second day', async () => {
    const db = await testDb();
    const p = await page(db);
    await ingestBeacon(db, { beacon: visitBeacon('sess-0001', T0 - DAY), ...p, receivedAt: T0 });
    const second = await ingestBeacon(db, {
      beacon: visitBeacon('sess-0002', T0),
      ...p,
      receivedAt: T0 + 40_000,
    });
    expect(second.newVisit).toBe(true);
    expect(
      await db
        .selectFrom('visitors')
        .select(['visits', 'distinct_days', 'engaged_ms'])
        .executeTakeFirstOrThrow(),
    ).toEqual({ visits: 2, distinct_days: 2, engaged_ms: 50_000 });
  });

  it('bounds client clocks: a week back at most, five minutes ahead', async () => {
    const db = await testDb();
    const p = await page(db);
    await ingestBeacon(db, {
      beacon: visitBeacon('sess-0003', T0 + 365 * DAY),
      ...p,
      receivedAt: T0,
    });
    const visit = await db.selectFrom('visits').select('started_at').executeTakeFirstOrThrow();
    expect(visit.started_at).toBe(T0 + 5 * 60_000);
  });
});

describe('beacon schema', () => {
  it('refuses unknown event types, oversized batches and bad ids, naming the problem', () => {
    const good = visitBeacon('sess-0001', T0);
    const unknown = beaconSchema.safeParse({
      ...good,
      events: [{ t: 'keylog', id: 'abcdefgh', at: 1 }],
    });
    expect(unknown.success).toBe(false);
    const many = beaconSchema.safeParse({
      ...good,
      events: Array.from({ length: 51 }, (_, i) => ({
        t: 'scroll',
        id: `scroll-${i}-xx`,
        at: T0,
        pct: 1,
      })),
    });
    expect(many.success).toBe(false);
    expect(beaconSchema.safeParse({ ...good, vid: 'x' }).success).toBe(false);
    expect(beaconSchema.safeParse({ ...good, extra: 1 }).success).toBe(false);
  });
});

describe('a known lead coming back', () => {
  it('records the new visit as a touch on the lead and moves its last touch', async () => {
    const db = await testDb();
    const p = await page(db);
    await ingestBeacon(db, {
      beacon: visitBeacon('sess-0001', T0 - DAY),
      ...p,
      receivedAt: T0 - DAY + 60_000,
    });
    const lead = {
      id: 'lead-1',
      workspace_id: p.workspaceId,
      email: 'a@b.co',
      email_normalized: 'a@b.co',
      fields_json: '{}',
      score: 0,
      tier: 'cold' as const,
      breakdown_json: '[]',
      model_version: 0,
      qualified: 1 as const,
      status: 'new' as const,
      submissions_count: 1,
      first_touch_at: T0 - DAY,
      last_touch_at: T0 - DAY,
      scored_at: T0 - DAY,
      created_at: T0 - DAY,
      updated_at: T0 - DAY,
    };
    await db.insertInto('leads').values(lead).execute();
    await db.updateTable('visitors').set({ lead_id: 'lead-1' }).execute();
    const back = await ingestBeacon(db, {
      beacon: visitBeacon('sess-0002', T0),
      ...p,
      receivedAt: T0 + 40_000,
    });
    expect(back).toMatchObject({ leadId: 'lead-1', newVisit: true });
    const activity = await db
      .selectFrom('lead_activity')
      .select(['type', 'data_json'])
      .where('lead_id', '=', 'lead-1')
      .execute();
    expect(activity.map((a) => a.type)).toEqual(['visit']);
    expect(JSON.parse(activity[0]!.data_json)).toMatchObject({ source: 'newsletter' });
    expect(
      (await db.selectFrom('leads').select('last_touch_at').executeTakeFirstOrThrow())
        .last_touch_at,
    ).toBe(T0);
    // More events of the same visit are not another touch.
    await ingestBeacon(db, {
      beacon: visitBeacon('sess-0002', T0 + 60_000, 1),
      ...p,
      receivedAt: T0 + 90_000,
    });
    expect(
      await db.selectFrom('lead_activity').selectAll().where('lead_id', '=', 'lead-1').execute(),
    ).toHaveLength(1);
  });
});

describe('ingesting a batch of beacons at once', () => {
  /** Beacons of three visitors: returns on other days, a visit in two beacons, replays. */
  const mixed = (p: { pageId: string; workspaceId: string }): IngestInput[] => {
    const of = (vid: string, sid: string, at: number, n = 0, utm = 'newsletter') => {
      const b = visitBeacon(sid, at, n);
      const view = b.events[0] as { url: string };
      view.url = `/p/tallyhawk?utm_source=${utm}`;
      return { beacon: { ...b, vid }, ...p, receivedAt: at + 40_000 };
    };
    return [
      of('visitor-aaaaaaaa', 'sess-aaa1', T0 - 2 * DAY),
      of('visitor-bbbbbbbb', 'sess-bbb1', T0 - DAY, 0, 'ads'),
      of('visitor-aaaaaaaa', 'sess-aaa1', T0 - 2 * DAY + 60_000, 1), // the same visit goes on
      of('visitor-aaaaaaaa', 'sess-aaa2', T0 - DAY, 0, 'linkedin'), // back the next day
      of('visitor-aaaaaaaa', 'sess-aaa1', T0 - 2 * DAY), // a replay: counts once
      of('visitor-aaaaaaaa', 'sess-aaa3', T0 - DAY + 3_600_000, 0, 'mail'), // same day again
      of('visitor-cccccccc', 'sess-ccc1', T0),
      of('visitor-bbbbbbbb', 'sess-bbb2', T0, 0, 'ads'),
      of('visitor-bbbbbbbb', 'sess-bbb2', T0), // replayed within the batch
    ];
  };
  /** Every row the beacons wrote, with the ids we generate put back as names. */
  const written = async (db: Db, p: { pageId: string; workspaceId: string }) => {
    const visitors = await db.selectFrom('visitors').selectAll().orderBy('public_id').execute();
    const names = new Map([
      ...visitors.map((v) => [v.id, v.public_id] as const),
      [p.workspaceId, 'workspace'],
      [p.pageId, 'page'],
    ]);
    const named = (rows: Record<string, unknown>[]) =>
      rows
        .map((row) =>
          JSON.parse(
            [...names].reduce((json, [id, pub]) => json.split(id).join(pub), JSON.stringify(row)),
          ),
        )
        .sort((a, b) => String(a.id).localeCompare(String(b.id)));
    return {
      visitors: named(visitors),
      visits: named(await db.selectFrom('visits').selectAll().execute()),
      events: named(await db.selectFrom('events').selectAll().execute()),
    };
  };

  it('writes what ingesting the beacons one by one writes, and answers the same', async () => {
    // On both sides visitor A is already known from a first beacon, so the batch starts
    // from a stored visitor and a stored visit as well as from new ones.
    const oneByOne = await testDb();
    const p1 = await page(oneByOne);
    const [first1, ...rest1] = mixed(p1);
    await ingestBeacon(oneByOne, first1!);
    const answers1 = [];
    for (const input of rest1) answers1.push(await ingestBeacon(oneByOne, input));

    const batched = await testDb();
    const p2 = await page(batched);
    const [first2, ...rest2] = mixed(p2);
    await ingestBeacon(batched, first2!);
    const answers2 = await transact(batched, (tx) => ingestBeaconsIn(tx, rest2));

    const strip = (a: { visitorId: string }[]) => a.map(({ visitorId: _, ...rest }) => rest);
    expect(strip(answers2)).toEqual(strip(answers1));
    expect(answers2.map((a) => a.accepted)).toEqual([5, 5, 5, 0, 5, 5, 5, 0]);
    const [a, b] = [await written(oneByOne, p1), await written(batched, p2)];
    expect(b.events).toEqual(a.events);
    expect(b.visits).toEqual(a.visits);
    expect(b.visitors).toEqual(a.visitors);
    expect(b.visitors.find((v) => v.public_id === 'visitor-aaaaaaaa')).toMatchObject({
      visits: 3,
      distinct_days: 2,
      sources_json: '["newsletter","linkedin","mail"]',
    });
    expect(b.visitors.find((v) => v.public_id === 'visitor-bbbbbbbb')).toMatchObject({
      visits: 2,
      distinct_days: 2,
    });
  });
});

describe('event retention', () => {
  it('deletes raw events past the workspace retention and keeps the totals', async () => {
    const { purgeOldEvents } = await import('../../src/domain/tracking/retention');
    const { writeWorkspaceSettings } = await import('../../src/domain/workspaces/settings');
    const db = await testDb();
    const p = await page(db);
    await writeWorkspaceSettings(db, p.workspaceId, { eventRetentionDays: 30 });
    await ingestBeacon(db, {
      beacon: visitBeacon('sess-0001', T0 - 40 * DAY),
      ...p,
      receivedAt: T0 - 40 * DAY,
    });
    await ingestBeacon(db, {
      beacon: visitBeacon('sess-0002', T0 - DAY),
      ...p,
      receivedAt: T0 - DAY,
    });
    expect(await purgeOldEvents(db, T0)).toBe(5);
    expect(await db.selectFrom('events').selectAll().execute()).toHaveLength(5);
    expect(
      await db.selectFrom('visitors').select(['visits', 'engaged_ms']).executeTakeFirstOrThrow(),
    ).toEqual({ visits: 2, engaged_ms: 50_000 });
    expect(await db.selectFrom('visits').selectAll().execute()).toHaveLength(2);
  });

  it('refuses a retention under a week', async () => {
    const { writeWorkspaceSettings } = await import('../../src/domain/workspaces/settings');
    const db = await testDb();
    const p = await page(db);
    await expect(
      writeWorkspaceSettings(db, p.workspaceId, { eventRetentionDays: 2 }),
    ).rejects.toThrow(/at least 7 days/);
  });
});

describe('page analytics', () => {
  it('adds up views, visitors, median engaged time, scroll bands, submissions and sources per day', async () => {
    const { pageAnalytics } = await import('../../src/domain/tracking/analytics');
    const db = await testDb();
    const p = await page(db);
    await ingestBeacon(db, {
      beacon: visitBeacon('sess-0001', T0 - DAY),
      ...p,
      receivedAt: T0 - DAY + 60_000,
    });
    await ingestBeacon(db, { beacon: visitBeacon('sess-0002', T0), ...p, receivedAt: T0 + 60_000 });
    const other = { ...visitBeacon('sess-0003', T0), vid: 'visitor-bbbbbbbb' };
    other.events = other.events
      .filter((e) => e.t === 'view')
      .map((e) =>
        e.t === 'view' ? { ...e, url: '/p/tallyhawk', ref: 'https://www.google.com/' } : e,
      );
    await ingestBeacon(db, { beacon: other, ...p, receivedAt: T0 + 60_000 });
    const result = await pageAnalytics(db, { ...p, days: 7, now: T0 + 120_000 });
    expect(result.days).toHaveLength(7);
    const today = result.days.at(-1)!;
    expect(today).toMatchObject({
      views: 2,
      visitors: 2,
      medianEngagedMs: 12_500,
      scroll: [1, 0, 0, 1],
      submissions: 0,
      conversion: 0,
    });
    expect(result.days.at(-2)).toMatchObject({ views: 1, visitors: 1, medianEngagedMs: 25_000 });
    expect(result.totals).toMatchObject({ views: 3, visitors: 2 });
    expect(result.topSources).toEqual([
      { source: 'newsletter', visits: 2 },
      { source: 'google.com', visits: 1 },
    ]);
  });
});
