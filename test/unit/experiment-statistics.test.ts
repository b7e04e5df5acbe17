import { describe, expect, it } from 'vitest';
import {
  betaCdf,
  chanceToBeat,
  chiSquareTail,
  expectedLoss,
  pickByShares,
  posteriorOf,
  sampleRatioMismatch,
  upliftInterval,
  type Posterior,
} from '../../src/domain/experiments/statistics';

/*
 * Each figure is checked against a different method computed here: a density tabulated on a
 * fine grid and normalised by summing it (no gamma functions), or Monte Carlo with a seeded
 * generator; and against published values.
 */

/** A posterior's density on a grid of `points` over [0, 1], normalised numerically. */
function tabulate(p: Posterior, points = 200_001) {
  const h = 1 / (points - 1);
  const log = new Float64Array(points);
  let top = -Infinity;
  for (let i = 1; i < points - 1; i++) {
    const x = i * h;
    log[i] = (p.alpha - 1) * Math.log(x) + (p.beta - 1) * Math.log(1 - x);
    top = Math.max(top, log[i]!);
  }
  const density = new Float64Array(points);
  let area = 0;
  for (let i = 1; i < points - 1; i++) {
    density[i] = Math.exp(log[i]! - top);
    area += density[i]! * h;
  }
  const cdf = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    density[i] = density[i]! / area;
    if (i > 0) cdf[i] = cdf[i - 1]! + ((density[i - 1]! + density[i]!) / 2) * h;
  }
  const cdfAt = (x: number) => {
    if (x <= 0) return 0;
    if (x >= 1) return 1;
    const j = Math.min(points - 2, Math.floor(x / h));
    const t = x / h - j;
    return cdf[j]! * (1 - t) + cdf[j + 1]! * t;
  };
  return { h, density, cdfAt, points };
}

/** P(X_B > X_A) = ∫ f_B(x) F_A(x) dx, on the grid. */
function gridChance(a: Posterior, b: Posterior): number {
  const A = tabulate(a);
  const B = tabulate(b);
  let total = 0;
  for (let i = 0; i < B.points; i++) total += B.density[i]! * A.cdfAt(i * B.h) * B.h;
  return total;
}

/** P(X_B / X_A − 1 ≤ r) = ∫ f_A(x) F_B((1 + r) x) dx, on the grid. */
function gridUpliftCdf(a: Posterior, b: Posterior, r: number): number {
  const A = tabulate(a);
  const B = tabulate(b);
  let total = 0;
  for (let i = 0; i < A.points; i++) total += A.density[i]! * B.cdfAt((1 + r) * i * A.h) * A.h;
  return total;
}

/** mulberry32: a small seeded generator, so the Monte Carlo figures never move. */
function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Beta draws as G1 / (G1 + G2), gammas by Marsaglia and Tsang, normals by Box–Muller. */
function betaSampler(random: () => number) {
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const gamma = (shape: number): number => {
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const z = normal();
      const v = (1 + c * z) ** 3;
      if (v <= 0) continue;
      const u = random();
      if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
    }
  };
  return (p: Posterior) => {
    const x = gamma(p.alpha);
    return x / (x + gamma(p.beta));
  };
}

/** Expected loss of choosing B, E[max(X_A − X_B, 0)], by a million seeded draws. */
function monteCarloLoss(a: Posterior, b: Posterior, draws = 1_000_000): number {
  const beta = betaSampler(seeded(20261207));
  let total = 0;
  for (let i = 0; i < draws; i++) total += Math.max(0, beta(a) - beta(b));
  return total / draws;
}

// Hot leads per visitor as a test sees them: small rates, thousands of visitors.
const CASES: [string, Posterior, Posterior][] = [
  ['B clearly ahead', posteriorOf(1_000, 25), posteriorOf(1_000, 45)],
  ['a close race', posteriorOf(2_400, 61), posteriorOf(2_350, 66)],
  ['B behind', posteriorOf(1_200, 40), posteriorOf(1_180, 28)],
  ['small and uneven', posteriorOf(150, 9), posteriorOf(420, 31)],
];

describe('the chance to beat A', () => {
  it('matches published values of the closed form (the field_test gem’s tests of Evan Miller’s formula)', () => {
    expect(chanceToBeat({ alpha: 1, beta: 2 }, { alpha: 3, beta: 4 })).toBeCloseTo(
      0.6428571428571429,
      10,
    );
    expect(chanceToBeat({ alpha: 55, beta: 50 }, { alpha: 30, beta: 30 })).toBeCloseTo(
      0.38386463776317903,
      10,
    );
    expect(chanceToBeat({ alpha: 50, beta: 50 }, { alpha: 35, beta: 30 })).toBeCloseTo(
      0.6867997222295887,
      10,
    );
  });

  it.each(CASES)('matches numerical integration over a grid: %s', (_, a, b) => {
    expect(chanceToBeat(a, b)).toBeCloseTo(gridChance(a, b), 3);
  });

  it('is one half for identical counts, and B against A is one minus A against B', () => {
    const a = posteriorOf(1_000, 30);
    expect(chanceToBeat(a, a)).toBeCloseTo(0.5, 10);
    const b = posteriorOf(900, 31);
    expect(chanceToBeat(a, b) + chanceToBeat(b, a)).toBeCloseTo(1, 10);
  });
});

describe('the expected loss of choosing B', () => {
  it.each(CASES)('matches a million seeded Monte Carlo draws: %s', (_, a, b) => {
    expect(expectedLoss(a, b)).toBeCloseTo(monteCarloLoss(a, b), 4);
  });

  it('is small when B is clearly better and large when it is clearly worse', () => {
    const a = posteriorOf(5_000, 100);
    expect(expectedLoss(a, posteriorOf(5_000, 200))).toBeLessThan(1e-6);
    expect(expectedLoss(a, posteriorOf(5_000, 50))).toBeCloseTo(0.01, 3);
  });
});

describe('the credible interval of the relative uplift', () => {
  it.each(CASES)('holds 2.5 % of the weight below it and 2.5 % above, on a grid: %s', (_, a, b) => {
    const [low, high] = upliftInterval(a, b);
    expect(low).toBeLessThan(high);
    expect(gridUpliftCdf(a, b, low)).toBeCloseTo(0.025, 3);
    expect(gridUpliftCdf(a, b, high)).toBeCloseTo(0.975, 3);
  });

  it('lies around the observed uplift', () => {
    const [low, high] = upliftInterval(posteriorOf(10_000, 300), posteriorOf(10_000, 360));
    expect(low).toBeLessThan(0.2);
    expect(high).toBeGreaterThan(0.2);
    expect(low).toBeGreaterThan(0);
  });
});

describe('the Beta CDF', () => {
  it('matches the grid', () => {
    const p = posteriorOf(300, 12);
    const grid = tabulate(p);
    for (const x of [0.01, 0.03, 0.04, 0.06, 0.1])
      expect(betaCdf(x, p.alpha, p.beta)).toBeCloseTo(grid.cdfAt(x), 4);
  });
});

describe('the sample-ratio-mismatch check', () => {
  it('reads published chi-square critical values (NIST/SEMATECH e-Handbook, table 1.3.6.7.4)', () => {
    expect(chiSquareTail(10.828, 1)).toBeCloseTo(0.001, 5);
    expect(chiSquareTail(3.841, 1)).toBeCloseTo(0.05, 4);
    expect(chiSquareTail(13.816, 2)).toBeCloseTo(0.001, 5);
    expect(chiSquareTail(16.266, 3)).toBeCloseTo(0.001, 5);
    expect(chiSquareTail(7.815, 3)).toBeCloseTo(0.05, 4);
  });

  it('flags a 46/54 split of 10,000 planned 50/50 (chi-square 64), not a 50/50 one', () => {
    const skewed = sampleRatioMismatch([4_600, 5_400], [1, 1]);
    expect(skewed.statistic).toBeCloseTo(64, 10);
    expect(skewed.flagged).toBe(true);
    expect(sampleRatioMismatch([5_030, 4_970], [1, 1]).flagged).toBe(false);
    // Planned shares are what the counts are held to: 70/30 as planned is no mismatch.
    expect(sampleRatioMismatch([7_010, 2_990], [70, 30]).flagged).toBe(false);
    expect(sampleRatioMismatch([5_000, 5_000], [70, 30]).flagged).toBe(true);
  });
});

describe('assignment by shares', () => {
  it('splits 10,000 visitors within 2 % of the planned shares', () => {
    const random = seeded(7);
    for (const shares of [
      [1, 1],
      [50, 30, 20],
      [1, 1, 1, 1],
    ]) {
      const counts = shares.map(() => 0);
      for (let i = 0; i < 10_000; i++) counts[pickByShares(shares, random())]! += 1;
      const total = shares.reduce((s, w) => s + w, 0);
      counts.forEach((n, i) =>
        expect(Math.abs(n / 10_000 - shares[i]! / total)).toBeLessThan(0.02),
      );
    }
  });

  it('gives the same variant for the same draw', () => {
    for (const u of [0, 0.2, 0.49999, 0.5, 0.999999])
      expect(pickByShares([1, 1], u)).toBe(pickByShares([1, 1], u));
    expect(pickByShares([1, 1], 0.49999)).toBe(0);
    expect(pickByShares([1, 1], 0.5)).toBe(1);
  });
});
