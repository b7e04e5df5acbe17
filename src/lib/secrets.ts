import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../db/client';
import type { Config } from '../config';
import { settleInstanceSetting } from '../domain/workspaces/instance-settings';

let salt: Promise<string> | undefined;

/**
 * The salt for IP hashes: HASH_SALT when set, else one kept in the database, so every
 * instance hashes an address alike. An install that kept its salt in DATA_DIR (before
 * instances shared one) proposes that one, so its existing hashes still match.
 */
export function hashSalt(config: Config, db: Db): Promise<string> {
  if (config.HASH_SALT) return Promise.resolve(config.HASH_SALT);
  salt ??= settleInstanceSetting(
    db,
    'hash_salt',
    legacySalt(config) ?? randomBytes(32).toString('base64url'),
  );
  salt.catch(() => (salt = undefined));
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
