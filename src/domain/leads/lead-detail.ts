import { z } from 'zod';
import { consentItems, type ConsentItem } from './consent';
import type { Db } from '../../../db/client';
import { findLeadRow, leadSummaryOf, readBreakdown, type LeadSummary } from './lead-row';
import type { BreakdownLine } from '../scoring/score';
import { sourceOf } from '../tracking/aggregates';
import { readStoredAnswers, type StoredAnswers } from './stored-answers';
import { submissionVariants, type SubmissionVariant } from '../experiments/submission-variants';

/** A timeline entry's details: a flat record of what happened (kinds differ by type). */
const activityDataSchema = z.record(z.string(), z.json());
export type ActivityData = z.infer<typeof activityDataSchema>;

export type LeadVisit = {
  at: number;
  pageTitle: string;
  engagedMs: number;
  maxScroll: number;
  sectionsSeen: number;
  source: string;
};

export type LeadDetail = LeadSummary & {
  /** When they clicked the link of a confirmation mail (double opt-in), if they did. */
  emailConfirmedAt: number | null;
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
    /** The A/B test variant the visitor was shown, when the page was under test. */
    variant: SubmissionVariant | null;
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
  const lead = await findLeadRow(db, workspaceId, leadId);
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
      's.variant_id',
    ])
    .where('s.lead_id', '=', lead.id)
    .where('s.workspace_id', '=', workspaceId)
    .orderBy('s.created_at', 'desc')
    .execute();
  const variants = await submissionVariants(
    db,
    submissions.map((s) => s.variant_id),
  );
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
    ...leadSummaryOf(lead),
    emailConfirmedAt: lead.email_confirmed_at,
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
      variant: (s.variant_id && variants.get(s.variant_id)) || null,
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
