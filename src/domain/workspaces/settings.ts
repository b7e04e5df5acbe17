import { z } from 'zod';
import type { Db } from '../../../db/client';

/** A workspace's own settings, stored as JSON and parsed on every read. */
export const workspaceSettingsSchema = z.object({
  /**
   * `none`: first-party analytics without a banner. `banner`: the tracker starts only after
   * the visitor accepts a small banner on the published page. `off`: no tracker at all;
   * leads are scored on their answers alone.
   */
  trackingConsent: z.enum(['none', 'banner', 'off']).default('none'),
  /** Raw tracker events older than this are deleted; visit and visitor totals stay. */
  eventRetentionDays: z.coerce
    .number()
    .int()
    .min(7, 'Keep events at least 7 days.')
    .max(3650, 'At most 3650 days.')
    .default(180),
});
export type WorkspaceSettings = z.infer<typeof workspaceSettingsSchema>;
export type TrackingMode = WorkspaceSettings['trackingConsent'];

export async function readWorkspaceSettings(
  db: Db,
  workspaceId: string,
): Promise<WorkspaceSettings> {
  const row = await db
    .selectFrom('workspaces')
    .select('settings_json')
    .where('id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return workspaceSettingsSchema.parse(JSON.parse(row.settings_json));
}

export async function writeWorkspaceSettings(
  db: Db,
  workspaceId: string,
  changes: Partial<WorkspaceSettings>,
): Promise<WorkspaceSettings> {
  const next = workspaceSettingsSchema.parse({
    ...(await readWorkspaceSettings(db, workspaceId)),
    ...changes,
  });
  await db
    .updateTable('workspaces')
    .set({ settings_json: JSON.stringify(next) })
    .where('id', '=', workspaceId)
    .execute();
  return next;
}
