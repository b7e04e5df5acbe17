import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import type { Tier } from '../../../db/schema';
import { sourceOf, utcDay } from './aggregates';

const DAY_MS = 86_400_000;
const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const utmSchema = z.record(z.string(), z.string());
const dayOf = sql<number>`started_at / ${sql.lit(DAY_MS)}`;
const submittedDay = sql<number>`created_at / ${sql.lit(DAY_MS)}`;
/** Converted visitors over visitors: both counted over the same tracked visitors. */
const conversion = (converted: number, visitors: number) => (visitors ? converted / visitors : 0);

export type TrafficDay = { day: string; views: number; visitors: number; submissions: number };
export type PageTraffic = {
  pageId: string;
  title: string;
  slug: string;
  published: boolean;
  views: number;
  visitors: number;
  submissions: number;
  conversion: number;
  /** Qualified leads whose latest submission was on this page, by tier (all time). */
  leads: Record<Tier, number>;
};
export type WorkspaceTraffic = {
  days: TrafficDay[];
  totals: {
    views: number;
    visitors: number;
    submissions: number;
    /** Of the submissions, those from leads held as unqualified. */
    heldSubmissions: number;
    conversion: number;
  };
  pages: PageTraffic[];
  topSources: { source: string; visits: number }[];
};

/**
 * A workspace's traffic over the last `days` UTC days, added up in the database: by day
 * (the trend), by page, and in total (unique visitors counted once over the period), with
 * where visits came from (UTM source, else the referring site, else direct).
 */
export async function workspaceTraffic(
  db: Db,
  input: { workspaceId: string; days: number; now: number },
): Promise<WorkspaceTraffic> {
  const lastDay = utcDay(input.now);
  const firstDay = lastDay - input.days + 1;
  const since = firstDay * DAY_MS;
  const visits = db
    .selectFrom('visits')
    .where('workspace_id', '=', input.workspaceId)
    .where('started_at', '>=', since);
  const submissions = db
    .selectFrom('submissions')
    .where('workspace_id', '=', input.workspaceId)
    .where('created_at', '>=', since);
  // Tracked visitors who submitted on a page they visited in the period: the same people
  // the visitor counts are made of (a submission from an untracked browser is not among them).
  // Held leads (bots, throwaway addresses) are no conversion: a bot must not read as 100 %.
  const converted = db
    .selectFrom('submissions as s')
    .innerJoin('leads as l', 'l.id', 's.lead_id')
    .where('s.workspace_id', '=', input.workspaceId)
    .where('s.created_at', '>=', since)
    .where('s.visitor_id', 'is not', null)
    .where('l.qualified', '=', 1)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('visits as v')
          .select('v.id')
          .whereRef('v.visitor_id', '=', 's.visitor_id')
          .whereRef('v.page_id', '=', 's.page_id')
          .where('v.started_at', '>=', since),
      ),
    );
  const [convertedByPage, convertedTotal] = await Promise.all([
    converted
      .select((eb) => ['s.page_id', eb.fn.count<number>('s.visitor_id').distinct().as('n')])
      .groupBy('s.page_id')
      .execute(),
    converted
      .select((eb) => eb.fn.count<number>('s.visitor_id').distinct().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  const pageConverted = new Map(convertedByPage.map((r) => [r.page_id, Number(r.n)]));
  // Submissions of the period whose lead is held as unqualified: counted, never a tier.
  const held = await db
    .selectFrom('submissions as s')
    .innerJoin('leads as l', 'l.id', 's.lead_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('s.workspace_id', '=', input.workspaceId)
    .where('s.created_at', '>=', since)
    .where('l.qualified', '=', 0)
    .executeTakeFirstOrThrow();
  const [byDay, subsByDay, byPage, subsByPage, total, sources, pages, tiers] = await Promise.all([
    visits
      .select((eb) => [
        dayOf.as('day'),
        eb.fn.sum<number>('pages_viewed').as('views'),
        eb.fn.count<number>('visitor_id').distinct().as('visitors'),
      ])
      .groupBy(dayOf)
      .execute(),
    submissions
      .select((eb) => [submittedDay.as('day'), eb.fn.countAll<number>().as('n')])
      .groupBy(submittedDay)
      .execute(),
    visits
      .select((eb) => [
        'page_id',
        eb.fn.sum<number>('pages_viewed').as('views'),
        eb.fn.count<number>('visitor_id').distinct().as('visitors'),
      ])
      .groupBy('page_id')
      .execute(),
    submissions
      .select((eb) => ['page_id', eb.fn.countAll<number>().as('n')])
      .groupBy('page_id')
      .execute(),
    visits
      .select((eb) => [
        eb.fn.sum<number>('pages_viewed').as('views'),
        eb.fn.count<number>('visitor_id').distinct().as('visitors'),
      ])
      .executeTakeFirstOrThrow(),
    visits
      .select((eb) => ['referrer', 'utm_json', eb.fn.countAll<number>().as('n')])
      .groupBy(['referrer', 'utm_json'])
      .execute(),
    db
      .selectFrom('pages')
      .select(['id', 'title', 'slug', 'published_version_id'])
      .where('workspace_id', '=', input.workspaceId)
      .where('variant_of', 'is', null)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('leads')
      .select((eb) => ['page_id', 'tier', eb.fn.countAll<number>().as('n')])
      .where('workspace_id', '=', input.workspaceId)
      .where('qualified', '=', 1)
      .groupBy(['page_id', 'tier'])
      .execute(),
  ]);
  const leadsOf = (pageId: string) => {
    const counts: Record<Tier, number> = { hot: 0, warm: 0, cold: 0 };
    for (const t of tiers) if (t.page_id === pageId) counts[t.tier] = Number(t.n);
    return counts;
  };

  const views = new Map(byDay.map((r) => [Number(r.day), r]));
  const subs = new Map(subsByDay.map((r) => [Number(r.day), Number(r.n)]));
  const days: TrafficDay[] = [];
  for (let day = firstDay; day <= lastDay; day++)
    days.push({
      day: isoDay(day),
      views: Number(views.get(day)?.views ?? 0),
      visitors: Number(views.get(day)?.visitors ?? 0),
      submissions: subs.get(day) ?? 0,
    });

  const pageVisits = new Map(byPage.map((r) => [r.page_id, r]));
  const pageSubs = new Map(subsByPage.map((r) => [r.page_id, Number(r.n)]));
  const perSource = new Map<string, number>();
  for (const r of sources) {
    const utm = utmSchema.safeParse(JSON.parse(r.utm_json)).data ?? {};
    const source = sourceOf({ utm, referrer: r.referrer });
    perSource.set(source, (perSource.get(source) ?? 0) + Number(r.n));
  }
  const totalSubmissions = [...pageSubs.values()].reduce((a, b) => a + b, 0);
  const visitors = Number(total.visitors ?? 0);
  return {
    days,
    totals: {
      views: Number(total.views ?? 0),
      visitors,
      submissions: totalSubmissions,
      heldSubmissions: Number(held.n),
      conversion: conversion(Number(convertedTotal.n), visitors),
    },
    pages: pages.map((p) => {
      const v = pageVisits.get(p.id);
      const s = pageSubs.get(p.id) ?? 0;
      return {
        pageId: p.id,
        title: p.title,
        slug: p.slug,
        published: p.published_version_id !== null,
        views: Number(v?.views ?? 0),
        visitors: Number(v?.visitors ?? 0),
        submissions: s,
        conversion: conversion(pageConverted.get(p.id) ?? 0, Number(v?.visitors ?? 0)),
        leads: leadsOf(p.id),
      };
    }),
    topSources: [...perSource]
      .map(([source, n]) => ({ source, visits: n }))
      .sort((a, b) => b.visits - a.visits)
      .slice(0, 8),
  };
}
