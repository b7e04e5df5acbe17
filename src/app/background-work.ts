import { z } from 'zod';
import type { Db } from '../../db/client';
import { LEAD_EVENT_JOB } from '../domain/leads/activity';
import { PAGE_EVENT_JOB } from '../domain/landing-pages/pages';
import {
  attemptDelivery,
  queueWebhookEvent,
  WEBHOOK_DELIVERY_JOB,
  type WebhookWork,
} from '../domain/webhooks/deliveries';
import { eventOfActivity, eventOfPublish } from '../domain/webhooks/events';
import { queueDueDigests } from '../domain/mail/digest';
import { alertMembers } from '../domain/mail/lead-alerts';
import { SEND_MAIL_JOB, sendQueuedMail, type MailDesk } from '../domain/mail/outbox';
import {
  VISITOR_CONFIRMATION_JOB,
  mailVisitorConfirmation,
} from '../domain/mail/visitor-confirmation';
import type { InstanceSecret } from '../platform/instance-secret';
import type { MailTransport } from '../platform/mail-transport';
import { rescoreForDecay, rescoreLead, rescoreWorkspace } from '../domain/leads/rescore';
import { purgeOldEvents } from '../domain/tracking/retention';
import { defineJob, type JobHandler } from '../platform/job-runner';
import { buryAbandonedJobs, enqueueJob, forgetFinishedJobs } from '../platform/jobs';
import type { PeriodicTask } from '../platform/periodic';
import { forgetOldRateWindows } from '../platform/shared-limiter';

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

export const JOB_KINDS = {
  /** A returning lead's behaviour has settled: score it again (one job per lead, debounced). */
  rescoreLead: 'rescore-lead',
  /** The workspace's model changed: every lead is scored under it. */
  rescoreWorkspace: 'rescore-workspace',
  /** A lead's timeline event (the outbox of recordActivity): webhooks, then members' alerts. */
  leadEvent: LEAD_EVENT_JOB,
  /** One queued mail, through SMTP. */
  sendMail: SEND_MAIL_JOB,
  /** A page was published (the outbox of publishPage): webhooks that want page.published. */
  pageEvent: PAGE_EVENT_JOB,
  /** One attempt at one webhook delivery. */
  webhookDelivery: WEBHOOK_DELIVERY_JOB,
  /** The visitor's confirmation mail (and double opt-in link) after a submission. */
  visitorConfirmation: VISITOR_CONFIRMATION_JOB,
} as const;

export function jobHandlers(
  db: Db,
  mail: MailWork,
  webhooks: WebhookWork,
): Record<string, JobHandler> {
  return {
    [JOB_KINDS.leadEvent]: defineJob({
      payload: z.object({ activityId: z.string().max(60) }),
      run: async ({ activityId }, now) => {
        // Both are idempotent: a run again after a crash queues no delivery or mail twice.
        const event = await eventOfActivity(db, activityId, mail.adminOrigin);
        if (event) await queueWebhookEvent(db, event.workspaceId, event, now);
        const links = { adminOrigin: mail.adminOrigin, key: await mail.key.get() };
        await alertMembers(db, mail.desk, links, activityId, now);
      },
    }),
    [JOB_KINDS.pageEvent]: defineJob({
      payload: z.object({ versionId: z.string().max(60) }),
      run: async ({ versionId }, now) => {
        const event = await eventOfPublish(db, versionId, mail.pagesOrigin);
        if (event) await queueWebhookEvent(db, event.workspaceId, event, now);
      },
    }),
    [JOB_KINDS.webhookDelivery]: defineJob({
      payload: z.object({ deliveryId: z.string().max(60) }),
      run: async ({ deliveryId }) => {
        await attemptDelivery(db, webhooks, deliveryId, Date.now);
      },
    }),
    [JOB_KINDS.visitorConfirmation]: defineJob({
      payload: z.object({ submissionId: z.string().max(60) }),
      run: async ({ submissionId }, now) => {
        const links = { pagesOrigin: mail.pagesOrigin, key: await mail.key.get() };
        await mailVisitorConfirmation(db, mail.desk, links, submissionId, now);
      },
    }),
    [JOB_KINDS.sendMail]: defineJob({
      payload: z.object({ mailId: z.string().max(200) }),
      run: async ({ mailId }) => {
        // Queued while SMTP was configured, and it is no longer: kept for the owner to read.
        if (!mail.transport)
          await db
            .updateTable('mails')
            .set({ status: 'kept' })
            .where('id', '=', mailId)
            .where('status', '=', 'queued')
            .execute();
        else await sendQueuedMail(db, mail.transport, mailId, Date.now);
      },
    }),
    [JOB_KINDS.rescoreLead]: defineJob({
      payload: z.object({ leadId: z.string().max(60) }),
      run: async ({ leadId }, now) => {
        await rescoreLead(db, leadId, now, 'visit');
      },
    }),
    [JOB_KINDS.rescoreWorkspace]: defineJob({
      payload: z.object({ workspaceId: z.string().max(60) }),
      run: async ({ workspaceId }, now) => {
        await rescoreWorkspace(db, workspaceId, { now, cause: 'model' });
      },
    }),
  };
}

/** Re-scores a lead `delayMs` after its first new activity, once however many arrive. */
export const scheduleLeadRescore = (db: Db, leadId: string, delayMs: number, now: number) =>
  enqueueJob(
    db,
    {
      kind: JOB_KINDS.rescoreLead,
      key: `rescore-lead:${leadId}`,
      payload: { leadId },
      runAt: now + delayMs,
    },
    now,
  );

/** Re-scores a workspace's leads under its (new) model, soon, on whichever instance. */
export const scheduleWorkspaceRescore = (db: Db, workspaceId: string, now: number) =>
  enqueueJob(
    db,
    {
      kind: JOB_KINDS.rescoreWorkspace,
      key: `rescore-workspace:${workspaceId}`,
      payload: { workspaceId },
      runAt: now,
      workspaceId,
    },
    now,
  );

export function periodicTasks(
  db: Db,
  periods: { purgeEveryMs: number; decayEveryMs: number; digestEveryMs: number },
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
  ];
}
