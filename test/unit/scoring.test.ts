import { describe, expect, it } from 'vitest';
import type { FormPurpose } from '../../src/domain/forms/definition';
import type { LeadFacts, SubmissionFact } from '../../src/domain/scoring/facts';
import { DEFAULT_MODEL, scoringModelSchema } from '../../src/domain/scoring/model';
import { RULES } from '../../src/domain/scoring/rules';
import { score, tierFor } from '../../src/domain/scoring/score';

const DAY = 86_400_000;
const sub = (
  purpose: FormPurpose,
  answers: SubmissionFact['answers'] = {},
  at = 1_750_000_000_000,
): SubmissionFact => ({ at, purpose, answers });
const facts = (submissions: SubmissionFact[], email = 'jo@northwind.com'): LeadFacts => ({
  email,
  submissions,
});
const fired = (f: LeadFacts) => score(f, DEFAULT_MODEL).breakdown.map((b) => b.rule);

describe('default rules', () => {
  const table: { rule: string; fires: LeadFacts; doesNot: LeadFacts }[] = [
    {
      rule: 'repeat_submission',
      fires: facts([sub('newsletter'), sub('download')]),
      doesNot: facts([sub('download')]),
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
      fires: facts([sub('contact')], 'jo@northwind.com'),
      doesNot: facts([sub('contact')], 'jo@gmail.com'),
    },
    {
      rule: 'company_named',
      fires: facts([sub('contact', { company: 'Northwind' })]),
      doesNot: facts([sub('contact')]),
    },
    {
      rule: 'detailed_message',
      fires: facts([sub('contact', { message: 'x'.repeat(80) })]),
      doesNot: facts([sub('contact', { message: 'hi' })]),
    },
    {
      rule: 'newsletter_only',
      fires: facts([sub('newsletter')]),
      doesNot: facts([sub('newsletter'), sub('download')]),
    },
  ];

  it.each(table)('$rule fires when it should and not otherwise', ({ rule, fires, doesNot }) => {
    expect(fired(fires)).toContain(rule);
    expect(fired(doesNot)).not.toContain(rule);
  });

  it('covers every rule in the catalogue with a weight', () => {
    for (const rule of RULES) expect(DEFAULT_MODEL.weights[rule.id], rule.id).toBeDefined();
    expect(new Set(table.map((t) => t.rule))).toEqual(new Set(RULES.map((r) => r.id)));
  });

  it('explains each point with evidence from the facts', () => {
    const result = score(
      facts([
        sub('demo', { timeline: 'This month', company: 'Northwind' }, 0),
        sub('demo', {}, 9 * DAY),
      ]),
      DEFAULT_MODEL,
    );
    const evidence = Object.fromEntries(result.breakdown.map((b) => [b.rule, b.evidence]));
    expect(evidence.repeat_submission).toBe('submitted 2 times since 1970-01-01');
    expect(evidence.near_timeline).toBe('plans to buy: "This month"');
    expect(evidence.business_email).toBe('writes from a company domain (northwind.com)');
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

  it.each([
    [
      'a demo request from a company that leaves a phone number',
      facts([sub('demo', { phone: '+1 555 0100', company: 'Northwind' })]),
      'hot',
    ],
    [
      'a demo request with a near timeline',
      facts([sub('demo', { timeline: 'This month' })]),
      'hot',
    ],
    ['a demo request from free mail', facts([sub('demo')], 'jo@gmail.com'), 'warm'],
    ['a returning newsletter subscriber', facts([sub('newsletter'), sub('newsletter')]), 'warm'],
    ['a first newsletter signup', facts([sub('newsletter')]), 'cold'],
    ['a newsletter signup from free mail', facts([sub('newsletter')], 'jo@gmail.com'), 'cold'],
  ])('%s is %s', (_name, f, tier) => {
    expect(score(f, DEFAULT_MODEL).tier).toBe(tier);
  });

  it('refuses a model whose warm threshold is not below hot', () => {
    const bad = { ...DEFAULT_MODEL, thresholds: { hot: 20, warm: 20 } };
    expect(scoringModelSchema.safeParse(bad).success).toBe(false);
  });
});

describe('caps and the sum invariant', () => {
  it('caps a group and says so in the evidence, keeping the sum exact', () => {
    const many = facts(Array.from({ length: 6 }, (_, i) => sub('download', {}, i * DAY)));
    const model = { ...DEFAULT_MODEL, caps: { ...DEFAULT_MODEL.caps, touches: 20 } };
    const result = score(many, model);
    const line = result.breakdown.find((b) => b.rule === 'repeat_submission')!;
    expect(line.points).toBe(20);
    expect(line.evidence).toContain('capped at 20');
  });

  it('breakdown adds up to the score for random facts and models', () => {
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
    for (let i = 0; i < 500; i++) {
      const submissions = Array.from({ length: 1 + Math.floor(rand() * 6) }, () =>
        sub(pick(purposes), {
          ...(rand() < 0.5 ? { timeline: pick(['This month', 'Next year', 'ASAP', '']) } : {}),
          ...(rand() < 0.5 ? { phone: '+1 555 0100' } : {}),
          ...(rand() < 0.3 ? { budget: '$5k' } : {}),
          ...(rand() < 0.5 ? { company: 'Initech' } : {}),
          ...(rand() < 0.3 ? { message: 'x'.repeat(Math.floor(rand() * 200)) } : {}),
        }),
      );
      const weights = Object.fromEntries(RULES.map((r) => [r.id, Math.round(rand() * 80 - 20)]));
      const caps =
        rand() < 0.5
          ? {
              touches: Math.floor(rand() * 40),
              intent: Math.floor(rand() * 80),
              negative: Math.floor(rand() * 10),
            }
          : {};
      const model = { ...DEFAULT_MODEL, weights, caps };
      const result = score(facts(submissions, pick(['a@gmail.com', 'b@initech.com'])), model);
      expect(result.breakdown.reduce((s, b) => s + b.points, 0)).toBe(result.score);
      for (const [group, cap] of Object.entries(caps)) {
        const sum = result.breakdown
          .filter((b) => b.group === group)
          .reduce((s, b) => s + b.points, 0);
        expect(Math.abs(sum)).toBeLessThanOrEqual(cap);
      }
    }
  });
});
