import { z } from 'zod';
import type { Db } from '../../../db/client';
import { BULK_LIMIT } from './inbox';
import { assignLead, setLeadStatus } from './lead-actions';
import { setLeadQualification } from './qualification-override';
import { LEAD_STATUSES } from './status';

/** What can be done to many leads at once from the inbox. */
export const BULK_OPERATIONS = {
  status: 'Move to a pipeline stage',
  assign: 'Assign to a teammate',
  qualify: 'Mark as qualified (not spam)',
  unqualify: 'Mark as not a real prospect',
} as const;

const ids = z.preprocess(
  (v) => (typeof v === 'string' ? [v] : (v ?? [])),
  z
    .array(z.string().max(40))
    .min(1, 'Tick the leads to change first.')
    .max(BULK_LIMIT, `Change at most ${BULK_LIMIT} leads at once.`),
);

export const bulkActionSchema = z
  .object({
    _action: z.literal('bulk'),
    lead: ids,
    op: z.enum(Object.keys(BULK_OPERATIONS) as [keyof typeof BULK_OPERATIONS]),
    status: z.enum(LEAD_STATUSES).optional(),
    assignee: z.string().max(40).optional(),
  })
  .refine((a) => a.op !== 'status' || a.status !== undefined, {
    path: ['status'],
    message: 'Choose the stage to move them to.',
  });
export type BulkAction = z.infer<typeof bulkActionSchema>;

/**
 * Applies one action to each ticked lead of the workspace, each as its own change with its
 * own timeline entry (exactly what doing it lead by lead would leave). Leads of another
 * workspace are never touched, only counted as not found.
 */
export async function applyBulkAction(
  db: Db,
  ref: { workspaceId: string; userId: string; now: number },
  action: BulkAction,
): Promise<{ changed: number; notFound: number; notAMember: boolean }> {
  let changed = 0;
  let notFound = 0;
  for (const leadId of new Set(action.lead)) {
    const one = { ...ref, leadId };
    const ok =
      action.op === 'status'
        ? await setLeadStatus(db, { ...one, status: action.status! })
        : action.op === 'assign'
          ? await assignLead(db, { ...one, assigneeUserId: action.assignee || null })
          : await setLeadQualification(db, { ...one, qualified: action.op === 'qualify' });
    if (ok === 'not_a_member') return { changed, notFound, notAMember: true };
    if (ok === true || ok === 'ok') changed++;
    else notFound++;
  }
  return { changed, notFound, notAMember: false };
}
