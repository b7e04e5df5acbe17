import type { Tier } from '../../../db/schema';

export type { Tier };
import type { ScoringModel } from './model';
import { NOT_YET_RULE } from './rules';
import type { Axes, BreakdownLine } from './score';

/** What each temperature means and the next step the texts recommend for it. */
export const TIER_GUIDE: Record<Tier, { label: string; meaning: string; nextStep: string }> = {
  hot: {
    label: 'Hot',
    meaning: 'Knows you, is looking for what you offer and is about to buy.',
    nextStep: 'Give them the last trigger now: call them, or send a personal offer or discount.',
  },
  warm: {
    label: 'Warm',
    meaning: 'Has shown interest but is not ready to be pushed to buy.',
    nextStep:
      'Nurture: send useful content (a case study, a guide) and invite them to a next step.',
  },
  cold: {
    label: 'Cold',
    meaning: 'New to you, had a casual look or signed up for low-commitment content.',
    nextStep:
      'Keep it low-risk: newsletter and low-commitment content until they show more interest.',
  },
};

/**
 * Which axis holds a lead where it is, in the owner's words: "warm: reads a lot, no buying
 * signal yet". Hot needs both interest and a buying signal.
 */
export function tierVerdict(
  tier: Tier,
  axes: Axes,
  thresholds: ScoringModel['thresholds'],
  breakdown: Pick<BreakdownLine, 'rule'>[] = [],
): string {
  const total = axes.interest + axes.intent;
  const buying = axes.intent > 0 && axes.intent >= thresholds.intent;
  const saidNotYet = breakdown.some((l) => l.rule === NOT_YET_RULE);
  if (tier === 'hot')
    return `Hot: a buying signal (${axes.intent} intent points) on top of ${axes.interest} points of interest and fit.`;
  if (tier === 'warm') {
    if (saidNotYet)
      return 'Warm: they said they are not buying yet. A later request or a visit to the prices would make them hot.';
    // Points enough and intent enough, yet not hot: the buying signals are older than their half-life.
    if (buying && total >= thresholds.hot)
      return 'Warm: their buying signals are old. A new request, a near timeline or prices viewed again would make them hot; reading alone revives interest, not intent.';
    if (!buying)
      return total >= thresholds.hot
        ? 'Warm: reads a lot, no buying signal yet. A demo or quote request, prices viewed, a near timeline or a phone number would make them hot.'
        : 'Warm: interested, no buying signal yet.';
    return `Warm: a buying signal, but not enough familiarity yet (${total} of the ${thresholds.hot} points hot needs).`;
  }
  return buying
    ? `Cold: a buying signal, but little else yet (${total} of the ${thresholds.warm} points warm needs).`
    : 'Cold: a casual look so far, no buying signal.';
}
