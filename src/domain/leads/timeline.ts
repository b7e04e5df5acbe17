import type { ActivityData } from './queries';
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
  qualification: (d) => (d.qualified ? 'Marked as qualified' : 'Marked as not a real prospect'),
  field_change: (d) => `${text(d.field)} changed from “${text(d.from)}” to “${text(d.to)}”`,
  status_change: (d) => `Moved from ${status(d.from)} to ${status(d.to)}`,
  assignment: (d) => (d.to ? `Assigned to ${text(d.to)}` : 'Unassigned'),
  note: () => 'Note',
};

export const describeActivity = (a: { type: string; data: ActivityData }): string =>
  DESCRIBE[a.type]?.(a.data) ?? a.type;
