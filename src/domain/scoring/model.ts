import { z } from 'zod';
import type { RuleGroup } from './rules';

const GROUPS = [
  'touches',
  'engagement',
  'intent',
  'fit',
  'negative',
] as const satisfies readonly RuleGroup[];

/** The editable part of scoring: weights, caps and thresholds. Rules themselves are code. */
export const scoringModelSchema = z
  .object({
    version: z.number().int().min(0),
    weights: z.record(z.string().max(60), z.number().int().min(-100).max(100)),
    /** Most points a group can add (or, for negative, take away). */
    caps: z.partialRecord(z.enum(GROUPS), z.number().int().min(0).max(500)),
    thresholds: z.object({
      hot: z.number().int().min(1).max(1000),
      warm: z.number().int().min(0).max(1000),
    }),
  })
  .refine((m) => m.thresholds.warm < m.thresholds.hot, {
    path: ['thresholds', 'warm'],
    message: 'The warm threshold must be below the hot threshold.',
  });
export type ScoringModel = z.infer<typeof scoringModelSchema>;

/** Weights chosen so that explicit intent plus fit reaches hot, and a newsletter signup stays cold. */
export const DEFAULT_MODEL: ScoringModel = scoringModelSchema.parse({
  version: 0,
  weights: {
    repeat_submission: 15,
    demo_request: 35,
    near_timeline: 25,
    budget_given: 10,
    phone_left: 10,
    business_email: 10,
    company_named: 5,
    detailed_message: 5,
    newsletter_only: -5,
  },
  caps: { touches: 30, intent: 60, fit: 15, engagement: 30, negative: 20 },
  thresholds: { hot: 50, warm: 20 },
});
