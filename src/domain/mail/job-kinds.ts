/** The mail jobs a domain change enqueues, named where both the enqueuer and the runner read them. */
export const VISITOR_CONFIRMATION_JOB = 'visitor-confirmation';
