import { z } from 'zod';
import type { Db } from '../../../db/client';
import { deadJobs, enqueueJob, enqueueJobs } from '../../../db/jobs';

/**
 * Every kind of work Kindling does outside a request, with the payload it carries and how
 * Settings names it when it fails. The composition root binds a runner to each kind
 * (src/app/background-work.ts) through a `Record<JobKind, …>`, so a kind added here without a
 * runner, or without a label, does not compile.
 */
export const JOB_KINDS = {
  /** A lead's timeline event (the outbox of recordActivity): webhooks, then members' alerts. */
  'lead-event': {
    payload: z.object({ activityId: z.string().max(60) }),
    label: 'Preparing lead alerts and webhooks',
  },
  /** A page was published (the outbox of publishPage): webhooks that want page.published. */
  'page-event': {
    payload: z.object({ versionId: z.string().max(60) }),
    label: 'Announcing a published page to webhooks',
  },
  /** One attempt at one webhook delivery. */
  'webhook-delivery': {
    payload: z.object({ deliveryId: z.string().max(60) }),
    label: 'Delivering a webhook',
  },
  /** The visitor's confirmation mail (and double opt-in link) after a submission. */
  'visitor-confirmation': {
    payload: z.object({ submissionId: z.string().max(60) }),
    label: 'Writing a visitor’s confirmation mail',
  },
  /** One queued mail, through SMTP. */
  'send-mail': {
    payload: z.object({ mailId: z.string().max(200) }),
    label: 'Sending a mail',
  },
  /** A returning lead's behaviour has settled: score it again (one job per lead, debounced). */
  'rescore-lead': {
    payload: z.object({ leadId: z.string().max(60) }),
    label: 'Re-scoring a returning lead',
  },
  /** The workspace's model changed: every lead is scored under it. */
  'rescore-workspace': {
    payload: z.object({ workspaceId: z.string().max(60) }),
    label: 'Re-scoring every lead under a new model',
  },
} as const satisfies Record<string, { payload: z.ZodType; label: string }>;

export type JobKind = keyof typeof JOB_KINDS;
export type JobPayload<K extends JobKind> = z.infer<(typeof JOB_KINDS)[K]['payload']>;

/** One job to queue: its kind decides the payload's shape. */
export type Job = {
  [K in JobKind]: {
    kind: K;
    /** One pending or running job per key: queueing the key again debounces. */
    key: string;
    payload: JobPayload<K>;
    runAt: number;
    workspaceId?: string | null;
    maxAttempts?: number;
  };
}[JobKind];

/** Queues jobs in one statement (a change's outbox); see db/jobs.ts for the debounce rules. */
export const queueJobs = (db: Db, jobs: Job[], now: number): Promise<void> =>
  enqueueJobs(db, jobs, now);

export const queueJob = (db: Db, job: Job, now: number): Promise<void> => enqueueJob(db, job, now);

/** Re-scores a lead `delayMs` after its first new activity, once however many arrive. */
export const scheduleLeadRescore = (db: Db, leadId: string, delayMs: number, now: number) =>
  queueJob(
    db,
    {
      kind: 'rescore-lead',
      key: `rescore-lead:${leadId}`,
      payload: { leadId },
      runAt: now + delayMs,
    },
    now,
  );

/** Re-scores a workspace's leads under its (new) model, soon, on whichever instance. */
export const scheduleWorkspaceRescore = (db: Db, workspaceId: string, now: number) =>
  queueJob(
    db,
    {
      kind: 'rescore-workspace',
      key: `rescore-workspace:${workspaceId}`,
      payload: { workspaceId },
      runAt: now,
      workspaceId,
    },
    now,
  );

const isJobKind = (kind: string): kind is JobKind => Object.hasOwn(JOB_KINDS, kind);

/** A workspace's failed work, newest first, named as Settings shows it. */
export async function failedWork(db: Db, workspaceId: string) {
  return (await deadJobs(db, workspaceId)).map((job) => ({
    ...job,
    // A kind from an older release, still in the table, is shown by its stored name.
    label: isJobKind(job.kind) ? JOB_KINDS[job.kind].label : job.kind,
  }));
}
