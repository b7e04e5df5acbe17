import { z } from 'zod';
import { consentItems, type ConsentItem } from './consent';
import type { Db } from '../../../db/client';
import type { LeadStatus, Tier } from '../../../db/schema';
import type { BreakdownLine } from '../scoring/score';
import { sourceOf } from '../tracking/aggregates';
import { readStoredAnswers, type StoredAnswers } from './stored-answers';

export type LeadListItem = {
  id: string;
  email: string;
  name: string | null;
  company: string | null;
  score: number;
  tier: Tier;
  status: LeadStatus;
  submissions: number;
  lastTouchAt: number;
  unqualifiedReason: string | null;
};

/** A timeline entry's details: a flat record of what happened (kinds differ by type). */
const activityDataSchema = z.record(z.string(), z.json());
export type ActivityData = z.infer<typeof activityDataSchema>;

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

export type LeadVisit = {
  at: number;
  pageTitle: string;
  engagedMs: number;
  maxScroll: number;
  sectionsSeen: number;
  source: string;
};

export type LeadDetail = LeadListItem & {
  qualified: boolean;
  /** How the lead first came (a UTM source, a referrer), if known. */
  source: string | null;
  /** When they clicked the link of a confirmation mail (double opt-in), if they did. */
  emailConfirmedAt: number | null;
  phone: string | null;
  createdAt: number;
  /** The first tracked visit of any browser linked to the lead, or its first submission. */
  firstSeenAt: number;
  breakdown: BreakdownLine[];
  /** The scoring model version, and when, that gave the score. */
  modelVersion: number;
  scoredAt: number;
  submissionsList: {
    id: string;
    at: number;
    pageTitle: string;
    purpose: string;
    answers: StoredAnswers;
    /** Each consent the form asked for, or null when it asked for none. */
    consent: ConsentItem[] | null;
  }[];
  activity: { type: string; at: number; data: ActivityData; actor: string | null }[];
  assigneeUserId: string | null;
  /** The tracked visits of the lead's browsers, newest first. */
  visits: LeadVisit[];
};

/** The page a lead first came through, for the API's lead detail. */
export const pageOfLead = (db: Db, workspaceId: string, leadId: string) =>
  db
    .selectFrom('leads as l')
    .innerJoin('pages as p', 'p.id', 'l.page_id')
    .select(['p.id', 'p.title'])
    .where('l.id', '=', leadId)
    .where('l.workspace_id', '=', workspaceId)
    .executeTakeFirst();

export async function getLead(
  db: Db,
  workspaceId: string,
  leadId: string,
): Promise<LeadDetail | null> {
  const lead = await db
    .selectFrom('leads')
    .selectAll()
    .where('id', '=', leadId)
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  if (!lead) return null;
  const submissions = await db
    .selectFrom('submissions as s')
    .innerJoin('pages as p', 'p.id', 's.page_id')
    .select([
      's.id',
      's.created_at',
      's.form_purpose',
      's.answers_json',
      's.consent_json',
      's.consent_confirmed_at',
      'p.title',
    ])
    .where('s.lead_id', '=', lead.id)
    .where('s.workspace_id', '=', workspaceId)
    .orderBy('s.created_at', 'desc')
    .execute();
  const activity = await db
    .selectFrom('lead_activity as a')
    .leftJoin('users as u', 'u.id', 'a.actor_user_id')
    .select(['a.type', 'a.at', 'a.data_json', 'u.name as actor_name', 'u.email as actor_email'])
    .where('a.lead_id', '=', lead.id)
    .where('a.workspace_id', '=', workspaceId)
    .orderBy('a.at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(200)
    .execute();
  const firstVisit = await db
    .selectFrom('visits')
    .select((eb) => eb.fn.min<number | null>('started_at').as('at'))
    .where('lead_id', '=', lead.id)
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  const visits = await db
    .selectFrom('visits as v')
    .leftJoin('pages as p', 'p.id', 'v.page_id')
    .select([
      'v.started_at',
      'v.engaged_ms',
      'v.max_scroll',
      'v.blocks_seen_json',
      'v.referrer',
      'v.utm_json',
      'p.title',
    ])
    .where('v.lead_id', '=', lead.id)
    .where('v.workspace_id', '=', workspaceId)
    .orderBy('v.started_at', 'desc')
    .limit(100)
    .execute();
  return {
    id: lead.id,
    email: lead.email,
    name: lead.name,
    company: lead.company,
    phone: lead.phone,
    score: lead.score,
    tier: lead.tier,
    status: lead.status,
    qualified: lead.qualified === 1,
    source: lead.source,
    emailConfirmedAt: lead.email_confirmed_at,
    unqualifiedReason: lead.unqualified_reason,
    submissions: lead.submissions_count,
    lastTouchAt: lead.last_touch_at,
    createdAt: lead.created_at,
    firstSeenAt: Math.min(lead.created_at, Number(firstVisit?.at ?? lead.created_at)),
    breakdown: readBreakdown(lead.breakdown_json),
    modelVersion: lead.model_version,
    scoredAt: lead.scored_at,
    submissionsList: submissions.map((s) => ({
      id: s.id,
      at: s.created_at,
      pageTitle: s.title,
      purpose: s.form_purpose,
      answers: readStoredAnswers(s.answers_json),
      consent: consentItems(s.consent_json, s.consent_confirmed_at),
    })),
    activity: activity.map((a) => ({
      type: a.type,
      at: a.at,
      data: activityDataSchema.parse(JSON.parse(a.data_json)),
      actor: a.actor_name || a.actor_email || null,
    })),
    assigneeUserId: lead.assignee_user_id,
    visits: visits.map((v) => ({
      at: v.started_at,
      pageTitle: v.title ?? 'a deleted page',
      engagedMs: v.engaged_ms,
      maxScroll: v.max_scroll,
      sectionsSeen: z.array(z.string()).catch([]).parse(JSON.parse(v.blocks_seen_json)).length,
      source: sourceOf({
        utm: z.record(z.string(), z.string()).catch({}).parse(JSON.parse(v.utm_json)),
        referrer: v.referrer,
      }),
    })),
  };
}

/**
 * A workspace's leads by tier, and apart the ones held as unqualified (bots, throwaway
 * addresses, two-second forms), which are never counted as hot, warm or cold: one grouped
 * read for the inbox's tabs and the dashboard.
 */
export async function countLeads(
  db: Db,
  workspaceId: string,
): Promise<Record<Tier, number> & { unqualified: number; qualified: number }> {
  const rows = await db
    .selectFrom('leads')
    .select((eb) => ['qualified', 'tier', eb.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId)
    .groupBy(['qualified', 'tier'])
    .execute();
  const counts = { hot: 0, warm: 0, cold: 0, unqualified: 0, qualified: 0 };
  for (const r of rows) {
    if (Number(r.qualified) === 1) {
      counts[r.tier] += Number(r.n);
      counts.qualified += Number(r.n);
    } else counts.unqualified += Number(r.n);
  }
  return counts;
}
