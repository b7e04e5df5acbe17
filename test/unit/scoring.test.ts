import { describe, expect, it } from 'vitest';
import type { FormPurpose } from '../../src/domain/forms/definition';
import type { LeadFacts, SubmissionFact, VisitFact } from '../../src/domain/scoring/facts';
import { DEFAULT_MODEL, scoringModelSchema } from '../../src/domain/scoring/model';
import { RULE_GROUPS, RULES } from '../../src/domain/scoring/rules';
import { decayFactor, score, tierFor } from '../../src/domain/scoring/score';

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
): LeadFacts => ({ email, submissions, visits });
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
      rule: 'company_named',
      fires: facts([sub('contact', { company: 'Northwind' })]),
      doesNot: facts([sub('contact')]),
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
    expect(evidence.near_timeline).toBe('plans to buy: "This month" (capped at 80 for intent)');
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

  it('never decays answers', () => {
    const asked = facts([sub('demo', { timeline: 'ASAP' }, NOW - 400 * DAY)]);
    const lines = score(asked, DEFAULT_MODEL, NOW).breakdown;
    expect(lines.find((b) => b.rule === 'demo_request')!.points).toBe(45);
    expect(lines.find((b) => b.rule === 'near_timeline')!.points).toBe(25);
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
    expect(tierFor(t.hot, t)).toBe('hot');
    expect(tierFor(t.hot - 1, t)).toBe('warm');
    expect(tierFor(t.warm, t)).toBe('warm');
    expect(tierFor(t.warm - 1, t)).toBe('cold');
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
  ];
  it.each(personas.map(([name, f, tier]) => ({ name, f, tier })))(
    '$name is $tier',
    ({ f, tier }) => {
      expect(score(f, DEFAULT_MODEL, NOW).tier).toBe(tier);
    },
  );

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
      expect(result.tier).toBe(tierFor(result.score, model.thresholds));
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
