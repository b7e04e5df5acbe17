import { z } from 'zod';
import type { Tier } from '../../../db/schema';
import { fail, ok, type Result } from '../../shared/result';
import type { TierMoves } from '../leads/rescore';
import { scoringModelSchema, weightOf, type ScoringModel } from './model';
import { RULE_GROUPS, RULES, type RuleKind } from './rules';

/** The model editor's field names: one per weight, per cap, per threshold. */
export const modelFieldName = {
  weight: (ruleId: string) => `w.${ruleId}`,
  cap: (group: string) => `cap.${group}`,
};

const whole = (min: number, max: number, what: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${what}.`)
    .pipe(
      z.coerce
        .number<string>({ error: `Enter ${what} as a whole number.` })
        .int(`Enter ${what} as a whole number.`)
        .min(min, `${what[0]!.toUpperCase()}${what.slice(1)} must be at least ${min}.`)
        .max(max, `${what[0]!.toUpperCase()}${what.slice(1)} must be at most ${max}.`),
    );
/** An empty cap means "no cap". */
const optionalCap = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v : undefined))
  .pipe(whole(0, 500, 'a cap').optional());

/** "newsletter, Weekly Digest" → ['newsletter', 'weekly digest']. */
const sourceList = z
  .string()
  .max(1_000)
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.string().max(60, 'Keep each source under 60 characters.'))
      .max(20, 'Name at most 20 sources.'),
  );

const postedSchema = z.object({
  ...Object.fromEntries(
    RULES.map((r) => [modelFieldName.weight(r.id), whole(-100, 100, 'points')]),
  ),
  ...Object.fromEntries(RULE_GROUPS.map((g) => [modelFieldName.cap(g), optionalCap])),
  hot: whole(1, 1000, 'the hot threshold'),
  warm: whole(0, 1000, 'the warm threshold'),
  intent: whole(0, 500, 'the intent points hot needs'),
  halfLifeDays: whole(1, 365, 'a half-life in days'),
  requestHalfLifeDays: whole(1, 365, 'a half-life in days'),
  timelineHalfLifeDays: whole(1, 365, 'a half-life in days'),
  brandSources: sourceList,
});

export type ModelDraft = Omit<ScoringModel, 'version'>;

/** Reads the editor's posted fields into a model, or says which field is wrong and why. */
export function modelFromForm(
  posted: Record<string, unknown>,
): Result<ModelDraft, 'invalid_model'> {
  const parsed = postedSchema.safeParse(posted);
  const errors: Record<string, string> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return fail('invalid_model', 'Some values need a second look.', errors);
  }
  const { brandSources, ...numbers } = parsed.data;
  const values = numbers as Record<string, number | undefined>;
  const draft = {
    weights: Object.fromEntries(RULES.map((r) => [r.id, values[modelFieldName.weight(r.id)]!])),
    caps: Object.fromEntries(
      RULE_GROUPS.flatMap((g) => {
        const cap = values[modelFieldName.cap(g)];
        return cap === undefined ? [] : [[g, cap]];
      }),
    ),
    thresholds: { hot: values.hot!, warm: values.warm!, intent: values.intent! },
    halfLifeDays: values.halfLifeDays!,
    requestHalfLifeDays: values.requestHalfLifeDays!,
    timelineHalfLifeDays: values.timelineHalfLifeDays!,
    brandSources,
  };
  const checked = scoringModelSchema.safeParse({ ...draft, version: 0 });
  if (!checked.success) {
    for (const issue of checked.error.issues) errors[String(issue.path.at(-1))] ??= issue.message;
    return fail('invalid_model', 'Some values need a second look.', errors);
  }
  const { version: _, ...model } = checked.data;
  return ok(model);
}

/** A model as the editor's field values. */
export function modelToForm(model: ScoringModel): Record<string, string> {
  return {
    ...Object.fromEntries(
      RULES.map((r) => [modelFieldName.weight(r.id), String(weightOf(model, r.id))]),
    ),
    ...Object.fromEntries(
      RULE_GROUPS.map((g) => [
        modelFieldName.cap(g),
        model.caps[g] === undefined ? '' : String(model.caps[g]),
      ]),
    ),
    hot: String(model.thresholds.hot),
    warm: String(model.thresholds.warm),
    intent: String(model.thresholds.intent),
    halfLifeDays: String(model.halfLifeDays),
    requestHalfLifeDays: String(model.requestHalfLifeDays),
    timelineHalfLifeDays: String(model.timelineHalfLifeDays),
    brandSources: model.brandSources.join(', '),
  };
}

const TIER_ORDER: Tier[] = ['cold', 'warm', 'hot'];

/** "Under this model: 4 hot, 12 warm (3 of them read a lot but show no buying signal)…" */
export function describeAxes(preview: {
  tiers: Record<Tier, number>;
  noBuyingSignal: number;
}): string {
  const { hot, warm, cold } = preview.tiers;
  const held = preview.noBuyingSignal
    ? ` (${preview.noBuyingSignal} of them with points enough for hot but no fresh buying signal)`
    : '';
  return `Under this model: ${hot} hot, ${warm} warm${held} and ${cold} cold.`;
}

/** How each kind of rule ages, as the editor says it beside the rule. */
export const KIND_NOTE: Record<RuleKind, string> = {
  behaviour: 'Fades with the behaviour half-life.',
  request: 'Fades with the stated-intent half-life.',
  timeline: 'Fades with the timeline half-life.',
  fact: 'Does not fade.',
};

/** "This change moves 12 leads from warm to hot and 3 from cold to warm." */
export function describeMoves(moves: TierMoves, leads: number): string {
  const lines = (Object.entries(moves) as [`${Tier}>${Tier}`, number][])
    .map(([key, n]) => {
      const [from, to] = key.split('>') as [Tier, Tier];
      return { from, to, n };
    })
    .sort((a, b) => b.n - a.n || TIER_ORDER.indexOf(b.to) - TIER_ORDER.indexOf(a.to));
  if (!lines.length)
    return `This change moves none of your ${leads} ${leads === 1 ? 'lead' : 'leads'} to another tier.`;
  const parts = lines.map(
    ({ from, to, n }, i) =>
      `${n}${i === 0 ? (n === 1 ? ' lead' : ' leads') : ''} from ${from} to ${to}`,
  );
  const list =
    parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  return `This change moves ${list}.`;
}

/** How the editor presents each group of rules. */
export const GROUP_GUIDE: Record<(typeof RULE_GROUPS)[number], { title: string; about: string }> = {
  touches: {
    title: 'Familiarity and touches',
    about: 'Coming back and submitting again: the several touches that come before a purchase.',
  },
  engagement: {
    title: 'Engagement',
    about: 'Reading, scrolling, clicking and downloading: interest shown on the page.',
  },
  intent: {
    title: 'Intent',
    about:
      'Signs of someone about to buy: a demo or quote request, prices viewed, a near timeline. A "not yet" answer takes points away, and hot needs a buying signal given after it.',
  },
  fit: { title: 'Fit', about: 'Whether the lead is an organisation that can buy.' },
  negative: {
    title: 'Low commitment',
    about: 'Signs of a casual look; these take points away.',
  },
};
