import type { PublishedPage } from '../domain/landing-pages/live-pages';
import {
  ASSIGNMENT_COOKIE,
  ASSIGNMENT_MAX_AGE_S,
  assignmentCookieValue,
  assignmentFromCookie,
  newAssignmentId,
  variantIndexFor,
} from '../domain/experiments/assignment';
import type { Exposure } from '../domain/experiments/exposures';
import { isBotAgent } from '../domain/leads/spam-signals';

/** What a request carries that decides the variant it is shown. */
export type VariantAsk = {
  cookie: string | null | undefined;
  userAgent: string | null | undefined;
  /** Global Privacy Control or Do Not Track: shown A, not counted, no cookie. */
  optedOut: boolean;
  now: number;
};

/** The page as this visitor sees it, and what to remember and count when it is served. */
export type VariantView = {
  /** The page is under test: its views vary by visitor (even an uncounted one's). */
  tested: boolean;
  page: PublishedPage;
  /** Set-Cookie for a new assignment; null when nothing is to be remembered. */
  setCookie: string | null;
  /** A counted visitor's first view, to be written; null for a returning or uncounted one. */
  exposure: Exposure | null;
  /** A counted visitor, new or returning: a submission is credited to the variant. */
  assigned: Exposure | null;
};

/** Pages under test vary by the cookie: private, revalidated, never a shared cache's. */
export const TESTED_PAGE_HEADERS = {
  'cache-control': 'private, max-age=0, must-revalidate',
  vary: 'Accept-Encoding, Cookie',
};

const cookieFor = (page: PublishedPage, experimentId: string, assignmentId: string) =>
  `${ASSIGNMENT_COOKIE}=${assignmentCookieValue(experimentId, assignmentId)}; Path=/p/${page.slug}; Max-Age=${ASSIGNMENT_MAX_AGE_S}; HttpOnly; SameSite=Lax`;

/**
 * Picks the variant of a page under test: kept from the visitor's cookie, or drawn afresh
 * (a missing, tampered, foreign or stale cookie alike). Pages not under test pass through
 * untouched: no cookie, nothing counted.
 */
export function chooseVariant(page: PublishedPage, ask: VariantAsk): VariantView {
  const test = page.experiment;
  if (!test) return { tested: false, page, setCookie: null, exposure: null, assigned: null };
  const a = test.variants[0]!.page;
  if (ask.optedOut || !ask.userAgent || isBotAgent(ask.userAgent))
    return { tested: true, page: a, setCookie: null, exposure: null, assigned: null };
  const kept = assignmentFromCookie(ask.cookie, test.id);
  const assignmentId = kept ?? newAssignmentId();
  const variant = test.variants[variantIndexFor(test.id, assignmentId, test.shares, !!kept)]!;
  const exposure: Exposure = {
    experimentId: test.id,
    assignmentId,
    variantKey: variant.key,
    windowDays: test.windowDays,
    at: ask.now,
  };
  return kept
    ? { tested: true, page: variant.page, setCookie: null, exposure: null, assigned: exposure }
    : {
        tested: true,
        page: variant.page,
        setCookie: cookieFor(page, test.id, assignmentId),
        exposure,
        assigned: exposure,
      };
}

/**
 * The variant a form post comes from: the one the visitor's cookie keeps. A post without a
 * valid cookie (cookies off, opted out, a bot) is taken as A's and credited to no variant:
 * only a counted visitor's lead counts in a test.
 */
export function submissionVariant(
  page: PublishedPage,
  ask: VariantAsk,
): { page: PublishedPage; variant: { id: string; exposure: Exposure } | null } {
  const view = chooseVariant(page, ask);
  if (!view.assigned || view.setCookie || !view.page.variantId)
    return { page: page.experiment?.variants[0]?.page ?? page, variant: null };
  return { page: view.page, variant: { id: view.page.variantId, exposure: view.assigned } };
}

type HeaderOf = (name: string) => string | null | undefined;

/** The request's say on tracking: GPC or DNT. */
export const optedOut = (header: HeaderOf): boolean =>
  header('sec-gpc') === '1' || header('dnt') === '1';

/** What a request (Node's or the web's, through its header getter) says that picks a variant. */
export const variantAsk = (header: HeaderOf, now: number): VariantAsk => ({
  cookie: header('cookie'),
  userAgent: header('user-agent'),
  optedOut: optedOut(header),
  now,
});
