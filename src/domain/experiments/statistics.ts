/*
 * The statistics an experiment is judged by, as GrowthBook and VWO document them for a rate:
 * each variant's rate (hot leads per visitor, say) has a Beta posterior under a uniform
 * prior, Beta(1 + conversions, 1 + visitors − conversions); from two posteriors come the
 * chance that B beats A, the expected loss of choosing B, and a credible interval of B's
 * relative uplift. A sample-ratio-mismatch check says whether visitors were split as
 * planned. Exact where a closed form exists, numerical integration where not; no sampling,
 * so the same counts always read the same.
 */

export type Posterior = { alpha: number; beta: number };

/** The posterior of a rate seen `conversions` times in `visitors`, under a uniform prior. */
export const posteriorOf = (visitors: number, conversions: number): Posterior => ({
  alpha: 1 + conversions,
  beta: 1 + visitors - conversions,
});

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7: about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

export const logBeta = (a: number, b: number): number =>
  logGamma(a) + logGamma(b) - logGamma(a + b);

/**
 * P(X_B > X_A) for X_A ~ Beta(A), X_B ~ Beta(B), with B's alpha a whole number: Evan
 * Miller's closed form, a sum of alpha_B terms. The sum runs over whichever alpha is
 * smaller (P(B > A) = 1 − P(A > B), ties having no weight).
 */
export function chanceToBeat(a: Posterior, b: Posterior): number {
  if (b.alpha > a.alpha) return 1 - chanceToBeat(b, a);
  if (!Number.isInteger(b.alpha)) throw new RangeError('alpha must be a whole number');
  const base = logBeta(a.alpha, a.beta);
  let total = 0;
  for (let i = 0; i < b.alpha; i++)
    total += Math.exp(
      logBeta(a.alpha + i, a.beta + b.beta) - Math.log(b.beta + i) - logBeta(1 + i, b.beta) - base,
    );
  return Math.min(1, Math.max(0, total));
}

const meanOf = (p: Posterior) => p.alpha / (p.alpha + p.beta);

/**
 * The expected loss of choosing B over A: E[max(X_A − X_B, 0)], what is given up on average
 * if B is in truth the worse (Chris Stucchio's closed form for VWO, through chanceToBeat).
 */
export function expectedLoss(a: Posterior, b: Posterior): number {
  const aUp = { alpha: a.alpha + 1, beta: a.beta };
  const bUp = { alpha: b.alpha + 1, beta: b.beta };
  const loss = meanOf(a) * chanceToBeat(b, aUp) - meanOf(b) * chanceToBeat(bUp, a);
  return Math.max(0, loss);
}

/** The regularised incomplete beta function I_x(a, b): the Beta(a, b) distribution's CDF. */
export function betaCdf(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log(1 - x) - logBeta(a, b));
  // The continued fraction converges fast on this side of the mean; the other by symmetry.
  return x < (a + 1) / (a + b + 2)
    ? (front * betaFraction(x, a, b)) / a
    : 1 - (front * betaFraction(1 - x, b, a)) / b;
}

/** Lentz's method for the incomplete beta's continued fraction (Numerical Recipes §6.4). */
function betaFraction(x: number, a: number, b: number): number {
  const TINY = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    for (const numerator of [
      (m * (b - m) * x) / ((a + m2 - 1) * (a + m2)),
      (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1)),
    ]) {
      d = 1 + numerator * d;
      if (Math.abs(d) < TINY) d = TINY;
      c = 1 + numerator / c;
      if (Math.abs(c) < TINY) c = TINY;
      d = 1 / d;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-15) break;
  }
  return h;
}

const betaDensity = (x: number, p: Posterior) =>
  x <= 0 || x >= 1
    ? 0
    : Math.exp(
        (p.alpha - 1) * Math.log(x) + (p.beta - 1) * Math.log(1 - x) - logBeta(p.alpha, p.beta),
      );

/** Where nearly all of a posterior's weight lies: its mean ± 12 standard deviations. */
function supportOf(p: Posterior): [number, number] {
  const n = p.alpha + p.beta;
  const sd = Math.sqrt((p.alpha * p.beta) / (n * n * (n + 1)));
  return [Math.max(0, meanOf(p) - 12 * sd), Math.min(1, meanOf(p) + 12 * sd)];
}

/** P(X_B / X_A − 1 ≤ r): ∫ f_A(x) F_B((1 + r) x) dx, by Simpson's rule over A's support. */
function upliftCdf(a: Posterior, b: Posterior, r: number, panels = 600): number {
  const [lo, hi] = supportOf(a);
  const h = (hi - lo) / panels;
  let total = 0;
  for (let i = 0; i <= panels; i++) {
    const x = lo + i * h;
    const weight = i === 0 || i === panels ? 1 : i % 2 ? 4 : 2;
    total += weight * betaDensity(x, a) * betaCdf((1 + r) * x, b.alpha, b.beta);
  }
  return (total * h) / 3;
}

/**
 * The central credible interval of B's relative uplift over A (X_B / X_A − 1) holding
 * `level` of the posterior weight: each bound found by bisection on the uplift's CDF.
 */
export function upliftInterval(a: Posterior, b: Posterior, level = 0.95): [number, number] {
  const quantile = (q: number) => {
    let lo = -1;
    let hi = 1;
    while (upliftCdf(a, b, hi) < q && hi < 1e6) hi *= 2;
    for (let i = 0; i < 60 && hi - lo > 1e-7; i++) {
      const mid = (lo + hi) / 2;
      if (upliftCdf(a, b, mid) < q) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  const tail = (1 - level) / 2;
  return [quantile(tail), quantile(1 - tail)];
}

/** The regularised upper incomplete gamma function Q(s, x) (Numerical Recipes §6.2). */
function upperGamma(s: number, x: number): number {
  if (x <= 0) return 1;
  const lead = -x + s * Math.log(x) - logGamma(s);
  if (x < s + 1) {
    // The series for P(s, x), then Q = 1 − P.
    let term = 1 / s;
    let sum = term;
    for (let n = 1; n < 10_000 && Math.abs(term) > Math.abs(sum) * 1e-16; n++) {
      term *= x / (s + n);
      sum += term;
    }
    return 1 - sum * Math.exp(lead);
  }
  const TINY = 1e-300;
  let b = x + 1 - s;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - s);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    if (Math.abs(d * c - 1) < 1e-16) break;
  }
  return Math.exp(lead) * h;
}

/** The chance of a chi-square statistic at least `x` with `df` degrees of freedom. */
export const chiSquareTail = (x: number, df: number): number => upperGamma(df / 2, x / 2);

/** GrowthBook's default: a split this unlikely under the plan means the plan was not kept. */
export const SRM_THRESHOLD = 0.001;

/**
 * The sample-ratio-mismatch check: Pearson's chi-square of the visitors each variant
 * counted against the shares planned for them. Flagged below SRM_THRESHOLD.
 */
export function sampleRatioMismatch(visitors: number[], shares: number[]) {
  const total = visitors.reduce((s, n) => s + n, 0);
  const planned = shares.reduce((s, w) => s + w, 0);
  const statistic = visitors.reduce((sum, n, i) => {
    const expected = (total * shares[i]!) / planned;
    return expected > 0 ? sum + (n - expected) ** 2 / expected : sum;
  }, 0);
  const p = total === 0 ? 1 : chiSquareTail(statistic, visitors.length - 1);
  return { statistic, p, flagged: p < SRM_THRESHOLD };
}

/**
 * Which variant a uniform draw `u` in [0, 1) falls to, in proportion to `shares`: the
 * assignment of a new visitor, made once and kept.
 */
export function pickByShares(shares: number[], u: number): number {
  const total = shares.reduce((s, w) => s + w, 0);
  let edge = 0;
  for (const [i, share] of shares.entries()) {
    edge += share / total;
    if (u < edge) return i;
  }
  return shares.length - 1;
}
