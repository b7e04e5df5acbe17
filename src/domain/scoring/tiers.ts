import type { Tier } from '../../../db/schema';

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
