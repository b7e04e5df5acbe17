import type { Answer } from '../forms/answers';
import type { FormPurpose } from '../forms/definition';

/** One form submission as scoring sees it: when, for what, and the answers by meaning. */
export type SubmissionFact = {
  at: number;
  purpose: FormPurpose;
  answers: Partial<Record<string, Answer>>;
};

/** One visit of the lead's browser(s), from the tracker's per-visit totals. */
export type VisitFact = {
  at: number;
  engagedMs: number;
  /** Deepest scroll, 0–100 % of the page. */
  maxScroll: number;
  /** How many distinct sections were at least half in view for a second. */
  sectionsSeen: number;
  /** The block types among them (`pricing`, `form`, …). */
  blockTypesSeen: string[];
  clicks: number;
  /** The visit's UTM tags, as the landing URL carried them. */
  utm?: { source?: string; medium?: string };
};

/** Everything the model may look at for one lead. */
export type LeadFacts = {
  email: string;
  /** When they clicked the link of a confirmation mail (double opt-in), if they did. */
  emailConfirmedAt?: number | null;
  /** Where the lead first came from (UTM source, referring host or "direct"), when known. */
  source?: string | null;
  /** Oldest first; the last one is the most recent touch. */
  submissions: SubmissionFact[];
  /** Oldest first; empty when the lead's browser was never tracked. */
  visits: VisitFact[];
};
