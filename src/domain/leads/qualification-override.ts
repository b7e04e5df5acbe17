import { transact } from '../../../db/transact';
import type { Db } from '../../../db/client';
import { recordOutcomes } from '../experiments/exposures';
import { recordActivity } from './activity';

/**
 * The owner's word on a lead: qualified (it stays so, whatever later spam rules say) or
 * not (spam), recorded on the lead's timeline. False when the lead is not in the workspace.
 */
export async function setLeadQualification(
  db: Db,
  input: { workspaceId: string; leadId: string; qualified: boolean; userId: string; now: number },
): Promise<boolean> {
  return transact(db, async (tx) => {
    const updated = await tx
      .updateTable('leads')
      .set(
        input.qualified
          ? {
              qualified: 1,
              unqualified_reason: null,
              qualified_by_user_id: input.userId,
              updated_at: input.now,
            }
          : {
              qualified: 0,
              unqualified_reason: 'marked as not a real prospect by a teammate',
              qualified_by_user_id: null,
              updated_at: input.now,
            },
      )
      .where('id', '=', input.leadId)
      .where('workspace_id', '=', input.workspaceId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return false;
    await recordOutcomes(tx, [input.leadId], input.now);
    await recordActivity(tx, {
      workspaceId: input.workspaceId,
      leadId: input.leadId,
      type: 'qualification',
      at: input.now,
      actorUserId: input.userId,
      data: { qualified: input.qualified },
    });
    return true;
  });
}
