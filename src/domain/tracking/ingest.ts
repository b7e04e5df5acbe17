import { transact } from '../../../db/transact';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import type { EventsTable, VisitorsTable } from '../../../db/schema';
import { recordActivity } from '../leads/activity';
import { applyEvents, emptyVisit, sourceOf, type VisitAggregate } from './aggregates';
import { inChunks } from '../../shared/chunks';
import {
  growVisitorChange,
  storedSources,
  updateVisitors,
  visitorsOf,
  type VisitorChange,
} from './visitors';
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

/** A beacon read against the state before it: its events, clocks bounded, and its visit. */
type Step = {
  input: IngestInput;
  events: TrackedEvent[];
  firstAt: number;
  visitor: VisitorsTable;
  visitId: string;
};

async function storedVisits(tx: Db, ids: string[]): Promise<Map<string, VisitAggregate>> {
  const visits = new Map<string, VisitAggregate>();
  for (const chunk of inChunks(ids)) {
    const rows = await tx.selectFrom('visits').selectAll().where('id', 'in', chunk).execute();
    for (const row of rows) {
      const extra = storedVisitSchema.parse({
        blocks: JSON.parse(row.blocks_seen_json),
        utm: JSON.parse(row.utm_json),
      });
      visits.set(row.id, {
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
      });
    }
  }
  return visits;
}

/** The ids of the events not stored before: a replayed event is skipped by its id. */
async function storeEvents(tx: Db, steps: Step[]): Promise<Set<string>> {
  // An event carried twice in one batch is stored as the first beacon carried it.
  const rows = new Map<string, EventsTable>();
  for (const { input, events, visitor, visitId } of steps)
    for (const { id, t, at, ...data } of events)
      if (!rows.has(`${visitId}.${id}`))
        rows.set(`${visitId}.${id}`, {
          id: `${visitId}.${id}`,
          workspace_id: input.workspaceId,
          visit_id: visitId,
          visitor_id: visitor.id,
          page_id: input.pageId,
          type: t,
          at,
          data_json: JSON.stringify(data),
          received_at: input.receivedAt,
        });
  const inserted = new Set<string>();
  for (const chunk of inChunks([...rows.values()])) {
    const done = await tx
      .insertInto('events')
      .values(chunk)
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .execute();
    for (const r of done) inserted.add(r.id);
  }
  return inserted;
}

/**
 * The visitors after their visits grew: days, time, sources, visit count. Counts and
 * bounds are computed in the statement from each row as it is then (portable CASE, no
 * dialect's min or max), so beacons of one visitor written by two instances at once both
 * count. The list of sources, and the days a batch adds after its first new visit, are
 * taken from the row read before: a race can at worst miss one.
 */

/**
 * Stores a beacon's events and keeps the visit's and the visitor's aggregates current, in
 * one transaction. Event ids make a replayed beacon count once.
 */
export async function ingestBeacon(db: Db, input: IngestInput): Promise<IngestResult> {
  const [result] = await ingestBeaconBatch(db, [input]);
  return result!;
}

/** Many beacons in one transaction of their own (the beacon writer's batch). */
export const ingestBeaconBatch = (db: Db, inputs: IngestInput[]): Promise<IngestResult[]> =>
  transact(db, (tx) => ingestBeaconsIn(tx, inputs));

/**
 * Many beacons inside a transaction the caller holds (the beacon writer's batch), with the
 * same outcome as ingesting them one after another, in a few statements for the whole
 * batch rather than several per beacon: on PostgreSQL each statement is a round trip.
 */
export async function ingestBeaconsIn(tx: Db, inputs: IngestInput[]): Promise<IngestResult[]> {
  if (inputs.length === 0) return [];
  const read = inputs.map((input) => {
    const events = input.beacon.events.map((e) => ({ ...e, at: clamp(e.at, input.receivedAt) }));
    return { input, events, firstAt: Math.min(...events.map((e) => e.at)) };
  });
  const visitorOf = await visitorsOf(tx, read);
  const steps: Step[] = read.map((r) => {
    const visitor = visitorOf(r.input.workspaceId, r.input.beacon.vid);
    // Scoped by our visitor id: a tracker-made visit id can never reach another's visit.
    return { ...r, visitor, visitId: `${visitor.id}.${r.input.beacon.sid}` };
  });
  const stored = await storedVisits(tx, [...new Set(steps.map((s) => s.visitId))]);

  const started = new Map<string, Step>();
  for (const step of steps)
    if (!stored.has(step.visitId) && !started.has(step.visitId)) started.set(step.visitId, step);
  for (const chunk of inChunks([...started.values()]))
    await tx
      .insertInto('visits')
      .values(
        chunk.map((s) => ({
          id: s.visitId,
          workspace_id: s.input.workspaceId,
          visitor_id: s.visitor.id,
          lead_id: s.visitor.lead_id,
          page_id: s.input.pageId,
          ...visitColumns(emptyVisit(s.firstAt)),
        })),
      )
      .execute();
  const inserted = await storeEvents(tx, steps);

  // The beacons in order, as if written one by one: each event counts for the first
  // beacon that carried it, and each visit grows from where the one before left it.
  const visits = new Map<string, VisitAggregate>(stored);
  const changes = new Map<string, VisitorChange>();
  const counted = new Set<string>();
  const results: IngestResult[] = [];
  for (const step of steps) {
    const { input, events, visitor, visitId } = step;
    const fresh = events.filter((e) => {
      const id = `${visitId}.${e.id}`;
      if (!inserted.has(id) || counted.has(id)) return false;
      counted.add(id);
      return true;
    });
    const before = visits.get(visitId) ?? null;
    const after = applyEvents(before ?? emptyVisit(step.firstAt), fresh);
    visits.set(visitId, after);
    const change = changes.get(visitor.id) ?? {
      id: visitor.id,
      newVisits: 0,
      firstNewDay: -1,
      moreDays: 0,
      engagedMs: 0,
      firstAt: after.startedAt,
      lastAt: after.lastEventAt,
      lastSeenAt: visitor.last_seen_at,
      sources: storedSources(visitor.sources_json),
    };
    changes.set(visitor.id, growVisitorChange(change, before, after));
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
    results.push({
      accepted: fresh.length,
      duplicates: events.length - fresh.length,
      visitorId: visitor.id,
      leadId: visitor.lead_id,
      newVisit: before === null,
    });
  }

  const owners = new Map(steps.map((s) => [s.visitId, s]));
  for (const chunk of inChunks([...visits.entries()]))
    await tx
      .insertInto('visits')
      .values(
        chunk.map(([id, visit]) => ({
          id,
          workspace_id: owners.get(id)!.input.workspaceId,
          visitor_id: owners.get(id)!.visitor.id,
          lead_id: owners.get(id)!.visitor.lead_id,
          page_id: owners.get(id)!.input.pageId,
          ...visitColumns(visit),
        })),
      )
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          started_at: eb.ref('excluded.started_at'),
          last_event_at: eb.ref('excluded.last_event_at'),
          engaged_ms: eb.ref('excluded.engaged_ms'),
          max_scroll: eb.ref('excluded.max_scroll'),
          blocks_seen_json: eb.ref('excluded.blocks_seen_json'),
          clicks: eb.ref('excluded.clicks'),
          pages_viewed: eb.ref('excluded.pages_viewed'),
          referrer: eb.ref('excluded.referrer'),
          utm_json: eb.ref('excluded.utm_json'),
          device: eb.ref('excluded.device'),
        })),
      )
      .execute();
  await updateVisitors(tx, [...changes.values()]);
  return results;
}
