import type { Db } from '../../../db/client';
import { workspaceSettingsSchema } from '../workspaces/settings';

const DAY = 86_400_000;

/**
 * Deletes raw tracker events older than each workspace's retention. The per-visit and
 * per-visitor totals that scoring and the admin read are kept. Returns how many went.
 */
export async function purgeOldEvents(db: Db, now: number): Promise<number> {
  const workspaces = await db.selectFrom('workspaces').select(['id', 'settings_json']).execute();
  let deleted = 0;
  for (const w of workspaces) {
    const { eventRetentionDays } = workspaceSettingsSchema.parse(JSON.parse(w.settings_json));
    const result = await db
      .deleteFrom('events')
      .where('workspace_id', '=', w.id)
      .where('received_at', '<', now - eventRetentionDays * DAY)
      .executeTakeFirst();
    deleted += Number(result.numDeletedRows);
  }
  return deleted;
}
