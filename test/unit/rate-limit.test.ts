import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/platform/rate-limit';

describe('rate limiter', () => {
  it('allows the limit per window, then says how long to wait', () => {
    const limiter = new RateLimiter(3, 60_000);
    expect([0, 1, 2].map((i) => limiter.hit('ip', 1000 + i))).toEqual([0, 0, 0]);
    expect(limiter.hit('ip', 2000)).toBe(59_000);
    expect(limiter.hit('other', 2000)).toBe(0);
    expect(limiter.hit('ip', 61_000)).toBe(0);
  });

  it('keeps memory bounded under a flood of distinct keys', () => {
    const limiter = new RateLimiter(1, 60_000, 1000);
    for (let i = 0; i < 10_000; i++) limiter.hit(`k${i}`, 0);
    expect(
      (limiter as unknown as { windows: Map<string, unknown> }).windows.size,
    ).toBeLessThanOrEqual(1000);
  });
});
