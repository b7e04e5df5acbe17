import { z } from 'zod';
import type { Db } from '../../../db/client';
import { findLeadRow } from './lead-row';
import { submissionVariants } from '../experiments/submission-variants';

const json = z.json();
/** A stored JSON column, parsed and checked to be JSON (it is our own, but read like input). */
const parsed = (text: string | null) => (text === null ? null : json.parse(JSON.parse(text)));
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * Everything stored about one lead, for a data-protection access request: the lead, every
 * submission with its answers and consent, the timeline, and each browser they used with
 * the visits credited to them and their raw events. Null when the lead is not in the workspace. The salted IP hash is
 * left out: it identifies nobody and only serves rate limits and spam checks.
 */
export async function leadData(db: Db, workspaceId: string, leadId: string) {
  const lead = await findLeadRow(db, workspaceId, leadId);
  if (!lead) return null;
  const [submissions, activity, visits] = await Promise.all([
    db
      .selectFrom('submissions as s')
      .leftJoin('pages as p', 'p.id', 's.page_id')
      .select([
        's.variant_id',
        's.id',
        's.created_at',
        'p.title as page',
        's.form_purpose',
        's.answers_json',
        's.consent_json',
        's.flags_json',
        's.user_agent',
      ])
      .where('s.lead_id', '=', leadId)
      .where('s.workspace_id', '=', workspaceId)
      .orderBy('s.created_at')
      .execute(),
    db
      .selectFrom('lead_activity')
      .select(['type', 'at', 'data_json'])
      .where('lead_id', '=', leadId)
      .where('workspace_id', '=', workspaceId)
      .orderBy('at')
      .execute(),
    db
      .selectFrom('visits')
      .selectAll()
      .where('lead_id', '=', leadId)
      .where('workspace_id', '=', workspaceId)
      .orderBy('started_at')
      .execute(),
  ]);
  const variants = await submissionVariants(
    db,
    submissions.map((s) => s.variant_id),
  );
  const visitIds = visits.map((v) => v.id);
  const events = visitIds.length
    ? await db
        .selectFrom('events')
        .select(['visit_id', 'type', 'at', 'data_json'])
        .where('visit_id', 'in', visitIds)
        .orderBy('at')
        .execute()
    : [];
  const browsers = [...new Set(visits.map((v) => v.visitor_id))].map((id) =>
    visits.filter((v) => v.visitor_id === id),
  );
  return {
    exportedAt: new Date().toISOString(),
    lead: {
      id: lead.id,
      email: lead.email,
      name: lead.name,
      company: lead.company,
      phone: lead.phone,
      fields: parsed(lead.fields_json),
      score: lead.score,
      tier: lead.tier,
      breakdown: parsed(lead.breakdown_json),
      status: lead.status,
      source: lead.source,
      qualified: lead.qualified === 1,
      unqualifiedReason: lead.unqualified_reason,
      createdAt: iso(lead.created_at),
      lastTouchAt: iso(lead.last_touch_at),
    },
    submissions: submissions.map((s) => ({
      id: s.id,
      at: iso(s.created_at),
      page: s.page,
      purpose: s.form_purpose,
      answers: parsed(s.answers_json),
      consent: parsed(s.consent_json),
      flags: parsed(s.flags_json),
      userAgent: s.user_agent,
      variant: (s.variant_id && variants.get(s.variant_id)) || null,
    })),
    timeline: activity.map((a) => ({ type: a.type, at: iso(a.at), data: parsed(a.data_json) })),
    browsers: browsers.map((visitsOn) => ({
      firstSeenAt: iso(visitsOn[0]!.started_at),
      lastSeenAt: iso(Math.max(...visitsOn.map((x) => x.last_event_at))),
      visits: visitsOn.map((x) => ({
        startedAt: iso(x.started_at),
        engagedMs: x.engaged_ms,
        maxScroll: x.max_scroll,
        blocksSeen: parsed(x.blocks_seen_json),
        referrer: x.referrer,
        utm: parsed(x.utm_json),
        device: x.device,
        events: events
          .filter((e) => e.visit_id === x.id)
          .map((e) => ({ type: e.type, at: iso(e.at), data: parsed(e.data_json) })),
      })),
    })),
  };
}
