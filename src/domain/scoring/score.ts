import type { Tier } from '../../../db/schema';
import type { LeadFacts } from './facts';
import { weightOf, type ScoringModel } from './model';
import {
  AXIS_OF_GROUP,
  NOT_YET_RULE,
  RULES,
  type Axis,
  type Rule,
  type RuleGroup,
  type RuleKind,
} from './rules';

export type BreakdownLine = { rule: string; group: RuleGroup; points: number; evidence: string };
export type Axes = Record<Axis, number>;
export type ScoreResult = {
  score: number;
  tier: Tier;
  breakdown: BreakdownLine[];
  /** The score split by axis: interest (touches, engagement, fit) and intent. */
  axes: Axes;
  modelVersion: number;
};

const DAY_MS = 86_400_000;

/** The half-life each kind of rule fades with; null never fades. */
const HALF_LIFE: Record<RuleKind, (m: ScoringModel) => number | null> = {
  behaviour: (m) => m.halfLifeDays,
  request: (m) => m.requestHalfLifeDays,
  timeline: (m) => m.timelineHalfLifeDays,
  fact: () => null,
};

/** How a faded line says when its points date from. */
const SINCE: Record<RuleKind, string> = {
  behaviour: 'last seen',
  request: 'said',
  timeline: 'said',
  fact: '',
};

/** The breakdown's points per axis. */
export function axesOf(breakdown: Pick<BreakdownLine, 'group' | 'points'>[]): Axes {
  const axes: Axes = { interest: 0, intent: 0 };
  for (const line of breakdown) axes[AXIS_OF_GROUP[line.group]] += line.points;
  return axes;
}

/**
 * Hot needs a total over the hot threshold, enough intent points *and* a fresh buying signal
 * (see `hasFreshIntent`); warm needs the warm total, from interest or intent alike; anything
 * less is cold.
 */
export function tierFor(
  total: number,
  intent: number,
  thresholds: ScoringModel['thresholds'],
  freshIntent = true,
): Tier {
  if (total >= thresholds.hot && intent >= thresholds.intent && freshIntent) return 'hot';
  if (total >= thresholds.warm) return 'warm';
  return 'cold';
}

/** A line as the freshness check reads it: its axis, sign, kind and when it dates from. */
type Dated = { rule: string; group: RuleGroup; points: number; kind: RuleKind; at?: number };

/**
 * "About to purchase" is about now: a buying signal counts towards hot only while it is
 * younger than its kind's half-life — the faded remainder of an old request, topped up by a
 * reading visit, is revived interest, not intent — and only when it came after the lead's
 * own "not yet" (a later request or pricing view outweighs the earlier answer).
 */
function hasFreshIntent(lines: Dated[], model: ScoringModel, now: number): boolean {
  const notYet = lines.find((l) => l.rule === NOT_YET_RULE)?.at ?? -Infinity;
  return lines.some((l) => {
    if (AXIS_OF_GROUP[l.group] !== 'intent' || l.points <= 0) return false;
    const halfLife = HALF_LIFE[l.kind](model);
    if (l.at === undefined) return halfLife === null;
    return l.at > notYet && (halfLife === null || now - l.at <= halfLife * DAY_MS);
  });
}

/** What a behaviour is still worth after `ageMs`: it halves every half-life. */
export const decayFactor = (ageMs: number, halfLifeDays: number): number =>
  ageMs <= 0 ? 1 : 0.5 ** (ageMs / (halfLifeDays * DAY_MS));

const ago = (ms: number) => {
  const days = Math.floor(ms / DAY_MS);
  return days < 1 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`;
};

/**
 * Scores a lead at `now`. Points fade by their kind's half-life; caps are applied inside
 * the breakdown (a line shows the whole points it really gave), so the breakdown always
 * adds up to the score.
 */
export function score(
  facts: LeadFacts,
  model: ScoringModel,
  now: number,
  rules: Rule[] = RULES,
): ScoreResult {
  // Caps bound what a group adds and, apart, what it takes away: a "not yet" still counts
  // in an intent group that buying signals have filled to its cap.
  const used = new Map<string, number>();
  const breakdown: BreakdownLine[] = [];
  const dated: Dated[] = [];
  for (const rule of rules) {
    const weight = weightOf(model, rule.id);
    if (weight === 0) continue;
    const firing = rule.fire(facts, model);
    if (!firing) continue;
    const full = weight * firing.times;
    const halfLife = HALF_LIFE[rule.kind](model);
    const age = halfLife !== null && firing.at !== undefined ? now - firing.at : 0;
    const wanted = Math.round(full * (halfLife === null ? 1 : decayFactor(age, halfLife)));
    const cap = model.caps[rule.group];
    const capKey = `${rule.group}${Math.sign(wanted)}`;
    const sofar = used.get(capKey) ?? 0;
    const room = cap === undefined ? Infinity : Math.max(0, cap - Math.abs(sofar));
    const points = Math.sign(wanted) * Math.min(Math.abs(wanted), room);
    if (points === 0) continue;
    used.set(capKey, sofar + points);
    dated.push({ rule: rule.id, group: rule.group, points, kind: rule.kind, at: firing.at });
    const notes = [
      wanted !== full
        ? `faded from ${full > 0 ? '+' : ''}${full}, ${SINCE[rule.kind]} ${ago(age)}`
        : '',
      points !== wanted ? `capped at ${cap} for ${rule.group}` : '',
    ].filter(Boolean);
    breakdown.push({
      rule: rule.id,
      group: rule.group,
      points,
      evidence: notes.length ? `${firing.evidence} (${notes.join('; ')})` : firing.evidence,
    });
  }
  const axes = axesOf(breakdown);
  const total = axes.interest + axes.intent;
  return {
    score: total,
    tier: tierFor(total, axes.intent, model.thresholds, hasFreshIntent(dated, model, now)),
    breakdown,
    axes,
    modelVersion: model.version,
  };
}
