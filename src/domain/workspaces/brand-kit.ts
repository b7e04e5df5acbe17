import type { Db } from '../../../db/client';
import type { BrandKit } from '../templates/brand';
import { workspaceSettingsSchema } from './settings';

/** A workspace's brand kit: its name as the company's, and the settings' optional lines. */
export async function brandKitOf(db: Db, workspaceId: string): Promise<BrandKit> {
  const row = await db
    .selectFrom('workspaces')
    .select(['name', 'settings_json'])
    .where('id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  const settings = workspaceSettingsSchema.parse(JSON.parse(row.settings_json));
  return {
    companyName: row.name,
    legalName: settings.legalName,
    address: settings.address,
    contactEmail: settings.contactEmail,
    logoUrl: settings.logoUrl,
  };
}
