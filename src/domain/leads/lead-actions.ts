import { transact } from '../../../db/transact';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import type { LeadStatus, LeadUpdate } from '../../../db/schema';
import { memberOf } from '../workspaces/team';
import { recordActivity } from './activity';
import { LEAD_STATUSES } from './status';

type LeadRef = { workspaceId: string; leadId: string; userId: string; now: number };

/** What a teammate can do on a lead page, as the form posts it. */
export const leadActionSchema = z.discriminatedUnion('_action', [
  z.object({ _action: z.literal('qualify') }),
  z.object({ _action: z.literal('unqualify') }),
  z.object({ _action: z.literal('status'), status: z.enum(LEAD_STATUSES) }),
  z.object({
    _action: z.literal('note'),
    note: z
      .string()
      .trim()
      .min(1, 'Write something first.')
      .max(5000, 'Notes are at most 5,000 characters.'),
  }),
  z.object({ _action: z.literal('assign'), assignee: z.string().max(40) }),
  z.object({
    _action: z.literal('erase'),
    confirm: z.string().trim().min(1, 'Type the lead’s email address to confirm.'),
  }),
]);
export type LeadAction = z.infer<typeof leadActionSchema>;

/** The lead's row when it is in the workspace: every action starts by asking. */
const leadIn = (db: Db, ref: { workspaceId: string; leadId: string }) =>
  db
    .selectFrom('leads')
    .select(['id', 'status', 'assignee_user_id'])
    .where('id', '=', ref.leadId)
    .where('workspace_id', '=', ref.workspaceId)
    .executeTakeFirst();

/** Changes the lead's row and says so on its timeline, signed by the teammate. */
async function changeLead(
  tx: Db,
  ref: LeadRef,
  set: LeadUpdate,
  entry: { type: string; data: Record<string, unknown> },
): Promise<void> {
  await tx
    .updateTable('leads')
    .set({ ...set, updated_at: ref.now })
    .where('id', '=', ref.leadId)
    .execute();
  await recordActivity(tx, {
    workspaceId: ref.workspaceId,
    leadId: ref.leadId,
    at: ref.now,
    actorUserId: ref.userId,
    ...entry,
  });
}

/** Changes the lead's place in the pipeline; false when the lead is not in the workspace. */
export async function setLeadStatus(
  db: Db,
  ref: LeadRef & { status: LeadStatus },
): Promise<boolean> {
  return transact(db, async (tx) => {
    const lead = await leadIn(tx, ref);
    if (!lead) return false;
    if (lead.status !== ref.status)
      await changeLead(
        tx,
        ref,
        { status: ref.status },
        { type: 'status_change', data: { from: lead.status, to: ref.status } },
      );
    return true;
  });
}

/** A note on the lead's timeline, signed by its author. */
export async function addLeadNote(db: Db, ref: LeadRef & { text: string }): Promise<boolean> {
  return transact(db, async (tx) => {
    const lead = await leadIn(tx, ref);
    if (!lead) return false;
    await recordActivity(tx, {
      workspaceId: ref.workspaceId,
      leadId: ref.leadId,
      type: 'note',
      at: ref.now,
      actorUserId: ref.userId,
      data: { text: ref.text },
    });
    return true;
  });
}

export type AssignResult = 'ok' | 'no_lead' | 'not_a_member';

/** Gives the lead to a member of the same workspace ('' takes it back from everyone). */
export async function assignLead(
  db: Db,
  ref: LeadRef & { assigneeUserId: string | null },
): Promise<AssignResult> {
  return transact(db, async (tx) => {
    const lead = await leadIn(tx, ref);
    if (!lead) return 'no_lead';
    const member = ref.assigneeUserId
      ? await memberOf(tx, ref.workspaceId, ref.assigneeUserId)
      : null;
    if (ref.assigneeUserId && !member) return 'not_a_member';
    if (lead.assignee_user_id !== ref.assigneeUserId)
      await changeLead(
        tx,
        ref,
        { assignee_user_id: ref.assigneeUserId },
        { type: 'assignment', data: { to: member ? member.name || member.email : null } },
      );
    return 'ok';
  });
}

/**
 * Erases a lead for a data-protection request: the lead, its submissions and timeline
 * (cascades), the visits credited to it with their raw events, and its browsers (one that
 * another person also used stays, with only that person's visits). What stays
 * is nothing that names or follows the person.
 */
export async function eraseLead(
  db: Db,
  ref: { workspaceId: string; leadId: string },
): Promise<boolean> {
  return transact(db, async (tx) => {
    const lead = await leadIn(tx, ref);
    if (!lead) return false;
    const credited = tx
      .selectFrom('visits')
      .select('id')
      .where('lead_id', '=', ref.leadId)
      .where('workspace_id', '=', ref.workspaceId);
    await tx.deleteFrom('events').where('visit_id', 'in', credited).execute();
    await tx.deleteFrom('visits').where('id', 'in', credited).execute();
    // Their browsers go with them, but for one another person has used since or before: it
    // keeps that person's visits and is nobody's until someone identifies themselves on it.
    const used = tx.selectFrom('visits').select('visitor_id');
    await tx
      .deleteFrom('visitors')
      .where('lead_id', '=', ref.leadId)
      .where('workspace_id', '=', ref.workspaceId)
      .where('id', 'not in', used)
      .execute();
    await tx
      .updateTable('visitors')
      .set({ lead_id: null })
      .where('lead_id', '=', ref.leadId)
      .where('workspace_id', '=', ref.workspaceId)
      .execute();
    await tx.deleteFrom('submissions').where('lead_id', '=', ref.leadId).execute();
    await tx.deleteFrom('lead_activity').where('lead_id', '=', ref.leadId).execute();
    await tx.deleteFrom('leads').where('id', '=', ref.leadId).execute();
    return true;
  });
}
