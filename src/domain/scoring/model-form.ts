import { z } from 'zod';
import type { Tier } from '../../../db/schema';
import { fail, ok, type Result } from '../result';
import type { TierMoves } from '../leads/rescore';
import { scoringModelSchema, weightOf, type ScoringModel } from './model';
import { RULE_GROUPS, RULES } from './rules';

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

const postedSchema = z.object({
  ...Object.fromEntries(
    RULES.map((r) => [modelFieldName.weight(r.id), whole(-100, 100, 'points')]),
  ),
  ...Object.fromEntries(RULE_GROUPS.map((g) => [modelFieldName.cap(g), optionalCap])),
  hot: whole(1, 1000, 'the hot threshold'),
  warm: whole(0, 1000, 'the warm threshold'),
  halfLifeDays: whole(1, 365, 'a half-life in days'),
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
  const values = parsed.data as Record<string, number | undefined>;
  const draft = {
    weights: Object.fromEntries(RULES.map((r) => [r.id, values[modelFieldName.weight(r.id)]!])),
    caps: Object.fromEntries(
      RULE_GROUPS.flatMap((g) => {
        const cap = values[modelFieldName.cap(g)];
        return cap === undefined ? [] : [[g, cap]];
      }),
    ),
    thresholds: { hot: values.hot!, warm: values.warm! },
    halfLifeDays: values.halfLifeDays!,
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
    halfLifeDays: String(model.halfLifeDays),
  };
}

const TIER_ORDER: Tier[] = ['cold', 'warm', 'hot'];

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
      'Signs of someone about to buy: a demo or quote request, prices viewed, a near timeline.',
  },
  fit: { title: 'Fit', about: 'Whether the lead is an organisation that can buy.' },
  negative: {
    title: 'Low commitment',
    about: 'Signs of a casual look; these take points away.',
  },
};
