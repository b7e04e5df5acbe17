import { deviceFor, parseUtm, type Utm } from './utm';
import type { TrackedEvent } from './beacon';

/** What a visit adds up to: scoring and the admin read these, never the raw events. */
export type VisitAggregate = {
  startedAt: number;
  lastEventAt: number;
  engagedMs: number;
  maxScroll: number;
  blocksSeen: string[];
  clicks: number;
  pagesViewed: number;
  referrer: string | null;
  utm: Utm;
  device: string | null;
};

export const emptyVisit = (at: number): VisitAggregate => ({
  startedAt: at,
  lastEventAt: at,
  engagedMs: 0,
  maxScroll: 0,
  blocksSeen: [],
  clicks: 0,
  pagesViewed: 0,
  referrer: null,
  utm: {},
  device: null,
});

const MAX_BLOCKS = 60;

/** Folds new events into a visit. Pure; each event must be applied once (ids dedupe). */
export function applyEvents(visit: VisitAggregate, events: TrackedEvent[]): VisitAggregate {
  const next = { ...visit, blocksSeen: [...visit.blocksSeen], utm: { ...visit.utm } };
  for (const e of events) {
    next.startedAt = Math.min(next.startedAt, e.at);
    next.lastEventAt = Math.max(next.lastEventAt, e.at);
    switch (e.t) {
      case 'view':
        next.pagesViewed++;
        if (next.pagesViewed === 1) {
          next.referrer = e.ref || null;
          next.utm = e.utm ?? parseUtm(e.url);
          next.device = e.device ?? deviceFor(e.vw);
        }
        break;
      case 'engaged':
        next.engagedMs += e.ms;
        break;
      case 'scroll':
        next.maxScroll = Math.max(next.maxScroll, e.pct);
        break;
      case 'seen':
        if (!next.blocksSeen.includes(e.block) && next.blocksSeen.length < MAX_BLOCKS)
          next.blocksSeen.push(e.block);
        break;
      case 'click':
        next.clicks++;
        break;
      default:
        break;
    }
  }
  return next;
}

/** Where a visit came from, for the visitor's list of sources. */
export function sourceOf(visit: Pick<VisitAggregate, 'utm' | 'referrer'>): string {
  if (visit.utm.source) return visit.utm.source;
  if (visit.referrer) {
    try {
      return new URL(visit.referrer).hostname.replace(/^www\./, '');
    } catch {
      return 'referral';
    }
  }
  return 'direct';
}

export const utcDay = (ms: number): number => Math.floor(ms / 86_400_000);
