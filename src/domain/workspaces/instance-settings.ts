import { z } from 'zod';
import type { Db } from '../../../db/client';

/** Settings of the whole installation (not of one workspace), kept by the instance owner. */
const settingSchemas = {
  signup: z.enum(['open', 'closed']),
  /** The salt of IP hashes, one for every instance (HASH_SALT overrides it). */
  hash_salt: z.string().min(16).max(256),
  /** The key that signs links in mails (unsubscribe, confirm), one for every instance. */
  mail_key: z.string().min(32).max(256),
} as const;
type Key = keyof typeof settingSchemas;
export type SecretSettingKey = 'hash_salt' | 'mail_key';
type Value<K extends Key> = z.infer<(typeof settingSchemas)[K]>;

const defaults: { [K in Key]: Value<K> | undefined } = {
  signup: 'closed',
  hash_salt: undefined,
  mail_key: undefined,
};

export async function readInstanceSetting<K extends Key>(
  db: Db,
  key: K,
): Promise<Value<K> | undefined> {
  const row = await db
    .selectFrom('instance_settings')
    .select('value_json')
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row) return defaults[key];
  const parsed = settingSchemas[key].safeParse(JSON.parse(row.value_json));
  return parsed.success ? (parsed.data as Value<K>) : defaults[key];
}

export async function writeInstanceSetting<K extends Key>(
  db: Db,
  key: K,
  value: Value<K>,
): Promise<void> {
  const value_json = JSON.stringify(settingSchemas[key].parse(value));
  await db
    .insertInto('instance_settings')
    .values({ key, value_json })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value_json }))
    .execute();
}

/**
 * The setting's value, set to `proposed` if it had none: of instances starting together,
 * the first to insert wins and every one reads that value back.
 */
export async function settleInstanceSetting<K extends Key>(
  db: Db,
  key: K,
  proposed: Value<K>,
): Promise<Value<K>> {
  await db
    .insertInto('instance_settings')
    .values({ key, value_json: JSON.stringify(settingSchemas[key].parse(proposed)) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return (await readInstanceSetting(db, key)) ?? proposed;
}

/** The environment's `SIGNUP=closed` wins over the stored setting. */
export async function isSignupOpen(
  db: Db,
  envOverride: 'open' | 'closed' | undefined,
): Promise<boolean> {
  if (envOverride) return envOverride === 'open';
  return (await readInstanceSetting(db, 'signup')) === 'open';
}
