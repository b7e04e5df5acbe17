import { z } from 'zod';
import type { Db } from '../../../db/client';
import type { LeadAlert, Role, Tier } from '../../../db/schema';

/** The choices a member has for lead alerts, in their words, in the order shown. */
export const LEAD_ALERTS: Record<LeadAlert, { label: string; help: string }> = {
  hot: { label: 'Each hot lead', help: 'A mail for every submission that arrives hot.' },
  turned_hot: {
    label: 'When a lead turns hot',
    help: 'A mail when a lead becomes hot: on arrival, or later as they come back.',
  },
  all: { label: 'Every lead', help: 'A mail for every submission, whatever its tier.' },
  none: { label: 'No lead alerts', help: 'Read leads in the inbox only.' },
};

/** What a lead event is, as alerts read it. */
export type LeadEvent =
  | { type: 'submission'; tier: Tier; submissionId: string }
  | { type: 'tier_change'; from: Tier | null; to: Tier };

/** Which events each choice mails about, as data. */
const WANTS: Record<LeadAlert, (e: LeadEvent) => boolean> = {
  hot: (e) => e.type === 'submission' && e.tier === 'hot',
  turned_hot: (e) => e.type === 'tier_change' && e.to === 'hot' && e.from !== 'hot',
  all: (e) => e.type === 'submission',
  none: () => false,
};
export const wantsAlert = (choice: LeadAlert, event: LeadEvent): boolean => WANTS[choice](event);

/** Owners hear about hot leads unless they choose otherwise; everyone else opts in. */
export const defaultLeadAlert = (role: Role): LeadAlert => (role === 'owner' ? 'hot' : 'none');

export const DEFAULT_TIME_ZONE = 'UTC';

/** The time zones a member picks from, listed once at start-up (UTC first when missing). */
export const TIME_ZONE_OPTIONS = ((zones: string[]) =>
  (zones.includes(DEFAULT_TIME_ZONE) ? zones : [DEFAULT_TIME_ZONE, ...zones]).map((tz) => ({
    value: tz,
    label: tz,
  })))(Intl.supportedValuesOf('timeZone'));
const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const alertSettingsSchema = z.object({
  leadAlert: z.enum(['hot', 'all', 'turned_hot', 'none']),
  /** '' for no digest, else the hour (0–23) in the member's time zone. */
  digestHour: z
    .union([z.literal(''), z.coerce.number().int().min(0).max(23)])
    .transform((h) => (h === '' ? null : h)),
  timeZone: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .refine(isTimeZone, 'Pick a time zone from the list (for example Europe/Paris).'),
});
export type AlertSettings = z.output<typeof alertSettingsSchema>;

export type MemberAlerts = {
  userId: string;
  email: string;
  name: string;
  role: Role;
  leadAlert: LeadAlert;
  digestHour: number | null;
  timeZone: string;
};

/** Members of the workspace (or one of them) with their alert choices (defaults where none is stored). */
export async function membersAlerts(
  db: Db,
  workspaceId: string,
  onlyUserId?: string,
): Promise<MemberAlerts[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('member_alerts as a', (j) =>
      j.onRef('a.workspace_id', '=', 'm.workspace_id').onRef('a.user_id', '=', 'm.user_id'),
    )
    .select(['u.id', 'u.email', 'u.name', 'm.role', 'a.lead_alert', 'a.digest_hour', 'a.time_zone'])
    .where('m.workspace_id', '=', workspaceId)
    .$if(onlyUserId !== undefined, (q) => q.where('m.user_id', '=', onlyUserId!))
    .orderBy('m.created_at')
    .execute();
  return rows.map((r) => ({
    userId: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    leadAlert: r.lead_alert ?? defaultLeadAlert(r.role),
    digestHour: r.digest_hour ?? null,
    timeZone: r.time_zone ?? DEFAULT_TIME_ZONE,
  }));
}

export async function memberAlerts(
  db: Db,
  workspaceId: string,
  userId: string,
): Promise<MemberAlerts | undefined> {
  return (await membersAlerts(db, workspaceId, userId))[0];
}

/** Saves a member's choices (one upsert: the last save wins, whichever instance took it). */
export async function saveAlertSettings(
  db: Db,
  workspaceId: string,
  userId: string,
  settings: AlertSettings,
): Promise<void> {
  const values = {
    lead_alert: settings.leadAlert,
    digest_hour: settings.digestHour,
    time_zone: settings.timeZone,
  };
  await db
    .insertInto('member_alerts')
    .values({ workspace_id: workspaceId, user_id: userId, last_digest_day: null, ...values })
    .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doUpdateSet(values))
    .execute();
}

/**
 * The unsubscribe link's change: that one alert off, the rest as they were, in one upsert
 * (a choice saved meanwhile on another instance is not overwritten).
 */
export async function turnOffAlert(
  db: Db,
  workspaceId: string,
  userId: string,
  which: 'lead' | 'digest',
): Promise<boolean> {
  const member = await db
    .selectFrom('memberships')
    .select('role')
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!member) return false;
  await db
    .insertInto('member_alerts')
    .values({
      workspace_id: workspaceId,
      user_id: userId,
      lead_alert: which === 'lead' ? 'none' : defaultLeadAlert(member.role),
      digest_hour: null,
      time_zone: DEFAULT_TIME_ZONE,
      last_digest_day: null,
    })
    .onConflict((oc) =>
      oc
        .columns(['workspace_id', 'user_id'])
        .doUpdateSet(which === 'lead' ? { lead_alert: 'none' } : { digest_hour: null }),
    )
    .execute();
  return true;
}
