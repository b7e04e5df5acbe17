/**
 * A fixed-window counter per key, in this process's memory. Several instances each keep
 * their own, so the effective limit is per instance: enough to stop one client flooding a
 * form, which is its job, without a database write on every submission.
 */
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly maxKeys = 100_000,
  ) {}

  /** Counts a hit; returns 0 when allowed, else milliseconds until the key may try again. */
  hit(key: string, now: number): number {
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (this.windows.size >= this.maxKeys) this.evictExpired(now);
      this.windows.set(key, { start: now, count: 1 });
      return 0;
    }
    if (w.count >= this.limit) return w.start + this.windowMs - now;
    w.count++;
    return 0;
  }

  private evictExpired(now: number): void {
    for (const [key, w] of this.windows)
      if (now - w.start >= this.windowMs) this.windows.delete(key);
    // Still full of live keys (a flood of distinct ones): forget the oldest half.
    if (this.windows.size >= this.maxKeys)
      [...this.windows.keys()].slice(0, this.maxKeys / 2).forEach((k) => this.windows.delete(k));
  }
}
