import { emailDomain, isRoleAddress } from '../leads/email';
import { isDisposableDomain } from '../leads/spam-signals';
import {
  answered,
  day,
  daysSpanned,
  duration,
  lastOf,
  latestAnswer,
  plural,
  text,
} from './evidence';
import type { LeadFacts, VisitFact } from './facts';
import { FREE_MAIL_DOMAINS } from './free-mail-domains';
import type { ScoringModel } from './model';

export const RULE_GROUPS = ['touches', 'engagement', 'intent', 'fit', 'negative'] as const;
export type RuleGroup = (typeof RULE_GROUPS)[number];

/**
 * The two axes a tier is read from (Pardot's score and grade, HubSpot's engagement and
 * fit): interest — touches, engagement, fit — and intent, the buying signals. Hot needs
 * both; interest alone, however much, is warm.
 */
export type Axis = 'interest' | 'intent';
export const AXIS_OF_GROUP: Record<RuleGroup, Axis> = {
  touches: 'interest',
  engagement: 'interest',
  fit: 'interest',
  negative: 'interest',
  intent: 'intent',
};

/**
 * How a rule's points age, each with its own half-life in the model:
 * `behaviour`, something the lead did; `request`, intent the lead stated (a demo request,
 * a budget, a phone number), which fades more slowly; `timeline`, a time-bound answer
 * ("this month"), which fades fast; `fact`, who the lead is (their company), which never does.
 */
export type RuleKind = 'behaviour' | 'request' | 'timeline' | 'fact';

/**
 * A fired rule: how many times its points count, the sentence that proves it, and for
 * behaviour, when it last happened (what its points decay from).
 */
export type Firing = { times: number; evidence: string; at?: number };

export type Rule = {
  id: string;
  label: string;
  group: RuleGroup;
  kind: RuleKind;
  /** Why the rule exists, shown beside its weight in the model settings. */
  reason: string;
  fire: (facts: LeadFacts, model: ScoringModel) => Firing | null;
};

/**
 * Answers that say "not yet" in the words forms and people use: the lead is looking around,
 * not about to purchase. They win over a near timeline's words ("not now" is no "now").
 */
const NOT_YET =
  /\b(just|only|simply) (exploring|looking|browsing|researching|curious)|\bno (plans?|timeline|rush|hurry)\b|\bnot (yet|now|sure|decided|ready|this year)\b|\bnext year\b|\b(some ?day|maybe later|undecided|no idea)\b|\b(researching|exploring) (only|for now)\b|\b(6|12|six|twelve)\+? months\b|\bover a year\b/i;
/** Timelines a buyer means when they are about to buy, in the words forms usually offer. */
const NEAR_TIMELINE =
  /\b(now|asap|immediately|today|this (week|month)|next (week|two weeks)|within (a|one|1) month|30 days|urgent)\b/i;
/** Buying within a quarter: intent, weaker than weeks. "Next quarter" and later are not. */
const QUARTER_TIMELINE =
  /\b(this quarter|next month|within (2|3|two|three) months|(60|90) days|1[-–]3 months)\b/i;
/** Engaged reading: a minute of attention is reading, not skimming. */
const READING_MS = 60_000;
const DEEP_SCROLL = 75;
/** Reaching the bottom in a few seconds is a jump to the form, not reading. */
const SCROLL_READ_MS = 10_000;
const MANY_SECTIONS = 4;
/** A first look this short, that saw few sections, is a casual check. */
const SHALLOW_MS = 15_000;

const lastSubmissionAt = (f: LeadFacts) => lastOf(f.submissions.map((s) => s.at));

const latestTimeline = (f: LeadFacts) => text(latestAnswer(f, 'timeline'));
/** The latest timeline answer, when it matches; its points fade from when it was given. */
function timelineFiring(f: LeadFacts, pattern: RegExp, says = 'plans to buy'): Firing | null {
  const said = answered(f, 'timeline');
  const answer = text(said?.value);
  return said && pattern.test(answer) && (pattern === NOT_YET || !NOT_YET.test(answer))
    ? { times: 1, evidence: `${says}: "${answer}"`, at: said.at }
    : null;
}

/** A visit that arrived from the brand's newsletter or email. */
const fromBrandChannel = (utm: VisitFact['utm'], model: ScoringModel): boolean =>
  utm?.medium?.toLowerCase() === 'email' ||
  (!!utm?.source && model.brandSources.includes(utm.source.toLowerCase()));
const visitTimes = (f: LeadFacts) => f.visits.map((v) => v.at);

/** The rule that hears a lead's own "not yet"; hot needs a buying signal given after it. */
export const NOT_YET_RULE = 'not_yet';

/** The rule catalogue: conditions live here, their weights live in the model. */
export const RULES: Rule[] = [
  {
    id: 'return_visits',
    label: 'Came back',
    group: 'touches',
    kind: 'behaviour',
    reason:
      'Several touches come before a purchase: a visitor who returns is getting familiar with you.',
    fire: (f) => {
      const returns = f.visits.length - 1;
      if (returns < 1) return null;
      return {
        times: Math.min(returns, 3),
        evidence: `returned ${plural(returns, 'time')} over ${plural(daysSpanned(visitTimes(f)), 'day')}`,
        at: lastOf(visitTimes(f)),
      };
    },
  },
  {
    id: 'repeat_submission',
    label: 'Submitted again',
    group: 'touches',
    kind: 'behaviour',
    reason: 'Someone who fills in your forms more than once already knows you.',
    fire: (f) => {
      const prior = f.submissions.length - 1;
      if (prior < 1) return null;
      return {
        times: Math.min(prior, 3),
        evidence: `submitted ${f.submissions.length} times since ${day(f.submissions[0]!.at)}`,
        at: lastSubmissionAt(f),
      };
    },
  },
  {
    id: 'brand_channel',
    label: 'Came from your own channels',
    group: 'touches',
    kind: 'behaviour',
    reason: 'Arriving from your newsletter or an email you sent means they already know the brand.',
    fire: (f, model) => {
      const own = f.visits.filter((v) => fromBrandChannel(v.utm, model));
      const leadOwn = f.source && model.brandSources.includes(f.source.toLowerCase());
      if (!own.length && !leadOwn) return null;
      const last = own.length ? lastOf(own.map((v) => v.at)) : f.submissions[0]?.at;
      const how = own[0]?.utm ?? { source: f.source ?? undefined };
      return {
        times: 1,
        evidence: `arrived from your own ${how.medium?.toLowerCase() === 'email' ? 'email' : 'channel'} (${how.source ?? how.medium})`,
        at: last,
      };
    },
  },
  {
    id: 'engaged_reading',
    label: 'Read the page',
    group: 'engagement',
    kind: 'behaviour',
    reason: 'A minute or more of attention on the page is reading, not skimming.',
    fire: (f) => {
      const engaged = f.visits.reduce((ms, v) => ms + v.engagedMs, 0);
      if (engaged < READING_MS) return null;
      return {
        times: 1,
        evidence: `read for ${duration(engaged)} over ${plural(f.visits.length, 'visit')}`,
        at: lastOf(f.visits.filter((v) => v.engagedMs > 0).map((v) => v.at)),
      };
    },
  },
  {
    id: 'deep_scroll',
    label: 'Scrolled deep',
    group: 'engagement',
    kind: 'behaviour',
    reason:
      'Reading down to the bottom of the page (not jumping there) means the whole offer was seen.',
    fire: (f) => {
      const deep = f.visits.filter(
        (v) => v.maxScroll >= DEEP_SCROLL && v.engagedMs >= SCROLL_READ_MS,
      );
      if (!deep.length) return null;
      const most = Math.max(...deep.map((v) => v.maxScroll));
      return {
        times: 1,
        evidence: `scrolled ${most}% of the page`,
        at: lastOf(deep.map((v) => v.at)),
      };
    },
  },
  {
    id: 'sections_seen',
    label: 'Saw most sections',
    group: 'engagement',
    kind: 'behaviour',
    reason: 'Looking at many sections of the offer is engaged reading.',
    fire: (f) => {
      const best = f.visits.reduce((n, v) => Math.max(n, v.sectionsSeen), 0);
      if (best < MANY_SECTIONS) return null;
      return {
        times: 1,
        evidence: `saw ${best} sections of the page in one visit`,
        at: lastOf(f.visits.filter((v) => v.sectionsSeen === best).map((v) => v.at)),
      };
    },
  },
  {
    id: 'cta_clicks',
    label: 'Clicked calls to action',
    group: 'engagement',
    kind: 'behaviour',
    reason: 'Clicking through to content or a form is interest expressed.',
    fire: (f) => {
      const clicked = f.visits.filter((v) => v.clicks > 0);
      const clicks = clicked.reduce((n, v) => n + v.clicks, 0);
      if (!clicks) return null;
      return {
        times: Math.min(clicks, 2),
        evidence: `clicked ${plural(clicks, 'button or link', 'buttons or links')}`,
        at: lastOf(clicked.map((v) => v.at)),
      };
    },
  },
  {
    id: 'content_download',
    label: 'Downloaded content',
    group: 'engagement',
    kind: 'behaviour',
    reason: 'Downloading a guide or ebook is the classic sign of a warm lead.',
    fire: (f) => {
      const downloads = f.submissions.filter((s) => s.purpose === 'download');
      if (!downloads.length) return null;
      const last = lastOf(downloads.map((s) => s.at));
      return { times: 1, evidence: `downloaded content on ${day(last)}`, at: last };
    },
  },
  {
    id: 'detailed_message',
    label: 'Wrote a detailed message',
    group: 'engagement',
    kind: 'request',
    reason: 'Someone who writes a detailed message has engaged with the offer.',
    fire: (f) => {
      const said = answered(f, 'message');
      const message = text(said?.value);
      return message.length >= 80
        ? { times: 1, evidence: `wrote a ${message.length}-character message`, at: said!.at }
        : null;
    },
  },
  {
    id: 'pricing_viewed',
    label: 'Viewed pricing',
    group: 'intent',
    kind: 'behaviour',
    reason: 'Looking at prices means weighing a purchase.',
    fire: (f) => {
      const seen = f.visits.filter((v) => v.blockTypesSeen.includes('pricing'));
      if (!seen.length) return null;
      const last = lastOf(seen.map((v) => v.at));
      return { times: 1, evidence: `viewed the pricing on ${day(last)}`, at: last };
    },
  },
  {
    id: 'demo_request',
    label: 'Asked for a demo or quote',
    group: 'intent',
    kind: 'request',
    reason:
      'Asking for a demo or a quote is the clearest sign of someone looking for what you offer.',
    fire: (f) => {
      const asked = f.submissions.findLast(
        (s) => s.purpose === 'demo' || s.purpose === 'quote' || s.answers.demo_request === true,
      );
      return asked
        ? {
            times: 1,
            evidence: `asked for a ${asked.purpose === 'quote' ? 'quote' : 'demo'} on ${day(asked.at)}`,
            at: asked.at,
          }
        : null;
    },
  },
  {
    id: 'near_timeline',
    label: 'Buying soon',
    group: 'intent',
    kind: 'timeline',
    reason: 'A buying timeline of weeks, not months, means they are about to purchase.',
    fire: (f) => timelineFiring(f, NEAR_TIMELINE),
  },
  {
    id: 'quarter_timeline',
    label: 'Buying this quarter',
    group: 'intent',
    kind: 'timeline',
    reason: 'A timeline within the quarter is intent, weaker than weeks.',
    fire: (f) =>
      NEAR_TIMELINE.test(latestTimeline(f)) ? null : timelineFiring(f, QUARTER_TIMELINE),
  },
  {
    // The texts' hot lead is "about to purchase"; one who says they are just exploring is not,
    // whatever the form is called. Hot also needs a buying signal given after this answer.
    id: NOT_YET_RULE,
    label: 'Said "not yet"',
    group: 'intent',
    kind: 'timeline',
    reason:
      'A lead who answers "just exploring", "no plans" or "next year" is telling you they are not about to buy.',
    fire: (f) => timelineFiring(f, NOT_YET, 'said they are not buying yet'),
  },
  {
    id: 'budget_given',
    label: 'Gave a budget',
    group: 'intent',
    kind: 'request',
    reason: 'Naming a budget means the purchase has been thought through.',
    fire: (f) => {
      const said = answered(f, 'budget');
      const answer = text(said?.value);
      return answer ? { times: 1, evidence: `gave a budget: "${answer}"`, at: said!.at } : null;
    },
  },
  {
    id: 'phone_left',
    label: 'Left a phone number',
    group: 'intent',
    kind: 'request',
    reason: 'Leaving a phone number invites a sales contact, the last trigger a hot lead needs.',
    fire: (f) => {
      const said = answered(f, 'phone');
      return text(said?.value) ? { times: 1, evidence: 'left a phone number', at: said!.at } : null;
    },
  },
  {
    id: 'email_confirmed',
    label: 'Confirmed their email',
    group: 'engagement',
    kind: 'behaviour',
    reason:
      'Clicking the link of a confirmation mail proves the address is real and read, and is one more step the lead chose to take.',
    fire: (f) =>
      f.emailConfirmedAt
        ? { times: 1, evidence: 'confirmed their email address', at: f.emailConfirmedAt }
        : null,
  },
  {
    id: 'business_email',
    label: 'Company email',
    group: 'fit',
    kind: 'fact',
    reason:
      'A company address ties the lead to an organisation that can buy; free mail, disposable and role addresses (info@, sales@) do not.',
    fire: (f) => {
      const domain = emailDomain(f.email);
      return FREE_MAIL_DOMAINS.has(domain) || isDisposableDomain(domain) || isRoleAddress(f.email)
        ? null
        : { times: 1, evidence: `writes from a company domain (${domain})` };
    },
  },
  {
    id: 'company_named',
    label: 'Named their company',
    group: 'fit',
    kind: 'fact',
    reason:
      'Naming their company shows a business need, not private curiosity (unless they write from a throwaway address).',
    fire: (f) => {
      const company = text(latestAnswer(f, 'company'));
      return company && !isDisposableDomain(emailDomain(f.email))
        ? { times: 1, evidence: `named their company: "${company}"` }
        : null;
    },
  },
  {
    id: 'newsletter_only',
    label: 'Newsletter only',
    group: 'negative',
    kind: 'fact',
    reason: 'A newsletter-only signup is a low-commitment step: a cold lead until they show more.',
    fire: (f) =>
      f.submissions.length > 0 && f.submissions.every((s) => s.purpose === 'newsletter')
        ? { times: 1, evidence: 'only signed up for the newsletter' }
        : null,
  },
  {
    id: 'shallow_first_look',
    label: 'A quick first look',
    group: 'negative',
    kind: 'behaviour',
    reason: 'One short, shallow visit is someone who came across the page and casually checked it.',
    fire: (f) => {
      const [only] = f.visits;
      if (f.visits.length !== 1 || !only) return null;
      if (only.engagedMs >= SHALLOW_MS || only.sectionsSeen >= MANY_SECTIONS) return null;
      return {
        times: 1,
        evidence: `one visit: ${duration(only.engagedMs)} on the page, ${plural(only.sectionsSeen, 'section')} looked at`,
        at: only.at,
      };
    },
  },
];

export const RULE_IDS = RULES.map((r) => r.id);
