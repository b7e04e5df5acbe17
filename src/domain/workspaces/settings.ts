import { z } from 'zod';
import type { Db } from '../../../db/client';

/** A form's empty box means "not set". */
const unsetWhenEmpty = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema);

const ownAddress = (label: string) =>
  unsetWhenEmpty(
    z
      .string()
      .trim()
      .max(2000, `${label}: at most 2000 characters.`)
      .regex(
        /^https?:\/\/[^\s<>"']+$/,
        `${label}: a web address, like https://example.com/privacy.`,
      )
      .optional(),
  );
const ownText = (label: string) =>
  unsetWhenEmpty(z.string().trim().max(20_000, `${label}: at most 20,000 characters.`).optional());

const ownLine = (label: string, max: number) =>
  unsetWhenEmpty(z.string().trim().max(max, `${label}: at most ${max} characters.`).optional());

/**
 * The brand kit: who the workspace's pages speak for. The company name is the workspace's
 * name; these fill every template's sample company (its footer, its consent label) when a
 * page is made, and the legal pages. All optional: the name alone is enough to start.
 */
export const brandKitShape = {
  legalName: ownLine('Legal name', 200),
  address: ownLine('Address', 300),
  /** An image uploaded to the workspace (Images): shown in the footer of pages made since. */
  logoUrl: unsetWhenEmpty(
    z
      .string()
      .trim()
      .max(200)
      .regex(/^\/assets\/[0-9a-f-]{36}\/[\w.-]+$/, 'Logo: pick an image uploaded to Images.')
      .optional(),
  ),
  contactEmail: unsetWhenEmpty(
    z
      .string()
      .trim()
      .max(254, 'Contact email: at most 254 characters.')
      .pipe(z.email('Contact email: enter an address like hello@example.com.'))
      .optional(),
  ),
};

/** A workspace's own settings, stored as JSON and parsed on every read. */
export const workspaceSettingsSchema = z.object({
  ...brandKitShape,
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
  /** The workspace's own privacy policy and terms, when it has them elsewhere. */
  privacyUrl: ownAddress('Privacy policy address'),
  termsUrl: ownAddress('Terms address'),
  /** Or their text, which Kindling publishes beside each page. */
  privacyText: ownText('Privacy policy'),
  termsText: ownText('Terms'),
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
