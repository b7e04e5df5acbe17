import type { LeadStatus } from '../../../db/schema';

export const LEAD_STATUSES = [
  'new',
  'contacted',
  'qualified',
  'won',
  'lost',
] as const satisfies readonly LeadStatus[];

/** The pipeline a lead moves along, in order, with the words the admin shows. */
export const STATUS_LABELS: Record<LeadStatus, string> = {
  new: 'New',
  contacted: 'Contacted',
  qualified: 'Qualified',
  won: 'Won',
  lost: 'Lost',
};
