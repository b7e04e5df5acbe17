import { z } from 'zod';
import type { Db } from '../../../db/client';
import type { LeadRow, LeadUpdate } from '../../../db/schema';
import { queueJobs } from '../jobs/kinds';
import { newId } from '../../shared/ids';
import { hasLiveEndpoint } from '../webhooks/live-endpoints';
import type { StoredAnswers } from './stored-answers';

export type ActivityEntry = {
  workspaceId: string;
  leadId: string;
  type: string;
  at: number;
  actorUserId?: string;
  data: Record<string, unknown>;
};

/** What members' alerts act on. */
const isAlertEvent = (e: ActivityEntry) =>
  e.type === 'submission' || (e.type === 'tier_change' && e.data.to === 'hot');
/**
 * What webhooks also tell: every tier change, status, assignee and note; they become jobs
 * only in workspaces with a live endpoint (a re-score moving 40,000 tiers in a workspace
 * without webhooks queues nothing).
 */
const WEBHOOK_ONLY = new Set(['tier_change', 'status_change', 'assignment', 'note']);

/**
 * Adds entries to lead timelines, all in one statement, and the events among them. The
 * entries that leave Kindling (alerts and webhooks) each get a job in the same transaction
 * as the entry itself, a transactional outbox, so an event is neither lost when the process
 * stops after the commit nor sent for a change that rolled back.
 */
export async function recordActivity(db: Db, ...entries: ActivityEntry[]): Promise<void> {
  if (!entries.length) return;
  const needsCheck = entries.filter((e) => !isAlertEvent(e) && WEBHOOK_ONLY.has(e.type));
  const hooked = new Set<string>();
  for (const workspaceId of new Set(needsCheck.map((e) => e.workspaceId)))
    if (await hasLiveEndpoint(db, workspaceId)) hooked.add(workspaceId);
  const isLeadEvent = (e: ActivityEntry) =>
    isAlertEvent(e) || (WEBHOOK_ONLY.has(e.type) && hooked.has(e.workspaceId));
  const rows = entries.map((e) => ({
    id: newId(e.at),
    workspace_id: e.workspaceId,
    lead_id: e.leadId,
    type: e.type,
    at: e.at,
    actor_user_id: e.actorUserId ?? null,
    data_json: JSON.stringify(e.data),
  }));
  await db.insertInto('lead_activity').values(rows).execute();
  await queueJobs(
    db,
    entries.flatMap((e, i) =>
      isLeadEvent(e)
        ? [
            {
              kind: 'lead-event' as const,
              key: `lead-event:${rows[i]!.id}`,
              payload: { activityId: rows[i]!.id },
              runAt: e.at,
              workspaceId: e.workspaceId,
            },
          ]
        : [],
    ),
    entries[0]!.at,
  );
}

const fieldsSchema = z.record(z.string().max(40), z.string().max(5000));

/** The answers that describe the person, by meaning, copied onto the lead. */
const PROFILE_MEANINGS: Record<string, 'name' | 'company' | 'phone' | null> = {
  name: 'name',
  company: 'company',
  phone: 'phone',
  job_title: null,
  team_size: null,
  budget: null,
  timeline: null,
};

/**
 * Merges a submission's profile answers into the lead. A newer answer wins, and every
 * value it replaces is kept in the lead's activity, so nothing is overwritten silently.
 */
export async function mergeLeadFields(
  db: Db,
  lead: LeadRow,
  answers: StoredAnswers,
  now: number,
): Promise<LeadUpdate> {
  const fields = fieldsSchema.parse(JSON.parse(lead.fields_json));
  const update: LeadUpdate = {};
  for (const a of answers) {
    if (!(a.meaning in PROFILE_MEANINGS) || typeof a.value !== 'string' || a.value === '') continue;
    const before = fields[a.meaning];
    if (before === a.value) continue;
    fields[a.meaning] = a.value;
    const column = PROFILE_MEANINGS[a.meaning];
    if (column) update[column] = a.value;
    if (before !== undefined)
      await recordActivity(db, {
        workspaceId: lead.workspace_id,
        leadId: lead.id,
        type: 'field_change',
        at: now,
        data: { field: a.meaning, from: before, to: a.value },
      });
  }
  return { ...update, fields_json: JSON.stringify(fields) };
}
