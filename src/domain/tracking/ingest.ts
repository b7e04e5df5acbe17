import { transact } from '../../../db/transact';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import type { EventsTable, VisitorsTable } from '../../../db/schema';
import { newId } from '../../shared/ids';
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

/** Rows written per statement, within both dialects' limits on bound values. */
const ROWS_PER_INSERT = 2_000;
const inChunks = <T>(rows: T[], size = ROWS_PER_INSERT): T[][] =>
  Array.from({ length: Math.ceil(rows.length / size) }, (_, i) =>
    rows.slice(i * size, (i + 1) * size),
  );

/** A beacon read against the state before it: its events, clocks bounded, and its visit. */
type Step = {
  input: IngestInput;
  events: TrackedEvent[];
  firstAt: number;
  visitor: VisitorsTable;
  visitId: string;
};

/** What a batch changes in one visitor, applied in one statement for all of them. */
type VisitorChange = {
  id: string;
  newVisits: number;
  /** The day of the visitor's first new visit in the batch, or -1 when none is new. */
  firstNewDay: number;
  /** Further new days within the batch, after the first new visit's. */
  moreDays: number;
  engagedMs: number;
  firstAt: number;
  lastAt: number;
  lastSeenAt: number;
  sources: string[];
};

/** The visitors of a batch: created on first sight, else read as they are. */
async function visitorsOf(tx: Db, steps: Pick<Step, 'input' | 'firstAt'>[]) {
  const key = (workspaceId: string, publicId: string) => `${workspaceId}\n${publicId}`;
  const wanted = new Map<string, { workspaceId: string; publicId: string; at: number }>();
  for (const { input, firstAt } of steps) {
    const k = key(input.workspaceId, input.beacon.vid);
    if (!wanted.has(k))
      wanted.set(k, { workspaceId: input.workspaceId, publicId: input.beacon.vid, at: firstAt });
  }
  const found = new Map<string, VisitorsTable>();
  for (const chunk of inChunks([...wanted.values()])) {
    const created = await tx
      .insertInto('visitors')
      .values(
        chunk.map((v) => ({
          id: newId(v.at),
          workspace_id: v.workspaceId,
          public_id: v.publicId,
          lead_id: null,
          first_seen_at: v.at,
          last_seen_at: v.at,
          visits: 0,
          distinct_days: 0,
          engaged_ms: 0,
          sources_json: '[]',
        })),
      )
      .onConflict((oc) => oc.columns(['workspace_id', 'public_id']).doNothing())
      .returningAll()
      .execute();
    for (const row of created) found.set(key(row.workspace_id, row.public_id), row);
  }
  const known = [...wanted.entries()].filter(([k]) => !found.has(k)).map(([, v]) => v);
  for (const chunk of inChunks(known)) {
    const byWorkspace = new Map<string, string[]>();
    for (const v of chunk)
      byWorkspace.set(v.workspaceId, [...(byWorkspace.get(v.workspaceId) ?? []), v.publicId]);
    const rows = await tx
      .selectFrom('visitors')
      .selectAll()
      .where((eb) =>
        eb.or(
          [...byWorkspace].map(([workspaceId, publicIds]) =>
            eb.and([eb('workspace_id', '=', workspaceId), eb('public_id', 'in', publicIds)]),
          ),
        ),
      )
      .execute();
    for (const row of rows) found.set(key(row.workspace_id, row.public_id), row);
  }
  return (workspaceId: string, publicId: string) => found.get(key(workspaceId, publicId))!;
}

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
async function updateVisitors(tx: Db, changes: VisitorChange[]) {
  // A VALUES table's columns are column1, column2, … on both dialects (SQLite cannot
  // rename them); each value is cast so PostgreSQL reads numbers as numbers.
  const columns = [
    ['id', 'text'],
    ['newVisits', 'bigint'],
    ['firstNewDay', 'bigint'],
    ['moreDays', 'bigint'],
    ['engagedMs', 'bigint'],
    ['firstAt', 'bigint'],
    ['lastAt', 'bigint'],
    ['sources', 'text'],
  ] as const;
  type Column = (typeof columns)[number][0];
  const v = (name: Column) => sql.ref(`v.column${columns.findIndex(([c]) => c === name) + 1}`);
  const valueOf = (c: VisitorChange, name: Column) =>
    name === 'sources' ? JSON.stringify(c.sources) : c[name];
  for (const chunk of inChunks(changes, 500)) {
    const rows = chunk.map(
      (c) =>
        sql`(${sql.join(columns.map(([name, type]) => sql`cast(${valueOf(c, name)} as ${sql.raw(type)})`))})`,
    );
    await tx
      .updateTable('visitors')
      .from(sql`(values ${sql.join(rows)})`.as('v'))
      .set({
        visits: sql`visitors.visits + ${v('newVisits')}`,
        distinct_days: sql`visitors.distinct_days + ${v('moreDays')} + case when ${v('firstNewDay')} >= 0 and (visitors.visits = 0 or visitors.last_seen_at / ${sql.lit(DAY_MS)} <> ${v('firstNewDay')}) then 1 else 0 end`,
        engaged_ms: sql`visitors.engaged_ms + ${v('engagedMs')}`,
        first_seen_at: sql`case when visitors.first_seen_at > ${v('firstAt')} then ${v('firstAt')} else visitors.first_seen_at end`,
        last_seen_at: sql`case when visitors.last_seen_at < ${v('lastAt')} then ${v('lastAt')} else visitors.last_seen_at end`,
        sources_json: sql`${v('sources')}`,
      })
      .where(sql<boolean>`visitors.id = ${v('id')}`)
      .execute();
  }
}

/** One visitor's change, grown by a beacon that took a visit from `before` to `after`. */
function grow(
  change: VisitorChange,
  before: VisitAggregate | null,
  after: VisitAggregate,
): VisitorChange {
  const isNew = before === null;
  const source = sourceOf(after);
  const day = utcDay(after.startedAt);
  const firstNew = isNew && change.firstNewDay < 0;
  return {
    ...change,
    newVisits: change.newVisits + (isNew ? 1 : 0),
    firstNewDay: firstNew ? day : change.firstNewDay,
    moreDays: change.moreDays + (isNew && !firstNew && utcDay(change.lastSeenAt) !== day ? 1 : 0),
    engagedMs: change.engagedMs + after.engagedMs - (before?.engagedMs ?? 0),
    firstAt: Math.min(change.firstAt, after.startedAt),
    lastAt: Math.max(change.lastAt, after.lastEventAt),
    lastSeenAt: Math.max(change.lastSeenAt, after.lastEventAt),
    sources:
      change.sources.includes(source) || change.sources.length >= 20
        ? change.sources
        : [...change.sources, source],
  };
}

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
      sources: sourcesSchema.parse(JSON.parse(visitor.sources_json)),
    };
    changes.set(visitor.id, grow(change, before, after));
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
