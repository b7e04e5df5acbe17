import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config';

let salt: string | undefined;

/**
 * The salt for IP hashes: HASH_SALT when set (several instances must share it), otherwise a
 * random one made once and kept in DATA_DIR beside the database.
 */
export function hashSalt(config: Config): string {
  if (salt) return salt;
  if (config.HASH_SALT) return (salt = config.HASH_SALT);
  const file = join(config.dataDir, 'hash-salt');
  try {
    salt = readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(config.dataDir, { recursive: true });
    salt = randomBytes(32).toString('base64url');
    writeFileSync(file, salt, { mode: 0o600, flag: 'wx' });
  }
  return salt;
}
