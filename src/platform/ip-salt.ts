import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InstanceSecret } from './instance-secret';

/**
 * The salt for IP hashes: HASH_SALT when set, else one kept in the database, so every
 * instance hashes an address alike. An install that kept its salt in DATA_DIR (before
 * instances shared one) proposes that one, so its existing hashes still match.
 */
export const ipSalt = (
  config: { HASH_SALT?: string; dataDir: string },
  settle: (proposal: string) => Promise<string>,
): InstanceSecret =>
  new InstanceSecret(
    settle,
    () => legacySalt(config.dataDir) ?? randomBytes(32).toString('base64url'),
    config.HASH_SALT,
  );

function legacySalt(dataDir: string): string | null {
  try {
    const old = readFileSync(join(dataDir, 'hash-salt'), 'utf8').trim();
    return old.length >= 16 ? old : null;
  } catch {
    return null;
  }
}
