import { z } from 'zod';
import type { Db } from '../../../db/client';
import type { WebhookDeliveryState } from '../../../db/schema';
import { transact } from '../../../db/transact';
import { queueJobs, type Job } from '../jobs/kinds';
import type { OutboundAnswer, OutboundPoster, Sealer } from '../../shared/ports';
import { cursorParam, encodeCursor } from '../cursor';
import { newId } from '../../shared/ids';
import { endpointOf, signingSecrets } from './endpoints';
import { type WebhookEvent } from './events';
import { envelope } from './payloads';
import { signedHeaders } from './signing';

/**
 * The Standard Webhooks retry schedule: at once, then after 5 s, 5 min, 30 min, 2 h, 5 h,
 * 10 h and 10 h — about a day and a half before giving up.
 */
export const STANDARD_RETRY_SCHEDULE_MS = [
  5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
];
const TIMEOUT_MS = 10_000;

export type WebhookWork = {
  box: Sealer;
  outbound: OutboundPoster;
  /** The waits between attempts; after the last, the delivery has failed. */
  retryScheduleMs: number[];
};

const deliveryJob = (
  deliveryId: string,
  attempt: number | string,
  runAt: number,
  workspaceId: string,
): Job => ({
  kind: 'webhook-delivery',
  key: `webhook-delivery:${deliveryId}:${attempt}`,
  payload: { deliveryId },
  runAt,
  workspaceId,
  // A job that fails (not the receiver: our own database) is retried by the jobs table.
  maxAttempts: 5,
});

/**
 * Queues `event` for each of the workspace's live endpoints that want it (its type, its
 * page, its tier), or for `onlyEndpoint` whatever it wants (a test event): one delivery
 * row and one job each, in one transaction. Queuing the same event again adds nothing.
 */
export async function queueWebhookEvent(
  db: Db,
  workspaceId: string,
  event: WebhookEvent,
  now: number,
  onlyEndpoint?: string,
): Promise<string[]> {
  return transact(db, async (tx) => {
    const rows = await tx
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('enabled', '=', 1)
      .$if(onlyEndpoint !== undefined, (q) => q.where('id', '=', onlyEndpoint!))
      .execute();
    const wanting = rows
      .map(endpointOf)
      .filter(
        (e) =>
          onlyEndpoint !== undefined ||
          ((e.events as string[]).includes(event.type) &&
            (!e.pageIds.length || (event.pageId !== null && e.pageIds.includes(event.pageId))) &&
            (!e.tiers.length || event.tier === null || e.tiers.includes(event.tier))),
      );
    if (!wanting.length) return [];
    const inserted = await tx
      .insertInto('webhook_deliveries')
      .values(
        wanting.map((e) => ({
          id: newId(now),
          workspace_id: workspaceId,
          endpoint_id: e.id,
          event_id: event.id,
          event_type: event.type,
          payload_json: event.payload,
          state: 'pending' as const,
          attempts: 0,
          next_attempt_at: now,
          last_status: null,
          last_response: null,
          last_error: null,
          last_duration_ms: null,
          last_attempt_at: null,
          created_at: now,
          delivered_at: null,
        })),
      )
      .onConflict((oc) => oc.columns(['endpoint_id', 'event_id']).doNothing())
      .returning('id')
      .execute();
    await queueJobs(
      tx,
      inserted.map((d) => deliveryJob(d.id, 0, now, workspaceId)),
      now,
    );
    return inserted.map((d) => d.id);
  });
}

/** A test event for one endpoint, queued now; its delivery's id. */
export async function sendTestEvent(
  db: Db,
  input: { workspaceId: string; endpointId: string; now: number },
): Promise<string | null> {
  const id = `evt_test_${newId(input.now)}`;
  const [delivery] = await queueWebhookEvent(
    db,
    input.workspaceId,
    {
      workspaceId: input.workspaceId,
      id,
      type: 'webhook.test',
      pageId: null,
      tier: null,
      payload: envelope('webhook.test', input.now, {
        message: 'A test event from Kindling: your endpoint is connected.',
        endpointId: input.endpointId,
      }),
    },
    input.now,
    input.endpointId,
  );
  return delivery ?? null;
}

/** Sends a delivery again (delivered, failed or skipped), as a new series of attempts. */
export async function resendDelivery(
  db: Db,
  input: { workspaceId: string; deliveryId: string; now: number },
): Promise<boolean> {
  return transact(db, async (tx) => {
    const r = await tx
      .updateTable('webhook_deliveries')
      .set({ state: 'pending', attempts: 0, next_attempt_at: input.now })
      .where('workspace_id', '=', input.workspaceId)
      .where('id', '=', input.deliveryId)
      .where('state', '!=', 'pending')
      .executeTakeFirst();
    if (!Number(r.numUpdatedRows)) return false;
    await queueJobs(
      tx,
      [deliveryJob(input.deliveryId, `resend-${input.now}`, input.now, input.workspaceId)],
      input.now,
    );
    return true;
  });
}

type Outcome = {
  state: WebhookDeliveryState;
  answer: OutboundAnswer | null;
  error: string | null;
  /** The endpoint answered 410 Gone: it wants nothing more. */
  gone: boolean;
};

const RETRYABLE_STATUS = (status: number) => status === 408 || status === 429 || status >= 500;

/** What one attempt's answer (or failure) means, before the schedule has its say. */
function judge(
  answer: OutboundAnswer | null,
  error: unknown,
  host: string,
  outbound: OutboundPoster,
): Omit<Outcome, 'state'> & { retry: boolean; ok: boolean } {
  if (error) {
    const { message, retry } = outbound.explain(error, host);
    return { ok: false, retry, answer: null, error: message, gone: false };
  }
  const status = answer!.status;
  return {
    ok: status >= 200 && status < 300,
    retry: RETRYABLE_STATUS(status),
    answer,
    error: null,
    gone: status === 410,
  };
}

/**
 * One attempt at a delivery (the job's work): signed with the endpoint's live secrets,
 * sent with a 10 s limit and no redirects, and recorded; a retryable failure is scheduled
 * again on the retry schedule, 410 turns the endpoint off. A delivery no longer pending
 * (delivered meanwhile, an endpoint turned off) is left alone.
 */
export async function attemptDelivery(
  db: Db,
  work: WebhookWork,
  deliveryId: string,
  now: () => number,
): Promise<WebhookDeliveryState | null> {
  const row = await db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .select([
      'd.id',
      'd.workspace_id',
      'd.endpoint_id',
      'd.event_id',
      'd.payload_json',
      'd.state',
      'd.attempts',
      'e.url',
      'e.enabled',
      'e.secret_sealed',
      'e.previous_secret_sealed',
      'e.previous_secret_until',
    ])
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
  if (!row || row.state !== 'pending') return null;
  if (!row.enabled) {
    await db
      .updateTable('webhook_deliveries')
      .set({ state: 'skipped', last_error: 'The endpoint is turned off.' })
      .where('id', '=', row.id)
      .where('state', '=', 'pending')
      .execute();
    return 'skipped';
  }
  const started = now();
  const body = row.payload_json;
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'Kindling-Webhooks/1',
    ...signedHeaders(await signingSecrets(work.box, row, started), row.event_id, started, body),
  };
  let answer: OutboundAnswer | null = null;
  let failure: unknown = null;
  try {
    answer = await work.outbound.post(row.url, headers, body, { timeoutMs: TIMEOUT_MS });
  } catch (error) {
    failure = error;
  }
  const verdict = judge(answer, failure, new URL(row.url).hostname, work.outbound);
  const attempts = row.attempts + 1;
  const wait = work.retryScheduleMs[attempts - 1];
  const state: WebhookDeliveryState = verdict.ok
    ? 'delivered'
    : verdict.retry && wait !== undefined
      ? 'pending'
      : 'failed';
  const finished = now();
  await transact(db, async (tx) => {
    const r = await tx
      .updateTable('webhook_deliveries')
      .set({
        state,
        attempts,
        next_attempt_at: state === 'pending' ? finished + wait! : null,
        last_status: verdict.answer?.status ?? null,
        last_response: verdict.answer?.bodyStart.slice(0, 500) ?? null,
        last_error: verdict.error?.slice(0, 500) ?? null,
        last_duration_ms: verdict.answer?.durationMs ?? Math.round(finished - started),
        last_attempt_at: started,
        delivered_at: state === 'delivered' ? finished : null,
      })
      // Only the attempt this run made: a run that lost its lease records nothing twice.
      .where('id', '=', row.id)
      .where('state', '=', 'pending')
      .where('attempts', '=', row.attempts)
      .executeTakeFirst();
    // Another run of this attempt recorded it first: nothing more to do.
    if (!Number(r.numUpdatedRows)) return;
    if (state === 'pending')
      await queueJobs(
        tx,
        [deliveryJob(row.id, attempts, finished + wait!, row.workspace_id)],
        finished,
      );
    if (verdict.gone) {
      await tx
        .updateTable('webhook_endpoints')
        .set({
          enabled: 0,
          disabled_reason: `The endpoint answered 410 Gone on ${new Date(finished).toISOString().slice(0, 16).replace('T', ' ')} UTC, asking for no more events.`,
          updated_at: finished,
        })
        .where('id', '=', row.endpoint_id)
        .execute();
      await tx
        .updateTable('webhook_deliveries')
        .set({ state: 'skipped', last_error: 'The endpoint is turned off.' })
        .where('endpoint_id', '=', row.endpoint_id)
        .where('state', '=', 'pending')
        .execute();
    }
  });
  return state;
}

export type DeliveryLogEntry = {
  id: string;
  eventId: string;
  eventType: string;
  state: WebhookDeliveryState;
  attempts: number;
  lastStatus: number | null;
  lastResponse: string | null;
  lastError: string | null;
  lastDurationMs: number | null;
  lastAttemptAt: number | null;
  nextAttemptAt: number | null;
  createdAt: number;
  /** The bytes sent (the same on every attempt). */
  payloadJson: string;
};

/** What the delivery log can be narrowed to, as the results are named to the owner. */
export const DELIVERY_LOG_FILTERS = {
  delivered: 'Delivered',
  pending: 'Sending or retrying',
  failed: 'Failed',
  skipped: 'Not sent',
} as const satisfies Record<WebhookDeliveryState, string>;

export const deliveryLogQuerySchema = z.object({
  state: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(Object.keys(DELIVERY_LOG_FILTERS) as [WebhookDeliveryState]).optional(),
  ),
  before: cursorParam.optional(),
});
export type DeliveryLogQuery = z.infer<typeof deliveryLogQuerySchema>;

/**
 * An endpoint's deliveries, newest first: `limit` of them, of one result if asked, from
 * where the previous page ended; and the cursor of the next page when there is one.
 */
export async function deliveryLog(
  db: Db,
  workspaceId: string,
  endpointId: string,
  { limit, state, before }: DeliveryLogQuery & { limit: number },
): Promise<{ entries: DeliveryLogEntry[]; next: string | null }> {
  let query = db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('endpoint_id', '=', endpointId);
  if (state) query = query.where('state', '=', state);
  if (before)
    query = query.where((eb) =>
      eb.or([
        eb('created_at', '<', before[0]),
        eb.and([eb('created_at', '=', before[0]), eb('id', '<', before[1])]),
      ]),
    );
  const found = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const rows = found.slice(0, limit);
  const last = rows.at(-1);
  return {
    next: found.length > limit && last ? encodeCursor(last.created_at, last.id) : null,
    entries: rows.map((r) => ({
      id: r.id,
      eventId: r.event_id,
      eventType: r.event_type,
      state: r.state,
      attempts: r.attempts,
      lastStatus: r.last_status,
      lastResponse: r.last_response,
      lastError: r.last_error,
      lastDurationMs: r.last_duration_ms,
      lastAttemptAt: r.last_attempt_at,
      nextAttemptAt: r.state === 'pending' ? r.next_attempt_at : null,
      createdAt: r.created_at,
      payloadJson: r.payload_json,
    })),
  };
}
