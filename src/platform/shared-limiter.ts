import type { Db } from '../../db/client';
import { countHit, hitsIn } from '../../db/rate-limits';
import { setBounded } from '../shared/bounded-map';

/**
 * A fixed-window limit every instance shares: one counter row per key and window, moved by
 * one atomic upsert that returns the count, so N instances allow the limit, not N times it.
 * A key over its limit is remembered here until its window ends, so a flood costs this
 * instance no database write per request once it is refused.
 */
export class SharedRateLimiter {
  private blockedUntil = new Map<string, number>();

  constructor(
    private readonly name: string,
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts a hit; 0 when allowed, else milliseconds until the key may try again. */
  async hit(db: Db, key: string, now: number): Promise<number> {
    return (await this.take(db, key, now)).waitMs;
  }

  /**
   * Counts a hit and says where the key stands, for RateLimit headers: how many hits are
   * left in this window, when it ends, and 0 or the wait when it is over its limit.
   */
  async take(
    db: Db,
    key: string,
    now: number,
  ): Promise<{ waitMs: number; remaining: number; resetMs: number }> {
    const windowStart = Math.floor(now / this.windowMs) * this.windowMs;
    const resetMs = windowStart + this.windowMs - now;
    const blocked = this.blockedUntil.get(key);
    if (blocked !== undefined) {
      if (blocked > now) return { waitMs: blocked - now, remaining: 0, resetMs: blocked - now };
      this.blockedUntil.delete(key);
    }
    const count = await countHit(db, `${this.name}:${key}`, windowStart);
    if (count <= this.limit) return { waitMs: 0, remaining: this.limit - count, resetMs };
    setBounded(this.blockedUntil, key, windowStart + this.windowMs, 100_000);
    return { waitMs: resetMs, remaining: 0, resetMs };
  }

  /** Whether the key is over its limit in this window, without counting a hit. */
  async isOver(db: Db, key: string, now: number): Promise<boolean> {
    const blocked = this.blockedUntil.get(key);
    if (blocked !== undefined && blocked > now) return true;
    const windowStart = Math.floor(now / this.windowMs) * this.windowMs;
    return (await hitsIn(db, `${this.name}:${key}`, windowStart)) > this.limit;
  }
}
