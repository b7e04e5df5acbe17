import { transact } from '../../../db/transact';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import type { VisitorsTable } from '../../../db/schema';
import { newId } from '../ids';
import { recordActivity } from '../leads/activity';
import { applyEvents, emptyVisit, sourceOf, utcDay, type VisitAggregate } from './aggregates';
import type { Beacon, TrackedEvent } from './beacon';

/** Client clocks are trusted within limits: a week back (beacons queued offline), 5 min ahead. */
export const CLOCK_PAST_MS = 7 * 86_400_000;
export const CLOCK_FUTURE_MS = 5 * 60_000;
const clamp = (at: number, receivedAt: number) =>
  Math.min(Math.max(at, receivedAt - CLOCK_PAST_MS), receivedAt + CLOCK_FUTURE_MS);

export type IngestInput = {
  beacon: Beacon;
  pageId: string;
  workspaceId: string;
  receivedAt: number;
};
export type IngestResult = {
  accepted: number;
  duplicates: number;
  visitorId: string;
  leadId: string | null;
  newVisit: boolean;
};

const storedVisitSchema = z.object({
  blocks: z.array(z.string().max(40)).max(60),
  utm: z.record(z.string(), z.string().max(100)),
});
const DAY_MS = 86_400_000;
const sourcesSchema = z.array(z.string().max(100)).max(20);

/** The first place a visitor came from, from their stored list of sources. */
export const firstSourceOf = (sourcesJson: string): string | null =>
  sourcesSchema.safeParse(JSON.parse(sourcesJson)).data?.[0] ?? null;

/** The workspace's visitor for a browser's random id, created on first sight. */
export async function findOrCreateVisitor(
  db: Db,
  workspaceId: string,
  publicId: string,
  at: number,
) {
  const inserted = await db
    .insertInto('visitors')
    .values({
      id: newId(at),
      workspace_id: workspaceId,
      public_id: publicId,
      lead_id: null,
      first_seen_at: at,
      last_seen_at: at,
      visits: 0,
      distinct_days: 0,
      engaged_ms: 0,
      sources_json: '[]',
    })
    .onConflict((oc) => oc.columns(['workspace_id', 'public_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return (
    inserted ??
    (await db
      .selectFrom('visitors')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('public_id', '=', publicId)
      .executeTakeFirstOrThrow())
  );
}

async function storedVisit(db: Db, visitId: string): Promise<VisitAggregate | null> {
  const row = await db
    .selectFrom('visits')
    .selectAll()
    .where('id', '=', visitId)
    .executeTakeFirst();
  if (!row) return null;
  const extra = storedVisitSchema.parse({
    blocks: JSON.parse(row.blocks_seen_json),
    utm: JSON.parse(row.utm_json),
  });
  return {
    startedAt: row.started_at,
    lastEventAt: row.last_event_at,
    engagedMs: row.engaged_ms,
    maxScroll: row.max_scroll,
    blocksSeen: extra.blocks,
    clicks: row.clicks,
    pagesViewed: row.pages_viewed,
    referrer: row.referrer,
    utm: extra.utm,
    device: row.device,
  };
}

function visitColumns(visit: VisitAggregate) {
  return {
    started_at: visit.startedAt,
    last_event_at: visit.lastEventAt,
    engaged_ms: visit.engagedMs,
    max_scroll: visit.maxScroll,
    blocks_seen_json: JSON.stringify(visit.blocksSeen),
    clicks: visit.clicks,
    pages_viewed: visit.pagesViewed,
    referrer: visit.referrer,
    utm_json: JSON.stringify(visit.utm),
    device: visit.device,
  };
}

/**
 * The visitor after a visit grew: days, time, sources, visit count. Counts and bounds are
 * computed in the statement from the row as it is then (portable CASE, no dialect's min or
 * max), so beacons of one visitor written by two instances at once both count. The list of
 * sources is the one part taken from the row read before: a race can at worst miss one.
 */
function visitorUpdate(
  visitor: Pick<VisitorsTable, 'sources_json'>,
  before: VisitAggregate | null,
  after: VisitAggregate,
) {
  const isNew = before === null;
  const sources = sourcesSchema.parse(JSON.parse(visitor.sources_json));
  const source = sourceOf(after);
  const day = utcDay(after.startedAt);
  return {
    visits: sql<number>`visits + ${isNew ? 1 : 0}`,
    distinct_days: isNew
      ? sql<number>`distinct_days + case when visits = 0 or last_seen_at / ${sql.lit(DAY_MS)} <> ${day} then 1 else 0 end`
      : sql<number>`distinct_days`,
    engaged_ms: sql<number>`engaged_ms + ${after.engagedMs - (before?.engagedMs ?? 0)}`,
    first_seen_at: sql<number>`case when first_seen_at > ${after.startedAt} then ${after.startedAt} else first_seen_at end`,
    last_seen_at: sql<number>`case when last_seen_at < ${after.lastEventAt} then ${after.lastEventAt} else last_seen_at end`,
    sources_json: JSON.stringify(
      sources.includes(source) || sources.length >= 20 ? sources : [...sources, source],
    ),
  };
}

/**
 * Stores a beacon's events and keeps the visit's and the visitor's aggregates current, in
 * one transaction. Event ids make a replayed beacon count once.
 */
export function ingestBeacon(db: Db, input: IngestInput): Promise<IngestResult> {
  return transact(db, (tx) => ingestBeaconIn(tx, input));
}

/** The same inside a transaction the caller holds (the beacon writer batches many). */
export async function ingestBeaconIn(tx: Db, input: IngestInput): Promise<IngestResult> {
  const { beacon, receivedAt } = input;
  const events: TrackedEvent[] = beacon.events.map((e) => ({ ...e, at: clamp(e.at, receivedAt) }));
  const firstAt = Math.min(...events.map((e) => e.at));
  const visitor = await findOrCreateVisitor(tx, input.workspaceId, beacon.vid, firstAt);
  // Scoped by our visitor id: a tracker-made visit id can never reach another's visit.
  const visitId = `${visitor.id}.${beacon.sid}`;
  const before = await storedVisit(tx, visitId);
  if (!before)
    await tx
      .insertInto('visits')
      .values({
        id: visitId,
        workspace_id: input.workspaceId,
        visitor_id: visitor.id,
        page_id: input.pageId,
        ...visitColumns(emptyVisit(firstAt)),
      })
      .execute();
  const inserted = new Set(
    (
      await tx
        .insertInto('events')
        .values(
          events.map(({ id, t, at, ...data }) => ({
            id: `${visitId}.${id}`,
            workspace_id: input.workspaceId,
            visit_id: visitId,
            visitor_id: visitor.id,
            page_id: input.pageId,
            type: t,
            at,
            data_json: JSON.stringify(data),
            received_at: receivedAt,
          })),
        )
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .execute()
    ).map((r) => r.id),
  );
  const fresh = events.filter((e) => inserted.has(`${visitId}.${e.id}`));
  const after = applyEvents(before ?? emptyVisit(firstAt), fresh);
  await tx.updateTable('visits').set(visitColumns(after)).where('id', '=', visitId).execute();
  await tx
    .updateTable('visitors')
    .set(visitorUpdate(visitor, before, after))
    .where('id', '=', visitor.id)
    .execute();
  // A known lead came back: the new visit is a touch on their timeline.
  if (visitor.lead_id && before === null) {
    await recordActivity(tx, {
      workspaceId: input.workspaceId,
      leadId: visitor.lead_id,
      type: 'visit',
      at: after.startedAt,
      data: { visitId, pageId: input.pageId, source: sourceOf(after) },
    });
    await tx
      .updateTable('leads')
      .set({ last_touch_at: after.startedAt })
      .where('id', '=', visitor.lead_id)
      .where('last_touch_at', '<', after.startedAt)
      .execute();
  }
  return {
    accepted: fresh.length,
    duplicates: events.length - fresh.length,
    visitorId: visitor.id,
    leadId: visitor.lead_id,
    newVisit: before === null,
  };
}
