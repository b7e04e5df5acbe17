import { emailDomain } from '../leads/email';
import type { LeadFacts } from './facts';
import { FREE_MAIL_DOMAINS } from './free-mail-domains';

export type RuleGroup = 'touches' | 'engagement' | 'intent' | 'fit' | 'negative';

/** A fired rule: how many times its points count, and the sentence that proves it. */
export type Firing = { times: number; evidence: string };

export type Rule = {
  id: string;
  group: RuleGroup;
  /** Why the rule exists, shown beside its weight in the model settings. */
  reason: string;
  fire: (facts: LeadFacts) => Firing | null;
};

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const latest = (facts: LeadFacts, meaning: string) =>
  [...facts.submissions]
    .reverse()
    .map((s) => s.answers[meaning])
    .find((v) => v !== undefined && v !== '' && v !== false);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Timelines a buyer means when they are about to buy, in the words forms usually offer. */
const NEAR_TIMELINE =
  /\b(now|asap|immediately|today|this (week|month)|next (week|two weeks)|within (a|one|1) month|30 days|urgent)\b/i;

/** The rule catalogue: conditions live here, their weights live in the model. */
export const RULES: Rule[] = [
  {
    id: 'repeat_submission',
    group: 'touches',
    reason:
      'Several touches before buying: someone who comes back to you is already familiar with you.',
    fire: (f) => {
      const prior = f.submissions.length - 1;
      if (prior < 1) return null;
      return {
        times: Math.min(prior, 3),
        evidence: `submitted ${f.submissions.length} times since ${day(f.submissions[0]!.at)}`,
      };
    },
  },
  {
    id: 'demo_request',
    group: 'intent',
    reason:
      'Asking for a demo or a quote is the clearest sign of someone looking for what you offer.',
    fire: (f) => {
      const asked = f.submissions.find(
        (s) => s.purpose === 'demo' || s.purpose === 'quote' || s.answers.demo_request === true,
      );
      return asked
        ? {
            times: 1,
            evidence: `asked for a ${asked.purpose === 'quote' ? 'quote' : 'demo'} on ${day(asked.at)}`,
          }
        : null;
    },
  },
  {
    id: 'near_timeline',
    group: 'intent',
    reason: 'A buying timeline of weeks, not months, means they are about to purchase.',
    fire: (f) => {
      const answer = text(latest(f, 'timeline'));
      return NEAR_TIMELINE.test(answer)
        ? { times: 1, evidence: `plans to buy: "${answer}"` }
        : null;
    },
  },
  {
    id: 'budget_given',
    group: 'intent',
    reason: 'Naming a budget means the purchase has been thought through.',
    fire: (f) => {
      const answer = text(latest(f, 'budget'));
      return answer ? { times: 1, evidence: `gave a budget: "${answer}"` } : null;
    },
  },
  {
    id: 'phone_left',
    group: 'intent',
    reason: 'Leaving a phone number invites a sales contact, the last trigger a hot lead needs.',
    fire: (f) => (text(latest(f, 'phone')) ? { times: 1, evidence: 'left a phone number' } : null),
  },
  {
    id: 'business_email',
    group: 'fit',
    reason: 'A company address ties the lead to an organisation that can buy; free mail does not.',
    fire: (f) => {
      const domain = emailDomain(f.email);
      return FREE_MAIL_DOMAINS.has(domain)
        ? null
        : { times: 1, evidence: `writes from a company domain (${domain})` };
    },
  },
  {
    id: 'company_named',
    group: 'fit',
    reason: 'Naming their company shows a business need, not private curiosity.',
    fire: (f) => {
      const company = text(latest(f, 'company'));
      return company ? { times: 1, evidence: `named their company: "${company}"` } : null;
    },
  },
  {
    id: 'detailed_message',
    group: 'engagement',
    reason: 'Someone who writes a detailed message has engaged with the offer.',
    fire: (f) => {
      const message = text(latest(f, 'message'));
      return message.length >= 80
        ? { times: 1, evidence: `wrote a ${message.length}-character message` }
        : null;
    },
  },
  {
    id: 'newsletter_only',
    group: 'negative',
    reason: 'A newsletter-only signup is a low-commitment step: a cold lead until they show more.',
    fire: (f) =>
      f.submissions.every((s) => s.purpose === 'newsletter')
        ? { times: 1, evidence: 'only signed up for the newsletter' }
        : null,
  },
];
