import { z } from 'zod';
import type { Db } from '../../../db/client';
import { sourceOf, utcDay } from './aggregates';

export type DayStats = {
  day: string;
  views: number;
  visitors: number;
  medianEngagedMs: number;
  /** Visits whose deepest scroll fell in 0–24 %, 25–49 %, 50–74 %, 75–100 %. */
  scroll: [number, number, number, number];
  submissions: number;
  /**
   * Tracked visitors who submitted, over tracked visitors, 0–1: both counted over the same
   * visitors, so submissions from untracked browsers (no consent, GPC) never push it past 1.
   */
  conversion: number;
};
export type PageAnalytics = {
  days: DayStats[];
  totals: Omit<DayStats, 'day'>;
  topSources: { source: string; visits: number }[];
};

type VisitRow = {
  started_at: number;
  visitor_id: string;
  pages_viewed: number;
  engaged_ms: number;
  max_scroll: number;
  referrer: string | null;
  utm_json: string;
};

const utmSchema = z.record(z.string(), z.string());
const isoDay = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

function median(values: number[]): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

type SubmissionRow = { created_at: number; visitor_id: string | null };

function stats(visits: VisitRow[], submissions: SubmissionRow[]): Omit<DayStats, 'day'> {
  const seen = new Set(visits.map((v) => v.visitor_id));
  const visitors = seen.size;
  const scroll: DayStats['scroll'] = [0, 0, 0, 0];
  for (const v of visits) {
    const band = Math.min(3, Math.floor(v.max_scroll / 25)) as 0 | 1 | 2 | 3;
    scroll[band]++;
  }
  return {
    views: visits.reduce((n, v) => n + v.pages_viewed, 0),
    visitors,
    medianEngagedMs: median(visits.map((v) => v.engaged_ms)),
    scroll,
    submissions: submissions.length,
    conversion: conversionOf(seen, submissions),
  };
}

/**
 * The share of these visitors who became leads: the submitters counted among them only, and
 * submissions held as unqualified (bots, throwaway addresses) left out.
 */
export function conversionOf(
  visitors: ReadonlySet<string>,
  submissions: readonly { visitor_id: string | null; qualified?: number }[],
): number {
  if (!visitors.size) return 0;
  const converted = new Set(
    submissions.flatMap((s) =>
      s.visitor_id && s.qualified !== 0 && visitors.has(s.visitor_id) ? [s.visitor_id] : [],
    ),
  );
  return converted.size / visitors.size;
}

/** A page's daily figures over the last `days` days (UTC), from visit totals and submissions. */
export async function pageAnalytics(
  db: Db,
  input: { workspaceId: string; pageId: string; days: number; now: number },
): Promise<PageAnalytics> {
  const lastDay = utcDay(input.now);
  const since = (lastDay - input.days + 1) * 86_400_000;
  const visits = await db
    .selectFrom('visits')
    .select([
      'started_at',
      'visitor_id',
      'pages_viewed',
      'engaged_ms',
      'max_scroll',
      'referrer',
      'utm_json',
    ])
    .where('workspace_id', '=', input.workspaceId)
    .where('page_id', '=', input.pageId)
    .where('started_at', '>=', since)
    .execute();
  const submissions = await db
    .selectFrom('submissions as s')
    .innerJoin('leads as l', 'l.id', 's.lead_id')
    .select(['s.created_at', 's.visitor_id', 'l.qualified'])
    .where('s.workspace_id', '=', input.workspaceId)
    .where('s.page_id', '=', input.pageId)
    .where('s.created_at', '>=', since)
    .execute();
  const days: DayStats[] = [];
  for (let day = lastDay - input.days + 1; day <= lastDay; day++) {
    const ofDay = visits.filter((v) => utcDay(v.started_at) === day);
    days.push({
      day: isoDay(day),
      ...stats(
        ofDay,
        submissions.filter((s) => utcDay(s.created_at) === day),
      ),
    });
  }
  const sources = new Map<string, number>();
  for (const v of visits) {
    const source = sourceOf({ utm: utmSchema.parse(JSON.parse(v.utm_json)), referrer: v.referrer });
    sources.set(source, (sources.get(source) ?? 0) + 1);
  }
  return {
    days,
    totals: stats(visits, submissions),
    topSources: [...sources]
      .map(([source, n]) => ({ source, visits: n }))
      .sort((a, b) => b.visits - a.visits)
      .slice(0, 8),
  };
}
