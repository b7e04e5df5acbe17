import { describe, expect, it } from 'vitest';
import type { FormPurpose } from '../../src/domain/forms/definition';
import type { LeadFacts, SubmissionFact, VisitFact } from '../../src/domain/scoring/facts';
import { DEFAULT_MODEL, scoringModelSchema } from '../../src/domain/scoring/model';
import { RULE_GROUPS, RULES } from '../../src/domain/scoring/rules';
import { axesOf, decayFactor, score, tierFor } from '../../src/domain/scoring/score';
import { tierVerdict } from '../../src/domain/scoring/tiers';

const DAY = 86_400_000;
const NOW = 1_750_000_000_000;
const sub = (
  purpose: FormPurpose,
  answers: SubmissionFact['answers'] = {},
  at = NOW,
): SubmissionFact => ({ at, purpose, answers });
const visit = (over: Partial<VisitFact> = {}): VisitFact => ({
  at: NOW,
  engagedMs: 20_000,
  maxScroll: 60,
  sectionsSeen: 2,
  blockTypesSeen: ['hero', 'form'],
  clicks: 0,
  ...over,
});
const facts = (
  submissions: SubmissionFact[],
  visits: VisitFact[] = [],
  email = 'jo@northwind.com',
  source: string | null = null,
): LeadFacts => ({ email, submissions, visits, source });
const fired = (f: LeadFacts) => score(f, DEFAULT_MODEL, NOW).breakdown.map((b) => b.rule);

describe('default rules', () => {
  const table: { rule: string; fires: LeadFacts; doesNot: LeadFacts }[] = [
    {
      rule: 'return_visits',
      fires: facts([sub('download')], [visit({ at: NOW - DAY }), visit()]),
      doesNot: facts([sub('download')], [visit()]),
    },
    {
      rule: 'repeat_submission',
      fires: facts([sub('newsletter'), sub('download')]),
      doesNot: facts([sub('download')]),
    },
    {
      // "Already familiar with the brand": they came from its own newsletter or email.
      rule: 'brand_channel',
      fires: facts([sub('download')], [visit({ utm: { source: 'acme', medium: 'email' } })]),
      doesNot: facts([sub('download')], [visit({ utm: { source: 'google', medium: 'cpc' } })]),
    },
    {
      rule: 'brand_channel',
      fires: facts([sub('download')], [], 'jo@northwind.com', 'newsletter'),
      doesNot: facts([sub('download')], [], 'jo@northwind.com', 'twitter.com'),
    },
    {
      rule: 'engaged_reading',
      fires: facts([sub('contact')], [visit({ engagedMs: 40_000 }), visit({ engagedMs: 25_000 })]),
      doesNot: facts([sub('contact')], [visit({ engagedMs: 59_000 })]),
    },
    {
      rule: 'deep_scroll',
      fires: facts([sub('contact')], [visit({ maxScroll: 75 })]),
      doesNot: facts([sub('contact')], [visit({ maxScroll: 74 })]),
    },
    {
      // Jumping to the form at the bottom in a few seconds is not reading it.
      rule: 'deep_scroll',
      fires: facts([sub('contact')], [visit({ maxScroll: 100, engagedMs: 10_000 })]),
      doesNot: facts([sub('contact')], [visit({ maxScroll: 100, engagedMs: 4_000 })]),
    },
    {
      rule: 'sections_seen',
      fires: facts([sub('contact')], [visit({ sectionsSeen: 4 })]),
      doesNot: facts([sub('contact')], [visit({ sectionsSeen: 3 })]),
    },
    {
      rule: 'cta_clicks',
      fires: facts([sub('contact')], [visit({ clicks: 1 })]),
      doesNot: facts([sub('contact')], [visit({ clicks: 0 })]),
    },
    {
      rule: 'content_download',
      fires: facts([sub('download')]),
      doesNot: facts([sub('newsletter')]),
    },
    {
      rule: 'detailed_message',
      fires: facts([sub('contact', { message: 'x'.repeat(80) })]),
      doesNot: facts([sub('contact', { message: 'hi' })]),
    },
    {
      rule: 'pricing_viewed',
      fires: facts([sub('contact')], [visit({ blockTypesSeen: ['hero', 'pricing'] })]),
      doesNot: facts([sub('contact')], [visit({ blockTypesSeen: ['hero', 'features'] })]),
    },
    { rule: 'demo_request', fires: facts([sub('demo')]), doesNot: facts([sub('download')]) },
    {
      rule: 'demo_request',
      fires: facts([sub('contact', { demo_request: true })]),
      doesNot: facts([sub('contact', { demo_request: false })]),
    },
    {
      rule: 'near_timeline',
      fires: facts([sub('contact', { timeline: 'This month' })]),
      doesNot: facts([sub('contact', { timeline: 'Later this year' })]),
    },
    {
      rule: 'near_timeline',
      fires: facts([sub('contact', { timeline: 'ASAP' })]),
      doesNot: facts([sub('contact', { timeline: 'This quarter' })]),
    },
    {
      rule: 'quarter_timeline',
      fires: facts([sub('contact', { timeline: 'This quarter' })]),
      doesNot: facts([sub('contact', { timeline: 'This month' })]),
    },
    {
      rule: 'quarter_timeline',
      fires: facts([sub('contact', { timeline: 'Within 3 months' })]),
      doesNot: facts([sub('contact', { timeline: 'Next quarter' })]),
    },
    {
      rule: 'budget_given',
      fires: facts([sub('quote', { budget: '$10k–$25k' })]),
      doesNot: facts([sub('quote')]),
    },
    {
      rule: 'phone_left',
      fires: facts([sub('contact', { phone: '+1 555 0100' })]),
      doesNot: facts([sub('contact', { phone: '' })]),
    },
    {
      rule: 'business_email',
      fires: facts([sub('contact')], [], 'jo@northwind.com'),
      doesNot: facts([sub('contact')], [], 'jo@gmail.com'),
    },
    {
      // A throwaway address is no organisation that can buy.
      rule: 'business_email',
      fires: facts([sub('contact')], [], 'jo@initech.io'),
      doesNot: facts([sub('contact')], [], 'jo@mailinator.com'),
    },
    {
      // A role mailbox is not a person at the company.
      rule: 'business_email',
      fires: facts([sub('contact')], [], 'jo.bloggs@northwind.com'),
      doesNot: facts([sub('contact')], [], 'info@northwind.com'),
    },
    {
      rule: 'email_confirmed',
      fires: { ...facts([sub('download')]), emailConfirmedAt: NOW - DAY },
      doesNot: { ...facts([sub('download')]), emailConfirmedAt: null },
    },
    {
      rule: 'company_named',
      fires: facts([sub('contact', { company: 'Northwind' })]),
      doesNot: facts([sub('contact')]),
    },
    {
      rule: 'company_named',
      fires: facts([sub('contact', { company: 'Northwind' })], [], 'jo@gmail.com'),
      doesNot: facts([sub('contact', { company: 'Northwind' })], [], 'jo@mailinator.com'),
    },
    {
      rule: 'newsletter_only',
      fires: facts([sub('newsletter')]),
      doesNot: facts([sub('newsletter'), sub('download')]),
    },
    {
      rule: 'shallow_first_look',
      fires: facts([sub('newsletter')], [visit({ engagedMs: 6_000, maxScroll: 30 })]),
      doesNot: facts(
        [sub('newsletter')],
        [visit({ engagedMs: 6_000, maxScroll: 30 }), visit({ engagedMs: 6_000, maxScroll: 30 })],
      ),
    },
    {
      // No tracker data (tracking off, or a visitor who refused it) is not a shallow look.
      rule: 'shallow_first_look',
      fires: facts([sub('newsletter')], [visit({ engagedMs: 14_000, sectionsSeen: 3 })]),
      doesNot: facts([sub('newsletter')], []),
    },
    {
      rule: 'shallow_first_look',
      fires: facts([sub('newsletter')], [visit({ engagedMs: 4_000, maxScroll: 100 })]),
      doesNot: facts([sub('newsletter')], [visit({ engagedMs: 4_000, sectionsSeen: 4 })]),
    },
    {
      rule: 'not_yet',
      fires: facts([sub('demo', { timeline: 'Just exploring' })]),
      doesNot: facts([sub('demo', { timeline: 'This quarter' })]),
    },
    {
      // "Not now" is no "now"; the latest answer is the one that speaks.
      rule: 'not_yet',
      fires: facts([
        sub('demo', { timeline: 'ASAP' }, NOW - DAY),
        sub('contact', { timeline: 'Not now' }),
      ]),
      doesNot: facts([
        sub('demo', { timeline: 'No plans' }, NOW - DAY),
        sub('demo', { timeline: 'ASAP' }),
      ]),
    },
  ];

  it.each(table)('$rule fires when it should and not otherwise', ({ rule, fires, doesNot }) => {
    expect(fired(fires)).toContain(rule);
    expect(fired(doesNot)).not.toContain(rule);
  });

  it('covers every rule in the catalogue with a weight and a table row', () => {
    for (const rule of RULES) expect(DEFAULT_MODEL.weights[rule.id], rule.id).toBeDefined();
    expect(new Set(table.map((t) => t.rule))).toEqual(new Set(RULES.map((r) => r.id)));
  });

  it('explains each point with evidence from the facts', () => {
    const result = score(
      facts(
        [sub('demo', { timeline: 'This month', company: 'Northwind' }, NOW - 9 * DAY), sub('demo')],
        [
          visit({ at: NOW - 9 * DAY, engagedMs: 70_000 }),
          visit({ at: NOW - 2 * DAY }),
          visit({ at: NOW, maxScroll: 100, blockTypesSeen: ['pricing'] }),
        ],
      ),
      DEFAULT_MODEL,
      NOW,
    );
    const evidence = Object.fromEntries(result.breakdown.map((b) => [b.rule, b.evidence]));
    expect(evidence.return_visits).toBe('returned 2 times over 9 days');
    // Two touches rules fire; the second is capped by the group's 30 points.
    expect(evidence.repeat_submission).toBe(
      'submitted 2 times since 2025-06-06 (capped at 30 for touches)',
    );
    expect(evidence.engaged_reading).toBe('read for 1 min 50 s over 3 visits');
    expect(evidence.deep_scroll).toBe('scrolled 100% of the page');
    expect(evidence.pricing_viewed).toBe('viewed the pricing on 2025-06-15');
    // Said nine days ago: a time-bound answer fades on its own, short half-life.
    expect(evidence.near_timeline).toBe(
      'plans to buy: "This month" (faded from +25, said 9 days ago)',
    );
    expect(evidence.business_email).toBe('writes from a company domain (northwind.com)');
  });
});

describe('decay', () => {
  it('halves behaviour points every half-life and says so', () => {
    expect(decayFactor(0, 30)).toBe(1);
    expect(decayFactor(30 * DAY, 30)).toBeCloseTo(0.5);
    expect(decayFactor(60 * DAY, 30)).toBeCloseTo(0.25);
    const old = facts(
      [sub('contact', {}, NOW - 30 * DAY)],
      [visit({ at: NOW - 30 * DAY, maxScroll: 100 })],
    );
    const line = score(old, DEFAULT_MODEL, NOW).breakdown.find((b) => b.rule === 'deep_scroll')!;
    expect(line.points).toBe(3); // 5 × ½, rounded
    expect(line.evidence).toBe('scrolled 100% of the page (faded from +5, last seen 30 days ago)');
    const fresh = score(old, DEFAULT_MODEL, NOW - 30 * DAY).breakdown;
    expect(fresh.find((b) => b.rule === 'deep_scroll')!.points).toBe(5);
  });

  it('never decays who the lead is', () => {
    const long = facts([sub('demo', { company: 'Northwind' }, NOW - 400 * DAY)]);
    const lines = score(long, DEFAULT_MODEL, NOW).breakdown;
    expect(lines.find((b) => b.rule === 'business_email')!.points).toBe(10);
    expect(lines.find((b) => b.rule === 'company_named')!.points).toBe(5);
  });

  it('lets "this month" go stale fast and a demo request slowly', () => {
    const asked = facts([sub('demo', { timeline: 'This month' }, NOW - 60 * DAY)]);
    const lines = score(asked, DEFAULT_MODEL, NOW).breakdown;
    // 60 days is one stated-intent half-life: 45 × ½.
    expect(lines.find((b) => b.rule === 'demo_request')!.points).toBe(23);
    expect(lines.find((b) => b.rule === 'demo_request')!.evidence).toContain(
      'faded from +45, said 60 days ago',
    );
    // 60 days is over four timeline half-lives: 25 × ½^(60/14) ≈ 1.
    expect(lines.find((b) => b.rule === 'near_timeline')!.points).toBe(1);
    const halfLives = { ...DEFAULT_MODEL, timelineHalfLifeDays: 60, requestHalfLifeDays: 365 };
    const slower = score(asked, halfLives, NOW).breakdown;
    expect(slower.find((b) => b.rule === 'near_timeline')!.points).toBe(13);
  });

  it('fades a budget and a phone number as stated intent', () => {
    const old = facts([sub('quote', { budget: '$5k', phone: '+1 555 0100' }, NOW - 120 * DAY)]);
    const lines = score(old, DEFAULT_MODEL, NOW).breakdown;
    expect(lines.find((b) => b.rule === 'budget_given')!.points).toBe(3); // 10 × ¼, rounded
    expect(lines.find((b) => b.rule === 'phone_left')!.points).toBe(3);
  });

  it('follows the model half-life', () => {
    const old = facts([sub('download', {}, NOW - 10 * DAY)]);
    const points = (halfLifeDays: number) =>
      score(old, { ...DEFAULT_MODEL, halfLifeDays }, NOW).breakdown.find(
        (b) => b.rule === 'content_download',
      )!.points;
    expect(points(10)).toBe(8); // 15 × ½
    expect(points(365)).toBe(15);
  });

  it('lets an old behaviour fade out of the breakdown entirely', () => {
    const ancient = facts([sub('contact')], [visit({ at: NOW - 400 * DAY, maxScroll: 100 })]);
    expect(fired(ancient)).not.toContain('deep_scroll');
  });
});

describe('tiers', () => {
  it('uses the model thresholds, inclusive', () => {
    const t = DEFAULT_MODEL.thresholds;
    expect(tierFor(t.hot, t.intent, t)).toBe('hot');
    expect(tierFor(t.hot - 1, t.intent, t)).toBe('warm');
    expect(tierFor(t.warm, 0, t)).toBe('warm');
    expect(tierFor(t.warm - 1, t.intent, t)).toBe('cold');
  });

  it('needs a buying signal for hot: interest alone, however much, is warm', () => {
    const t = DEFAULT_MODEL.thresholds;
    expect(tierFor(200, 0, t)).toBe('warm');
    expect(tierFor(200, t.intent - 1, t)).toBe('warm');
    expect(tierFor(t.hot, t.intent, t)).toBe('hot');
  });

  const skim = visit({ engagedMs: 6_000, maxScroll: 25, sectionsSeen: 1 });
  const read = (at: number) =>
    visit({ at, engagedMs: 95_000, maxScroll: 90, sectionsSeen: 5, clicks: 1 });
  const personas: [string, LeadFacts, string][] = [
    [
      'a first-time visitor who skims and subscribes',
      facts([sub('newsletter')], [skim], 'jo@gmail.com'),
      'cold',
    ],
    ['the same from a company address', facts([sub('newsletter')], [skim]), 'cold'],
    [
      'a reader back on a second day who downloads the guide',
      facts([sub('download')], [visit({ at: NOW - DAY }), read(NOW)], 'jo@gmail.com'),
      'warm',
    ],
    [
      'the same reader from a company address',
      facts([sub('download')], [visit({ at: NOW - DAY }), read(NOW)]),
      'warm',
    ],
    [
      'a returning visitor who viewed pricing and asks for a demo this month',
      facts(
        [sub('demo', { timeline: 'This month' })],
        [visit({ at: NOW - 3 * DAY }), visit({ blockTypesSeen: ['hero', 'pricing', 'form'] })],
      ),
      'hot',
    ],
    [
      'a demo request with a near timeline',
      facts([sub('demo', { timeline: 'This month' })]),
      'hot',
    ],
    [
      'a demo request from a company that leaves a phone number',
      facts([sub('demo', { phone: '+1 555 0100', company: 'Northwind' })]),
      'hot',
    ],
    ['a demo request alone, from free mail', facts([sub('demo')], [], 'jo@gmail.com'), 'warm'],
    ['a first newsletter signup, untracked', facts([sub('newsletter')]), 'cold'],
    [
      // The researcher of issue 13: returns, reads, downloads, from a company: no buying signal.
      'a reader who returns three times and reads for minutes, from a company, without any buying signal',
      facts(
        [sub('download', { company: 'Northwind' })],
        [read(NOW - 9 * DAY), read(NOW - 5 * DAY), read(NOW - 2 * DAY), read(NOW)],
        'jo@northwind.com',
        'newsletter',
      ),
      'warm',
    ],
    [
      'a buyer who asked for a demo this month, then went quiet for two and a half months',
      facts(
        [sub('demo', { timeline: 'This month', company: 'Northwind' }, NOW - 75 * DAY)],
        [visit({ at: NOW - 80 * DAY }), visit({ at: NOW - 75 * DAY, blockTypesSeen: ['pricing'] })],
      ),
      'warm',
    ],
    [
      'the same buyer on the day they asked',
      facts(
        [sub('demo', { timeline: 'This month', company: 'Northwind' }, NOW - 75 * DAY)],
        [visit({ at: NOW - 80 * DAY }), visit({ at: NOW - 75 * DAY, blockTypesSeen: ['pricing'] })],
      ),
      'hot',
    ],
    [
      'a demo request this quarter from free mail',
      facts([sub('demo', { timeline: 'This quarter' })], [], 'jo@gmail.com'),
      'warm',
    ],
    [
      'a demo request from a disposable address that names a company',
      facts([sub('demo', { company: 'Northwind' })], [], 'jo@mailinator.com'),
      'warm',
    ],
  ];
  it.each(personas.map(([name, f, tier]) => ({ name, f, tier })))(
    '$name is $tier',
    ({ name, f, tier }) => {
      // "On the day they asked" scores the same facts 75 days earlier.
      const at = name.includes('on the day they asked') ? NOW - 75 * DAY : NOW;
      expect(score(f, DEFAULT_MODEL, at).tier).toBe(tier);
    },
  );

  it('says which axis holds a lead back', () => {
    const t = DEFAULT_MODEL.thresholds;
    const reader = facts(
      [sub('download', { company: 'Northwind' })],
      [read(NOW - 9 * DAY), read(NOW - 5 * DAY), read(NOW)],
      'jo@northwind.com',
      'newsletter',
    );
    const result = score(reader, DEFAULT_MODEL, NOW);
    expect(result.score).toBeGreaterThanOrEqual(t.hot);
    expect(result.axes).toEqual(axesOf(result.breakdown));
    expect(result.axes.intent).toBe(0);
    expect(tierVerdict(result.tier, result.axes, t)).toMatch(
      /^Warm: reads a lot, no buying signal yet/,
    );
    const buyer = score(facts([sub('demo', { timeline: 'ASAP' })]), DEFAULT_MODEL, NOW);
    expect(tierVerdict(buyer.tier, buyer.axes, t)).toMatch(
      /^Hot: a buying signal \(70 intent points\)/,
    );
    const keen = score(facts([sub('demo')], [], 'jo@gmail.com'), DEFAULT_MODEL, NOW);
    expect(tierVerdict(keen.tier, keen.axes, t)).toMatch(/^Warm: a buying signal, but not enough/);
  });

  it('reads a stored model from before the two axes with the new defaults', () => {
    const stored = {
      version: 3,
      weights: {},
      caps: {},
      thresholds: { hot: 70, warm: 30 },
      halfLifeDays: 20,
    };
    const model = scoringModelSchema.parse(stored);
    expect(model.thresholds.intent).toBe(10);
    expect(model.timelineHalfLifeDays).toBe(14);
    expect(model.brandSources).toEqual(['newsletter', 'email']);
  });

  it('counts the sources the owner names as their own channels', () => {
    const f = facts([sub('download')], [visit({ utm: { source: 'Weekly-Digest' } })]);
    expect(fired(f)).not.toContain('brand_channel');
    const own = { ...DEFAULT_MODEL, brandSources: ['weekly-digest'] };
    const line = score(f, own, NOW).breakdown.find((b) => b.rule === 'brand_channel')!;
    expect(line.points).toBe(10);
    expect(line.evidence).toBe('arrived from your own channel (Weekly-Digest)');
  });

  it('refuses a model whose warm threshold is not below hot', () => {
    const bad = { ...DEFAULT_MODEL, thresholds: { hot: 20, warm: 20 } };
    expect(scoringModelSchema.safeParse(bad).success).toBe(false);
  });

  it('refuses weights for rules that do not exist', () => {
    const bad = { ...DEFAULT_MODEL, weights: { made_up: 10 } };
    expect(scoringModelSchema.safeParse(bad).success).toBe(false);
  });

  it('scores a rule a stored model predates with its default weight', () => {
    const { pricing_viewed: _, ...older } = DEFAULT_MODEL.weights;
    const f = facts([sub('contact')], [visit({ blockTypesSeen: ['pricing'] })]);
    expect(
      score(f, { ...DEFAULT_MODEL, weights: older }, NOW).breakdown.map((b) => b.rule),
    ).toContain('pricing_viewed');
  });
});

describe('caps and the sum invariant', () => {
  it('caps a group and says so in the evidence, keeping the sum exact', () => {
    const many = facts(Array.from({ length: 6 }, (_, i) => sub('download', {}, NOW - i * 1000)));
    const model = { ...DEFAULT_MODEL, caps: { ...DEFAULT_MODEL.caps, touches: 20 } };
    const result = score(many, model, NOW);
    const line = result.breakdown.find((b) => b.rule === 'repeat_submission')!;
    expect(line.points).toBe(20);
    expect(line.evidence).toContain('capped at 20');
  });

  it('breakdown adds up to the score for random facts, models and dates', () => {
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const purposes = [
      'newsletter',
      'download',
      'contact',
      'demo',
      'quote',
      'registration',
    ] as const;
    const when = () => NOW - Math.floor(rand() * 200 * DAY);
    for (let i = 0; i < 1000; i++) {
      const submissions = Array.from({ length: 1 + Math.floor(rand() * 6) }, () =>
        sub(
          pick(purposes),
          {
            ...(rand() < 0.5 ? { timeline: pick(['This month', 'Next year', 'ASAP', '']) } : {}),
            ...(rand() < 0.5 ? { phone: '+1 555 0100' } : {}),
            ...(rand() < 0.3 ? { budget: '$5k' } : {}),
            ...(rand() < 0.5 ? { company: 'Initech' } : {}),
            ...(rand() < 0.3 ? { message: 'x'.repeat(Math.floor(rand() * 200)) } : {}),
          },
          when(),
        ),
      );
      const visits = Array.from({ length: Math.floor(rand() * 5) }, () =>
        visit({
          at: when(),
          engagedMs: Math.floor(rand() * 300_000),
          maxScroll: Math.floor(rand() * 101),
          sectionsSeen: Math.floor(rand() * 8),
          blockTypesSeen: rand() < 0.3 ? ['pricing'] : [],
          clicks: Math.floor(rand() * 4),
        }),
      );
      const weights = Object.fromEntries(RULES.map((r) => [r.id, Math.round(rand() * 120 - 40)]));
      const caps = Object.fromEntries(
        RULE_GROUPS.filter(() => rand() < 0.5).map((g) => [g, Math.floor(rand() * 80)]),
      );
      const model = { ...DEFAULT_MODEL, weights, caps, halfLifeDays: 1 + Math.floor(rand() * 90) };
      const result = score(
        facts(submissions, visits, pick(['a@gmail.com', 'b@initech.com'])),
        model,
        NOW,
      );
      expect(result.breakdown.reduce((s, b) => s + b.points, 0)).toBe(result.score);
      // Freshness can only hold a lead back from hot, never lift one.
      const byPoints = tierFor(result.score, result.axes.intent, model.thresholds);
      if (result.tier === 'hot' || byPoints !== 'hot') expect(result.tier).toBe(byPoints);
      else
        expect(result.tier).toBe(
          tierFor(result.score, result.axes.intent, model.thresholds, false),
        );
      expect(result.axes.interest + result.axes.intent).toBe(result.score);
      for (const line of result.breakdown) expect(Number.isInteger(line.points)).toBe(true);
      for (const [group, cap] of Object.entries(caps)) {
        const sum = result.breakdown
          .filter((b) => b.group === group)
          .reduce((s, b) => s + b.points, 0);
        expect(Math.abs(sum)).toBeLessThanOrEqual(cap);
      }
    }
  });
});

/**
 * Issue 37, from the texts' definitions: the hot lead is "specifically looking for what you
 * are offering" and "about to purchase" — now, not a hundred days ago, and not while saying
 * they are just exploring.
 */
describe('a hot lead needs a fresh buying signal and no "not yet"', () => {
  const reading = (at: number) =>
    visit({ at, engagedMs: 150_000, maxScroll: 95, sectionsSeen: 6, blockTypesSeen: ['text'] });
  const asked = NOW - 100 * DAY;
  const lapsed = facts(
    [sub('demo', { timeline: 'This month', phone: '+1 415 555 0134' }, asked)],
    [visit({ at: asked - 3 * DAY }), visit({ at: asked, blockTypesSeen: ['pricing', 'form'] })],
    'jo@northwind.com',
  );

  it('was hot on the day of the request', () => {
    expect(score(lapsed, DEFAULT_MODEL, asked).tier).toBe('hot');
  });

  it('does not turn a lead hot again when they come back to read a hundred days later', () => {
    const back = { ...lapsed, visits: [...lapsed.visits, reading(NOW)] };
    const result = score(back, DEFAULT_MODEL, NOW);
    // Before issue 37 the faded remainder and the reading crossed the hot threshold together.
    expect(result.score).toBeGreaterThanOrEqual(DEFAULT_MODEL.thresholds.hot);
    expect(result.tier).toBe('warm');
    // The faded request still counts as points, and the breakdown still adds up...
    expect(result.breakdown.find((l) => l.rule === 'demo_request')!.evidence).toMatch(/faded/);
    expect(result.breakdown.reduce((n, l) => n + l.points, 0)).toBe(result.score);
    // ...but nothing the lead said or did within its half-life says "about to buy".
    expect(
      tierVerdict(result.tier, result.axes, DEFAULT_MODEL.thresholds, result.breakdown),
    ).toMatch(/^Warm: their buying signals are old/);
    // Even a reading visit that pushes the points far past the hot threshold stays warm.
    const keen = {
      ...back,
      visits: [...back.visits, reading(NOW - DAY), reading(NOW - 2 * DAY)],
    };
    const points = score(keen, DEFAULT_MODEL, NOW);
    expect(points.score).toBeGreaterThanOrEqual(DEFAULT_MODEL.thresholds.hot);
    expect(points.tier).toBe('warm');
  });

  it('makes a lapsed lead hot again when they ask again', () => {
    const again = {
      ...lapsed,
      submissions: [...lapsed.submissions, sub('demo', { timeline: 'ASAP' })],
      visits: [...lapsed.visits, reading(NOW)],
    };
    expect(score(again, DEFAULT_MODEL, NOW).tier).toBe('hot');
  });

  it('keeps a first-visit buyer who views pricing and asks for a demo this month hot', () => {
    const buyer = facts(
      [sub('demo', { timeline: 'This month' })],
      [visit({ at: NOW - 60_000, blockTypesSeen: ['hero', 'pricing', 'form'], engagedMs: 40_000 })],
      'jo@gmail.com',
    );
    expect(score(buyer, DEFAULT_MODEL, NOW).tier).toBe('hot');
  });

  it('counts a signal as fresh up to its half-life and no longer', () => {
    // A demo request from a company with a phone number: 45 + 10 + 10 + 5 intent and fit.
    const request = (at: number) =>
      facts([sub('demo', { phone: '+1 555 0100', company: 'Northwind' }, at)], [reading(NOW)]);
    const halfLife = DEFAULT_MODEL.requestHalfLifeDays * DAY;
    expect(score(request(NOW - halfLife), DEFAULT_MODEL, NOW).tier).toBe('hot');
    expect(score(request(NOW - halfLife - DAY), DEFAULT_MODEL, NOW).tier).toBe('warm');
  });

  it('hears "just exploring" on a demo request: a line of its own, and not hot', () => {
    // The case of the issue: straight to the form from a "book a demo" link, seconds on it,
    // company address and name — 60 points and hot before.
    const exploring = facts(
      [sub('demo', { timeline: 'Just exploring', company: 'Northwind' })],
      [visit({ engagedMs: 8_000, sectionsSeen: 1, blockTypesSeen: ['form'], clicks: 1 })],
    );
    const result = score(exploring, DEFAULT_MODEL, NOW);
    const line = result.breakdown.find((l) => l.rule === 'not_yet')!;
    expect(line).toMatchObject({ group: 'intent', points: -25 });
    expect(line.evidence).toBe('said they are not buying yet: "Just exploring"');
    expect(result.tier).not.toBe('hot');
    expect(
      tierVerdict(result.tier, result.axes, DEFAULT_MODEL.thresholds, result.breakdown),
    ).toMatch(/not buying yet/);
    // The same request with a near timeline is hot, as it always was.
    const soon = facts([sub('demo', { timeline: 'This month', company: 'Northwind' })]);
    expect(score(soon, DEFAULT_MODEL, NOW).tier).toBe('hot');
  });

  it.each([
    'No plans yet',
    'Next year',
    'Only researching',
    'Not sure',
    'Just looking',
    '12+ months',
  ])('hears "%s" as not yet', (answer) => {
    const said = facts([sub('demo', { timeline: answer, phone: '+1 555 0100', company: 'X' })]);
    const result = score(said, DEFAULT_MODEL, NOW);
    expect(result.breakdown.map((l) => l.rule)).toContain('not_yet');
    expect(result.breakdown.map((l) => l.rule)).not.toContain('near_timeline');
    expect(result.tier).not.toBe('hot');
  });

  it('still counts a "not yet" when buying signals fill the intent cap', () => {
    const full = facts(
      [sub('demo', { timeline: 'Next year', phone: '+1 555 0100', budget: '$50k' })],
      [visit({ blockTypesSeen: ['pricing'] })],
    );
    const model = { ...DEFAULT_MODEL, caps: { ...DEFAULT_MODEL.caps, intent: 50 } };
    const result = score(full, model, NOW);
    expect(result.breakdown.find((l) => l.rule === 'not_yet')!.points).toBe(-25);
    expect(result.breakdown.reduce((n, l) => n + l.points, 0)).toBe(result.score);
  });

  it('lets a buying signal given after the "not yet" count again', () => {
    const later = facts(
      [sub('demo', { timeline: 'Just exploring', company: 'Northwind' }, NOW - 5 * DAY)],
      [
        visit({ at: NOW - 5 * DAY }),
        visit({ at: NOW, blockTypesSeen: ['pricing'], engagedMs: 70_000 }),
      ],
    );
    expect(score(later, DEFAULT_MODEL, NOW).tier).toBe('hot');
  });

  it('lets the owner weigh the "not yet" like every rule', () => {
    const exploring = facts([sub('demo', { timeline: 'Just exploring', company: 'Northwind' })]);
    const off = { ...DEFAULT_MODEL, weights: { ...DEFAULT_MODEL.weights, not_yet: 0 } };
    const result = score(exploring, off, NOW);
    expect(result.breakdown.map((l) => l.rule)).not.toContain('not_yet');
    expect(result.tier).toBe('hot');
  });
});
