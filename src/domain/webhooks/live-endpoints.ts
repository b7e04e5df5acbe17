import type { Db } from '../../../db/client';

/**
 * Whether the workspace has a webhook endpoint turned on: most have none, and then no
 * event needs a job (recordActivity) or a payload (the fan-out).
 */
export async function hasLiveEndpoint(db: Db, workspaceId: string): Promise<boolean> {
  const row = await db
    .selectFrom('webhook_endpoints')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('enabled', '=', 1)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
