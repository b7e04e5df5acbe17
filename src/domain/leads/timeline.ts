import type { ActivityData, LeadDetail } from './lead-detail';
import { STATUS_LABELS } from './status';
import type { LeadStatus } from '../../../db/schema';

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const status = (v: unknown) => STATUS_LABELS[v as LeadStatus] ?? text(v);

/** How each kind of timeline entry reads in the admin. Unknown kinds show their type. */
const DESCRIBE: Record<string, (d: ActivityData) => string> = {
  submission: (d) => `Submitted a ${text(d.purpose)} form`,
  tier_change: (d) =>
    d.from
      ? `Tier changed from ${text(d.from)} to ${text(d.to)} (score ${text(d.score)})${d.cause ? `: ${text(d.cause)}` : ''}`
      : `Scored ${text(d.to)} (score ${text(d.score)})`,
  visit: (d) => `Came back to the page (from ${text(d.source ?? 'direct')})`,
  score_change: (d) =>
    `Score ${Number(d.to) > Number(d.from) ? 'rose' : 'fell'} from ${text(d.from)} to ${text(d.to)}, still ${text(d.tier)}: ${text(d.cause)}`,
  qualification: (d) => (d.qualified ? 'Marked as qualified' : 'Marked as not a real prospect'),
  field_change: (d) => `${text(d.field)} changed from “${text(d.from)}” to “${text(d.to)}”`,
  status_change: (d) => `Moved from ${status(d.from)} to ${status(d.to)}`,
  assignment: (d) => (d.to ? `Assigned to ${text(d.to)}` : 'Unassigned'),
  note: () => 'Note',
  email_confirmed: () => 'Confirmed their email address (the link in the confirmation mail)',
  browser_handover: (d) =>
    d.direction === 'out'
      ? 'Another person identified themselves on this browser: its visits from then on are theirs'
      : 'Identified themselves on a browser another lead had used: their visits before stay with that lead',
};

export const describeActivity = (a: { type: string; data: ActivityData }): string =>
  DESCRIBE[a.type]?.(a.data) ?? a.type;

export type TimelineEntry = {
  at: number;
  kind: string;
  title: string;
  /** A note's text, or a visit's figures. */
  detail: string | null;
  actor: string | null;
};

const seconds = (ms: number) =>
  ms >= 60_000
    ? `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`
    : `${Math.round(ms / 1000)} s`;

/**
 * Every touch on one line each, newest first: the timeline's entries and the tracked visits
 * with what the visitor did. A returning visit is recorded both ways; the visit itself,
 * with its figures, is the one shown.
 */
export function leadTimeline(lead: Pick<LeadDetail, 'activity' | 'visits'>): TimelineEntry[] {
  const entries: TimelineEntry[] = lead.activity
    .filter((a) => a.type !== 'visit')
    .map((a) => ({
      at: a.at,
      kind: a.type,
      title: describeActivity(a),
      detail: a.type === 'note' ? text(a.data.text) : null,
      actor: a.actor,
    }));
  for (const v of lead.visits)
    entries.push({
      at: v.at,
      kind: 'visit',
      title: `Visited ${v.pageTitle} (from ${v.source})`,
      detail: [
        `Read for ${seconds(v.engagedMs)}`,
        `scrolled ${v.maxScroll} %`,
        v.sectionsSeen ? `saw ${v.sectionsSeen} section${v.sectionsSeen === 1 ? '' : 's'}` : '',
      ]
        .filter(Boolean)
        .join(', '),
      actor: null,
    });
  return entries.sort((a, b) => b.at - a.at);
}
