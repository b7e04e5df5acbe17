import { z } from 'zod';
import type { Db } from '../../../db/client';
import type { BreakdownLine } from '../scoring/score';
import type { LeadRow, LeadStatus, Tier } from '../../../db/schema';

/*
 * A lead as every list and page shows it: one list of columns, one type, one mapping from
 * the row. The inbox, the lead page, the API and the data-protection export read it here.
 */

/** The columns a lead's summary is made from. */
export const LEAD_SUMMARY_COLUMNS = [
  'id',
  'email',
  'name',
  'company',
  'phone',
  'score',
  'tier',
  'status',
  'source',
  'qualified',
  'page_id',
  'submissions_count',
  'last_touch_at',
  'created_at',
  'breakdown_json',
  'unqualified_reason',
] as const;

export type LeadSummary = {
  id: string;
  email: string;
  name: string | null;
  company: string | null;
  phone: string | null;
  score: number;
  tier: Tier;
  status: LeadStatus;
  /** Held as unqualified (a bot, a throwaway address, a two-second form) or not. */
  qualified: boolean;
  /** How the lead first came (a UTM source, a referrer), if known. */
  source: string | null;
  pageId: string | null;
  submissions: number;
  lastTouchAt: number;
  createdAt: number;
  unqualifiedReason: string | null;
};

export const leadSummaryOf = (
  row: Pick<LeadRow, (typeof LEAD_SUMMARY_COLUMNS)[number]>,
): LeadSummary => ({
  id: row.id,
  email: row.email,
  name: row.name,
  company: row.company,
  phone: row.phone,
  score: row.score,
  tier: row.tier,
  status: row.status,
  qualified: row.qualified === 1,
  source: row.source,
  pageId: row.page_id,
  submissions: row.submissions_count,
  lastTouchAt: row.last_touch_at,
  createdAt: row.created_at,
  unqualifiedReason: row.unqualified_reason,
});

/** A lead's whole row, only when it is in the workspace. */
export const findLeadRow = (db: Db, workspaceId: string, leadId: string) =>
  db
    .selectFrom('leads')
    .selectAll()
    .where('id', '=', leadId)
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();

/** The score's breakdown column, parsed like any stored JSON. */
const breakdownSchema = z.array(
  z.object({
    rule: z.string(),
    group: z.enum(['touches', 'engagement', 'intent', 'fit', 'negative']),
    points: z.number(),
    evidence: z.string(),
  }),
);
export const readBreakdown = (json: string): BreakdownLine[] =>
  breakdownSchema.parse(JSON.parse(json));
