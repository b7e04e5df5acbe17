import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../db/client';
import type { Config } from '../app/config';
import { settleInstanceSetting } from '../domain/workspaces/instance-settings';

/**
 * The salt for IP hashes: HASH_SALT when set, else one kept in the database, so every
 * instance hashes an address alike. An install that kept its salt in DATA_DIR (before
 * instances shared one) proposes that one, so its existing hashes still match.
 */
export class IpSalt {
  private settling: Promise<string> | undefined;
  /** Known once settled: the hot paths then read it without awaiting. */
  private settled: string | undefined;

  constructor(
    private readonly config: Pick<Config, 'HASH_SALT' | 'dataDir'>,
    private readonly db: Db,
  ) {
    this.settled = config.HASH_SALT;
  }

  get(): Promise<string> | string {
    if (this.settled) return this.settled;
    this.settling ??= settleInstanceSetting(
      this.db,
      'hash_salt',
      legacySalt(this.config.dataDir) ?? randomBytes(32).toString('base64url'),
    );
    this.settling.then(
      (value) => (this.settled = value),
      () => (this.settling = undefined),
    );
    return this.settling;
  }
}

function legacySalt(dataDir: string): string | null {
  try {
    const old = readFileSync(join(dataDir, 'hash-salt'), 'utf8').trim();
    return old.length >= 16 ? old : null;
  } catch {
    return null;
  }
}
