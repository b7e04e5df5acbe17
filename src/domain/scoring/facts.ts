import type { FormPurpose } from '../forms/definition';
import type { Answer } from '../forms/answers';

/** One form submission as scoring sees it: when, for what, and the answers by meaning. */
export type SubmissionFact = {
  at: number;
  purpose: FormPurpose;
  answers: Partial<Record<string, Answer>>;
};

/** Everything the model may look at for one lead. */
export type LeadFacts = {
  email: string;
  /** Oldest first; the last one is the most recent touch. */
  submissions: SubmissionFact[];
};
