import { describe, expect, it } from 'vitest';
import { beaconSchema } from '../../src/domain/tracking/beacon';
import { ingestBeacon } from '../../src/domain/tracking/ingest';
import { submitForm } from '../../src/domain/leads/submit';
import { workspaceTraffic } from '../../src/domain/tracking/traffic';
import { conversionOf } from '../../src/domain/tracking/analytics';
import { visitBeacon } from '../helpers/beacons';
import { testDb } from '../helpers/db';
import { publishedTemplatePage, submission } from '../helpers/seed';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 24, 15);

describe('workspace traffic for the dashboard (real database)', () => {
  it('adds up views, unique visitors and submissions by day, by page and in total', async () => {
    const db = await testDb();
    const { page, workspaceId } = await publishedTemplatePage(db, NOW - 20 * DAY);
    const visit = async (vid: string, sid: string, at: number, url = `/p/${page.slug}`) => {
      const beacon = visitBeacon({ page: page.slug, vid, sid, at, url });
      await ingestBeacon(db, {
        beacon: beaconSchema.parse(beacon),
        pageId: page.pageId,
        workspaceId,
        receivedAt: at + 1_000,
      });
    };
    // Ana visits twice today and once yesterday; Ben once today from a newsletter link.
    await visit('browser-ana-0001', 'visit-ana-today-1', NOW - 3 * 3600_000);
    await visit('browser-ana-0001', 'visit-ana-today-2', NOW - 1 * 3600_000);
    await visit('browser-ana-0001', 'visit-ana-yday-1', NOW - DAY);
    await visit(
      'browser-ben-0001',
      'visit-ben-today-1',
      NOW - 2 * 3600_000,
      `/p/${page.slug}?utm_source=newsletter`,
    );
    // Old traffic, outside a 7-day window.
    await visit('browser-old-0001', 'visit-old-00001', NOW - 10 * DAY);
    const sent = await submitForm(db, {
      ...submission(
        page,
        {
          name: 'Ana',
          email: 'ana@initech.com',
          company: 'Initech',
          timeline: 'This month',
          consent: 'on',
        },
        NOW - 3600_000,
      ),
      visitorPublicId: 'browser-ana-0001',
    });
    expect(sent.ok).toBe(true);

    const week = await workspaceTraffic(db, { workspaceId, days: 7, now: NOW });
    expect(week.days).toHaveLength(7);
    expect(week.days.at(-1)).toEqual({ day: '2026-11-24', views: 3, visitors: 2, submissions: 1 });
    expect(week.days.at(-2)).toEqual({ day: '2026-11-23', views: 1, visitors: 1, submissions: 0 });
    expect(week.days.slice(0, 5).every((d) => d.views === 0)).toBe(true);
    // Ana counts once over the week, not once a day.
    expect(week.totals).toEqual({
      views: 4,
      visitors: 2,
      submissions: 1,
      heldSubmissions: 0,
      conversion: 0.5,
    });

    // Five more submissions from browsers the tracker never saw (no consent, GPC): they are
    // submissions, but not among the visitors counted, so conversion stays over the same people.
    for (let i = 0; i < 5; i++)
      expect(
        (
          await submitForm(
            db,
            submission(
              page,
              {
                name: `U${i}`,
                email: `u${i}@initech.com`,
                company: 'Initech',
                timeline: 'This month',
                consent: 'on',
              },
              NOW - 600_000,
            ),
          )
        ).ok,
      ).toBe(true);
    const after = await workspaceTraffic(db, { workspaceId, days: 7, now: NOW });
    expect(after.totals).toMatchObject({ visitors: 2, submissions: 6, conversion: 0.5 });
    expect(after.pages[0]!.conversion).toBe(0.5);
    expect(week.pages).toEqual([
      expect.objectContaining({
        pageId: page.pageId,
        views: 4,
        visitors: 2,
        submissions: 1,
        published: true,
      }),
    ]);
    expect(week.topSources).toEqual([
      { source: 'direct', visits: 3 },
      { source: 'newsletter', visits: 1 },
    ]);
    const month = await workspaceTraffic(db, { workspaceId, days: 30, now: NOW });
    expect(month.totals.visitors).toBe(3);
  });
});

describe('conversion', () => {
  it('counts tracked visitors who became leads, and never a submission held as unqualified', () => {
    const visitors = new Set(['a', 'b', 'c', 'd']);
    expect(
      conversionOf(visitors, [
        { visitor_id: 'a', qualified: 1 },
        { visitor_id: 'a', qualified: 1 },
        { visitor_id: 'b', qualified: 0 },
        { visitor_id: null, qualified: 1 },
        { visitor_id: 'zz', qualified: 1 },
      ]),
    ).toBe(1 / 4);
    // A first lead that is a bot: no 100 % conversion.
    expect(conversionOf(new Set(['bot']), [{ visitor_id: 'bot', qualified: 0 }])).toBe(0);
  });
});
