import type { Tier } from '../../../db/schema';
import type { LeadFacts } from './facts';
import { weightOf, type ScoringModel } from './model';
import { RULES, type Rule, type RuleGroup } from './rules';

export type BreakdownLine = { rule: string; group: RuleGroup; points: number; evidence: string };
export type ScoreResult = {
  score: number;
  tier: Tier;
  breakdown: BreakdownLine[];
  modelVersion: number;
};

const DAY_MS = 86_400_000;

export function tierFor(score: number, thresholds: ScoringModel['thresholds']): Tier {
  if (score >= thresholds.hot) return 'hot';
  if (score >= thresholds.warm) return 'warm';
  return 'cold';
}

/** What a behaviour is still worth after `ageMs`: it halves every half-life. */
export const decayFactor = (ageMs: number, halfLifeDays: number): number =>
  ageMs <= 0 ? 1 : 0.5 ** (ageMs / (halfLifeDays * DAY_MS));

const ago = (ms: number) => {
  const days = Math.floor(ms / DAY_MS);
  return days < 1 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`;
};

/**
 * Scores a lead at `now`. Behaviour points decay; caps are applied inside the breakdown (a
 * line shows the whole points it really gave), so the breakdown always adds up to the score.
 */
export function score(
  facts: LeadFacts,
  model: ScoringModel,
  now: number,
  rules: Rule[] = RULES,
): ScoreResult {
  const used = new Map<RuleGroup, number>();
  const breakdown: BreakdownLine[] = [];
  for (const rule of rules) {
    const weight = weightOf(model, rule.id);
    if (weight === 0) continue;
    const firing = rule.fire(facts);
    if (!firing) continue;
    const full = weight * firing.times;
    const age = rule.kind === 'behaviour' && firing.at !== undefined ? now - firing.at : 0;
    const wanted = Math.round(full * decayFactor(age, model.halfLifeDays));
    const cap = model.caps[rule.group];
    const sofar = used.get(rule.group) ?? 0;
    const room = cap === undefined ? Infinity : Math.max(0, cap - Math.abs(sofar));
    const points = Math.sign(wanted) * Math.min(Math.abs(wanted), room);
    if (points === 0) continue;
    used.set(rule.group, sofar + points);
    const notes = [
      wanted !== full ? `faded from ${full > 0 ? '+' : ''}${full}, last seen ${ago(age)}` : '',
      points !== wanted ? `capped at ${cap} for ${rule.group}` : '',
    ].filter(Boolean);
    breakdown.push({
      rule: rule.id,
      group: rule.group,
      points,
      evidence: notes.length ? `${firing.evidence} (${notes.join('; ')})` : firing.evidence,
    });
  }
  const total = breakdown.reduce((sum, line) => sum + line.points, 0);
  return {
    score: total,
    tier: tierFor(total, model.thresholds),
    breakdown,
    modelVersion: model.version,
  };
}
