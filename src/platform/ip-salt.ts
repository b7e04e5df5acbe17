import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../db/client';
import type { Config } from '../app/config';
import { settleInstanceSetting } from '../domain/workspaces/instance-settings';

let salt: Promise<string> | undefined;
/** The settled salt, once known: the hot paths then read it without awaiting. */
let settled: string | undefined;

/**
 * The salt for IP hashes: HASH_SALT when set, else one kept in the database, so every
 * instance hashes an address alike. An install that kept its salt in DATA_DIR (before
 * instances shared one) proposes that one, so its existing hashes still match.
 */
export function hashSalt(config: Config, db: Db): Promise<string> | string {
  if (config.HASH_SALT) return config.HASH_SALT;
  if (settled) return settled;
  salt ??= settleInstanceSetting(
    db,
    'hash_salt',
    legacySalt(config) ?? randomBytes(32).toString('base64url'),
  );
  salt.then(
    (value) => (settled = value),
    () => (salt = undefined),
  );
  return salt;
}

function legacySalt(config: Config): string | null {
  try {
    const old = readFileSync(join(config.dataDir, 'hash-salt'), 'utf8').trim();
    return old.length >= 16 ? old : null;
  } catch {
    return null;
  }
}
