import type { Db } from '../../db/client';
import { JOB_KINDS, type JobKind, type JobPayload } from '../domain/jobs/kinds';
import {
  attemptDelivery,
  queueWebhookEvent,
  type WebhookWork,
} from '../domain/webhooks/deliveries';
import { eventOfActivity, eventOfPublish } from '../domain/webhooks/events';
import { queueDueDigests } from '../domain/mail/digest';
import { alertMembers } from '../domain/mail/lead-alerts';
import { keepQueuedMail, sendQueuedMail, type MailDesk } from '../domain/mail/outbox';
import { mailVisitorConfirmation } from '../domain/mail/visitor-confirmation';
import type { InstanceSecret } from '../platform/instance-secret';
import type { MailTransport } from '../shared/ports';
import { rescoreForDecay, rescoreLead, rescoreWorkspace } from '../domain/leads/rescore';
import { purgeOldEvents } from '../domain/tracking/retention';
import type { JobHandler } from '../platform/job-runner';
import { buryAbandonedJobs, forgetFinishedJobs } from '../../db/jobs';
import type { PeriodicTask } from '../platform/periodic';
import { autoPromoteWinners } from '../domain/experiments/auto-promote';
import { forgetOldRateWindows } from '../../db/rate-limits';

/* The work Kindling does outside requests, as data: each kind of job with the payload it
   carries and what runs it, and each periodic task with its period. Every instance drains
   the same queue and ticks the same tasks; the database decides who runs what. */

const DAY_MS = 86_400_000;

/** What the mail jobs need: where mail goes, and what links in it are built from. */
export type MailWork = {
  transport: MailTransport | null;
  desk: MailDesk;
  key: InstanceSecret;
  adminOrigin: string;
  /** Where visitors' links lead (PUBLIC_ORIGIN, else SITE_URL). */
  pagesOrigin: string;
};

/** What runs each kind of job: a kind in src/domain/jobs/kinds.ts without one does not compile. */
type JobRunners = { [K in JobKind]: (payload: JobPayload<K>, now: number) => Promise<void> };

export function jobHandlers(
  db: Db,
  mail: MailWork,
  webhooks: WebhookWork,
): Record<string, JobHandler> {
  const runners: JobRunners = {
    'lead-event': async ({ activityId }, now) => {
      // Both are idempotent: a run again after a crash queues no delivery or mail twice.
      const event = await eventOfActivity(db, activityId, mail.adminOrigin);
      if (event) await queueWebhookEvent(db, event.workspaceId, event, now);
      const links = { adminOrigin: mail.adminOrigin, key: await mail.key.get() };
      await alertMembers(db, mail.desk, links, activityId, now);
    },
    'page-event': async ({ versionId }, now) => {
      const event = await eventOfPublish(db, versionId, mail.pagesOrigin);
      if (event) await queueWebhookEvent(db, event.workspaceId, event, now);
    },
    'webhook-delivery': async ({ deliveryId }) => {
      await attemptDelivery(db, webhooks, deliveryId, Date.now);
    },
    'visitor-confirmation': async ({ submissionId }, now) => {
      const links = { pagesOrigin: mail.pagesOrigin, key: await mail.key.get() };
      await mailVisitorConfirmation(db, mail.desk, links, submissionId, now);
    },
    'send-mail': async ({ mailId }) => {
      if (!mail.transport) await keepQueuedMail(db, mailId);
      else await sendQueuedMail(db, mail.transport, mailId, Date.now);
    },
    'rescore-lead': async ({ leadId }, now) => {
      await rescoreLead(db, leadId, now, 'visit');
    },
    'rescore-workspace': async ({ workspaceId }, now) => {
      await rescoreWorkspace(db, workspaceId, { now, cause: 'model' });
    },
  };
  return Object.fromEntries(
    (Object.keys(runners) as JobKind[]).map((kind) => [
      kind,
      { payload: JOB_KINDS[kind].payload, run: runners[kind] as JobHandler['run'] },
    ]),
  );
}

export function periodicTasks(
  db: Db,
  periods: {
    purgeEveryMs: number;
    decayEveryMs: number;
    digestEveryMs: number;
    experimentsEveryMs: number;
  },
  mail: MailWork,
): PeriodicTask[] {
  return [
    {
      // Members whose digest hour has come, in their time zone, get today's digest.
      name: 'mail-digests',
      periodMs: periods.digestEveryMs,
      run: async (now) => {
        const links = { adminOrigin: mail.adminOrigin, key: await mail.key.get() };
        return { queued: await queueDueDigests(db, mail.desk, links, now) };
      },
    },
    {
      // Raw events past each workspace's retention go (totals stay), finished jobs and old
      // rate-limit windows too; a job abandoned on its last attempt is marked dead.
      name: 'event-purge',
      periodMs: periods.purgeEveryMs,
      run: async (now) => ({
        events: await purgeOldEvents(db, now),
        jobs: await forgetFinishedJobs(db, now, DAY_MS),
        buried: await buryAbandonedJobs(db, now),
        rateWindows: await forgetOldRateWindows(db, now, DAY_MS),
      }),
    },
    {
      // Behaviour points fade: every lead is scored at today's date.
      name: 'decay-rescore',
      periodMs: periods.decayEveryMs,
      run: (now) => rescoreForDecay(db, now),
    },
    {
      // Tests set to promote their winner unasked are judged; a sure winner goes live (other
      // instances see it when their second-long memo of live pages runs out).
      name: 'experiment-auto-promote',
      periodMs: periods.experimentsEveryMs,
      run: async (now) => ({ promoted: (await autoPromoteWinners(db, now)).length }),
    },
  ];
}
