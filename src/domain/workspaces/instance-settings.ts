import { z } from 'zod';
import type { Db } from '../../../db/client';

/** Settings of the whole installation (not of one workspace), kept by the instance owner. */
const settingSchemas = {
  signup: z.enum(['open', 'closed']),
} as const;
type Key = keyof typeof settingSchemas;
type Value<K extends Key> = z.infer<(typeof settingSchemas)[K]>;

const defaults: { [K in Key]: Value<K> } = { signup: 'open' };

export async function readInstanceSetting<K extends Key>(db: Db, key: K): Promise<Value<K>> {
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

/** The environment's `SIGNUP=closed` wins over the stored setting. */
export async function isSignupOpen(
  db: Db,
  envOverride: 'open' | 'closed' | undefined,
): Promise<boolean> {
  if (envOverride) return envOverride === 'open';
  return (await readInstanceSetting(db, 'signup')) === 'open';
}
