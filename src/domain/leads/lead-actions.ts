import { z } from 'zod';
import type { Db } from '../../../db/client';
import type { LeadStatus } from '../../../db/schema';
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

/** Changes the lead's place in the pipeline; false when the lead is not in the workspace. */
export async function setLeadStatus(
  db: Db,
  ref: LeadRef & { status: LeadStatus },
): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const lead = await leadIn(tx, ref);
    if (!lead) return false;
    if (lead.status === ref.status) return true;
    await tx
      .updateTable('leads')
      .set({ status: ref.status, updated_at: ref.now })
      .where('id', '=', ref.leadId)
      .execute();
    await recordActivity(tx, {
      workspaceId: ref.workspaceId,
      leadId: ref.leadId,
      type: 'status_change',
      at: ref.now,
      actorUserId: ref.userId,
      data: { from: lead.status, to: ref.status },
    });
    return true;
  });
}

/** A note on the lead's timeline, signed by its author. */
export async function addLeadNote(db: Db, ref: LeadRef & { text: string }): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
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
  return db.transaction().execute(async (tx) => {
    const lead = await leadIn(tx, ref);
    if (!lead) return 'no_lead';
    let assigneeName: string | null = null;
    if (ref.assigneeUserId) {
      const member = await tx
        .selectFrom('memberships as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['u.name', 'u.email'])
        .where('m.workspace_id', '=', ref.workspaceId)
        .where('m.user_id', '=', ref.assigneeUserId)
        .executeTakeFirst();
      if (!member) return 'not_a_member';
      assigneeName = member.name || member.email;
    }
    if (lead.assignee_user_id === ref.assigneeUserId) return 'ok';
    await tx
      .updateTable('leads')
      .set({ assignee_user_id: ref.assigneeUserId, updated_at: ref.now })
      .where('id', '=', ref.leadId)
      .execute();
    await recordActivity(tx, {
      workspaceId: ref.workspaceId,
      leadId: ref.leadId,
      type: 'assignment',
      at: ref.now,
      actorUserId: ref.userId,
      data: { to: assigneeName },
    });
    return 'ok';
  });
}

/**
 * Erases a lead for a data-protection request: the lead, its submissions and timeline
 * (cascades), and every browser linked to it with their visits and raw events. What stays
 * is nothing that names or follows the person.
 */
export async function eraseLead(
  db: Db,
  ref: { workspaceId: string; leadId: string },
): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const lead = await leadIn(tx, ref);
    if (!lead) return false;
    const visitors = tx
      .selectFrom('visitors')
      .select('id')
      .where('lead_id', '=', ref.leadId)
      .where('workspace_id', '=', ref.workspaceId);
    await tx.deleteFrom('events').where('visitor_id', 'in', visitors).execute();
    await tx.deleteFrom('visits').where('visitor_id', 'in', visitors).execute();
    await tx
      .deleteFrom('visitors')
      .where('lead_id', '=', ref.leadId)
      .where('workspace_id', '=', ref.workspaceId)
      .execute();
    await tx.deleteFrom('submissions').where('lead_id', '=', ref.leadId).execute();
    await tx.deleteFrom('lead_activity').where('lead_id', '=', ref.leadId).execute();
    await tx.deleteFrom('leads').where('id', '=', ref.leadId).execute();
    return true;
  });
}

/** The members a lead can be assigned to. */
export function workspaceMembers(db: Db, workspaceId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.name', 'u.email', 'm.role'])
    .where('m.workspace_id', '=', workspaceId)
    .orderBy('u.name')
    .execute();
}
