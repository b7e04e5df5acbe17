import type { Db } from '../../db/client';
import {
  settleInstanceSetting,
  type SecretSettingKey,
} from '../domain/workspaces/instance-settings';

/**
 * A secret every instance must hold alike (the IP-hash salt, the key that signs mail
 * links): the configured value when there is one, else the first one any instance stored.
 * Once settled it is read without awaiting, so hot paths pay nothing for it.
 */
export class InstanceSecret {
  private settling: Promise<string> | undefined;
  private settled: string | undefined;

  constructor(
    private readonly db: Db,
    private readonly key: SecretSettingKey,
    /** What this instance proposes when none is stored yet. */
    private readonly propose: () => string,
    configured?: string,
  ) {
    this.settled = configured;
  }

  get(): Promise<string> | string {
    if (this.settled) return this.settled;
    this.settling ??= settleInstanceSetting(this.db, this.key, this.propose());
    this.settling.then(
      (value) => (this.settled = value),
      () => (this.settling = undefined),
    );
    return this.settling;
  }
}
