import { z } from 'zod';
import { RULE_GROUPS, RULE_IDS } from './rules';

const points = z.number().int().min(-100).max(100);
const halfLife = (days: number) => z.number().int().min(1).max(365).default(days);

/** The editable part of scoring: weights, caps, thresholds and decay. Rules are code. */
export const scoringModelSchema = z
  .object({
    version: z.number().int().min(0),
    /** Points per rule; a rule missing here scores its default weight. */
    weights: z.partialRecord(z.enum(RULE_IDS as [string, ...string[]]), points),
    /** Most points a group can add (or, for negative, take away). */
    caps: z.partialRecord(z.enum(RULE_GROUPS), z.number().int().min(0).max(500)),
    thresholds: z.object({
      hot: z.number().int().min(1).max(1000),
      warm: z.number().int().min(0).max(1000),
      /**
       * Intent points a lead needs, besides the hot total, to be hot: interest and fit alone,
       * however much, make a warm lead. Models saved before the two axes get the default.
       */
      intent: z.number().int().min(0).max(500).default(10),
    }),
    /** Behaviour points halve every this many days. */
    halfLifeDays: halfLife(30),
    /** Stated intent (a demo request, a budget, a phone number) fades too, more slowly. */
    requestHalfLifeDays: halfLife(60),
    /** A time-bound answer ("this month") fades fast: said ten weeks ago, it is over. */
    timelineHalfLifeDays: halfLife(14),
    /**
     * utm_source values that are the brand's own channels (its newsletter, its emails): a
     * visitor who arrives from one already knows the brand. utm_medium=email always counts.
     */
    brandSources: z
      .array(z.string().trim().toLowerCase().min(1).max(60))
      .max(20)
      .default(['newsletter', 'email']),
  })
  .refine((m) => m.thresholds.warm < m.thresholds.hot, {
    path: ['thresholds', 'warm'],
    message: 'The warm threshold must be below the hot threshold.',
  });
export type ScoringModel = z.infer<typeof scoringModelSchema>;
export type ScoringModelInput = z.input<typeof scoringModelSchema>;

/**
 * Chosen so that explicit intent with a near timeline, or intent with several touches,
 * reaches hot; engaged reading, a download and a return visit make warm, however much of
 * it (hot needs a buying signal); a newsletter signup after a quick look stays cold.
 * docs/scoring.md gives the reason for each number.
 */
export const DEFAULT_MODEL: ScoringModel = scoringModelSchema.parse({
  version: 0,
  weights: {
    return_visits: 10,
    repeat_submission: 15,
    brand_channel: 10,
    engaged_reading: 10,
    deep_scroll: 5,
    sections_seen: 5,
    cta_clicks: 5,
    content_download: 15,
    detailed_message: 5,
    pricing_viewed: 15,
    demo_request: 45,
    near_timeline: 25,
    quarter_timeline: 10,
    not_yet: -25,
    budget_given: 10,
    phone_left: 10,
    email_confirmed: 5,
    business_email: 10,
    company_named: 5,
    newsletter_only: -5,
    shallow_first_look: -5,
  },
  caps: { touches: 30, engagement: 30, intent: 80, fit: 15, negative: 20 },
  thresholds: { hot: 60, warm: 25, intent: 10 },
  halfLifeDays: 30,
  requestHalfLifeDays: 60,
  timelineHalfLifeDays: 14,
  brandSources: ['newsletter', 'email'],
});

/** A rule's weight in a model, its default when the model predates the rule. */
export const weightOf = (model: ScoringModel, ruleId: string): number =>
  model.weights[ruleId] ?? DEFAULT_MODEL.weights[ruleId] ?? 0;
