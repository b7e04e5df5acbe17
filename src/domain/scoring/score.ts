import type { Tier } from '../../../db/schema';
import type { LeadFacts } from './facts';
import type { ScoringModel } from './model';
import { RULES, type Rule, type RuleGroup } from './rules';

export type BreakdownLine = { rule: string; group: RuleGroup; points: number; evidence: string };
export type ScoreResult = {
  score: number;
  tier: Tier;
  breakdown: BreakdownLine[];
  modelVersion: number;
};

export function tierFor(score: number, thresholds: ScoringModel['thresholds']): Tier {
  if (score >= thresholds.hot) return 'hot';
  if (score >= thresholds.warm) return 'warm';
  return 'cold';
}

/**
 * Scores a lead. Caps are applied inside the breakdown (a line shows the points it really
 * gave), so the breakdown always adds up to the score.
 */
export function score(facts: LeadFacts, model: ScoringModel, rules: Rule[] = RULES): ScoreResult {
  const used = new Map<RuleGroup, number>();
  const breakdown: BreakdownLine[] = [];
  for (const rule of rules) {
    const weight = model.weights[rule.id] ?? 0;
    if (weight === 0) continue;
    const firing = rule.fire(facts);
    if (!firing) continue;
    const wanted = weight * firing.times;
    const cap = model.caps[rule.group];
    const sofar = used.get(rule.group) ?? 0;
    const room = cap === undefined ? Infinity : Math.max(0, cap - Math.abs(sofar));
    const points = Math.sign(wanted) * Math.min(Math.abs(wanted), room);
    if (points === 0) continue;
    used.set(rule.group, sofar + points);
    const capped = points !== wanted ? ` (capped at ${cap} for ${rule.group})` : '';
    breakdown.push({
      rule: rule.id,
      group: rule.group,
      points,
      evidence: `${firing.evidence}${capped}`,
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
