import { z } from 'zod';
import type { Db } from '../../../db/client';
import type { Tier } from '../../../db/schema';
import { TIER_GUIDE } from '../scoring/tiers';
import { readStoredAnswers } from '../leads/stored-answers';
import { submissionVariants } from '../experiments/submission-variants';
import { LEAD_SUMMARY_COLUMNS, leadSummaryOf, readBreakdown } from '../leads/lead-row';
import { hasLiveEndpoint } from './live-endpoints';
import { consentItems } from '../leads/consent';
import { envelope, type WebhookLead } from './payloads';

/**
 * The events a webhook endpoint can subscribe to, and what each payload holds (version 1,
 * documented in docs/webhooks.md). Every payload is an envelope `{ type, version,
 * timestamp, data }`; its bytes are fixed when the event happens, so retries and resends
 * send exactly what the first attempt sent.
 */
export const WEBHOOK_EVENTS = {
  'lead.created': 'A new lead submits a form: answers, tier, score and its reasons',
  'lead.tier_changed': "A lead's tier changes (from, to, and why)",
  'lead.updated': "A lead's status, assignee or notes change, or the lead submits again",
  'page.published': 'A page is published',
} as const;
export type WebhookEventType = keyof typeof WEBHOOK_EVENTS;
export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as [
  WebhookEventType,
  ...WebhookEventType[],
];

export type WebhookEvent = {
  workspaceId: string;
  /** The same for every endpoint it goes to; receivers de-duplicate on it (webhook-id). */
  id: string;
  type: WebhookEventType | 'webhook.test';
  /** What endpoints filter on. */
  pageId: string | null;
  tier: Tier | null;
  payload: string;
};

/** The lead as a payload shows it: everything a CRM needs to act on it. */
async function leadSnapshot(
  db: Db,
  leadId: string,
  submissionId: string | null,
  adminOrigin: string,
) {
  const lead = await db
    .selectFrom('leads as l')
    .leftJoin('pages as p', 'p.id', 'l.page_id')
    .leftJoin('users as u', 'u.id', 'l.assignee_user_id')
    .select(LEAD_SUMMARY_COLUMNS.map((c) => `l.${c}` as const))
    .select([
      'p.title as page_title',
      'p.slug as page_slug',
      'u.email as assignee_email',
      'u.name as assignee_name',
    ])
    .where('l.id', '=', leadId)
    .executeTakeFirst();
  if (!lead) return null;
  const submission = await db
    .selectFrom('submissions')
    .select(['id', 'answers_json', 'consent_json', 'consent_confirmed_at', 'created_at'])
    .select('variant_id')
    .where('lead_id', '=', leadId)
    .$if(submissionId !== null, (q) => q.where('id', '=', submissionId!))
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const summary = leadSummaryOf(lead);
  const data: WebhookLead = {
    id: summary.id,
    email: summary.email,
    name: summary.name,
    company: summary.company,
    phone: summary.phone,
    score: summary.score,
    tier: summary.tier,
    status: summary.status,
    assignee: lead.assignee_email ? { email: lead.assignee_email, name: lead.assignee_name } : null,
    source: summary.source,
    breakdown: readBreakdown(lead.breakdown_json).map((b) => ({
      evidence: b.evidence,
      points: b.points,
    })),
    nextStep: TIER_GUIDE[summary.tier].nextStep,
    page: summary.pageId
      ? { id: summary.pageId, title: lead.page_title, slug: lead.page_slug }
      : null,
    submission: submission
      ? {
          id: submission.id,
          at: new Date(submission.created_at).toISOString(),
          answers: readStoredAnswers(submission.answers_json).map((a) => ({
            name: a.name,
            label: a.label,
            value: a.value,
          })),
          consent: consentItems(submission.consent_json, submission.consent_confirmed_at),
          variant:
            (await submissionVariants(db, [submission.variant_id])).get(
              submission.variant_id ?? '',
            ) ?? null,
        }
      : null,
    createdAt: new Date(summary.createdAt).toISOString(),
    url: `${adminOrigin}/admin/leads/${summary.id}`,
  };
  return { lead, data };
}

const activityData = {
  submission: z.object({ submissionId: z.string() }).loose(),
  tier_change: z
    .object({
      from: z.enum(['hot', 'warm', 'cold']).nullable(),
      to: z.enum(['hot', 'warm', 'cold']),
      reasons: z.array(z.string()).optional(),
      cause: z.string().optional(),
    })
    .loose(),
  status_change: z.object({ from: z.string(), to: z.string() }).loose(),
  assignment: z.object({ to: z.string().nullable() }).loose(),
  note: z.object({ text: z.string() }).loose(),
};
/** The timeline entries that are webhook events. */
export const WEBHOOK_ACTIVITY_TYPES = new Set(Object.keys(activityData));

/**
 * The webhook event a lead's timeline entry is, or null (not an event, a lead flagged as
 * spam, or a first scoring, which lead.created already tells).
 */
export async function eventOfActivity(
  db: Db,
  activityId: string,
  adminOrigin: string,
): Promise<WebhookEvent | null> {
  const activity = await db
    .selectFrom('lead_activity')
    .select(['id', 'workspace_id', 'type', 'lead_id', 'data_json', 'at'])
    .where('id', '=', activityId)
    .executeTakeFirst();
  if (!activity || !WEBHOOK_ACTIVITY_TYPES.has(activity.type)) return null;
  // Most workspaces have no endpoint: their alert jobs must not pay for building payloads.
  if (!(await hasLiveEndpoint(db, activity.workspace_id))) return null;
  const raw: unknown = JSON.parse(activity.data_json);
  const at = activity.at;
  const base = (lead: { page_id: string | null; tier: Tier }) => ({
    workspaceId: activity.workspace_id,
    id: `evt_${activity.id}`,
    pageId: lead.page_id,
    tier: lead.tier,
  });
  if (activity.type === 'submission') {
    const data = activityData.submission.safeParse(raw);
    if (!data.success) return null;
    const snap = await leadSnapshot(db, activity.lead_id, data.data.submissionId, adminOrigin);
    if (!snap || !snap.lead.qualified) return null;
    const earlier = await db
      .selectFrom('submissions')
      .select('id')
      .where('lead_id', '=', activity.lead_id)
      .where('id', '!=', data.data.submissionId)
      .where('created_at', '<=', at)
      .limit(1)
      .executeTakeFirst();
    return earlier
      ? {
          ...base(snap.lead),
          type: 'lead.updated',
          payload: envelope('lead.updated', at, { change: 'submission', lead: snap.data }),
        }
      : {
          ...base(snap.lead),
          type: 'lead.created',
          payload: envelope('lead.created', at, { lead: snap.data }),
        };
  }
  const snap = await leadSnapshot(db, activity.lead_id, null, adminOrigin);
  if (!snap || !snap.lead.qualified) return null;
  if (activity.type === 'tier_change') {
    const data = activityData.tier_change.safeParse(raw);
    if (!data.success || data.data.from === null) return null;
    const change = {
      from: data.data.from,
      to: data.data.to,
      why: data.data.cause ?? null,
      reasons: data.data.reasons ?? [],
    };
    return {
      ...base(snap.lead),
      type: 'lead.tier_changed',
      payload: envelope('lead.tier_changed', at, { ...change, lead: snap.data }),
    };
  }
  const updates = {
    status_change: (d: unknown) => {
      const p = activityData.status_change.safeParse(d);
      return p.success ? { change: 'status' as const, from: p.data.from, to: p.data.to } : null;
    },
    assignment: (d: unknown) => {
      const p = activityData.assignment.safeParse(d);
      return p.success ? { change: 'assignee' as const, to: p.data.to } : null;
    },
    note: (d: unknown) => {
      const p = activityData.note.safeParse(d);
      return p.success ? { change: 'note' as const, note: p.data.text } : null;
    },
  } as const;
  const change = updates[activity.type as keyof typeof updates](raw);
  if (!change) return null;
  return {
    ...base(snap.lead),
    type: 'lead.updated',
    payload: envelope('lead.updated', at, { ...change, lead: snap.data }),
  };
}

/** page.published for a new published version. */
export async function eventOfPublish(
  db: Db,
  versionId: string,
  pagesOrigin: string,
): Promise<WebhookEvent | null> {
  const version = await db
    .selectFrom('page_versions as v')
    .innerJoin('pages as p', 'p.id', 'v.page_id')
    .select([
      'v.id',
      'v.workspace_id',
      'v.page_id',
      'v.version_no',
      'v.published_at',
      'p.title',
      'p.slug',
    ])
    .where('v.id', '=', versionId)
    .executeTakeFirst();
  if (!version) return null;
  return {
    workspaceId: version.workspace_id,
    id: `evt_${version.id}`,
    type: 'page.published',
    pageId: version.page_id,
    tier: null,
    payload: envelope('page.published', version.published_at, {
      page: {
        id: version.page_id,
        title: version.title,
        slug: version.slug,
        url: `${pagesOrigin}/p/${version.slug}`,
      },
      version: version.version_no,
    }),
  };
}
