import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import type { VisitorsTable } from '../../../db/schema';
import { inChunks } from '../../shared/chunks';
import { newId } from '../../shared/ids';
import { sourceOf, utcDay, type VisitAggregate } from './aggregates';
import type { IngestInput } from './ingest';

/*
 * Visitors: one row per browser in a workspace (its random id), with the totals scoring
 * reads (visits, distinct days, engaged time, where it came from). Created on first sight,
 * by a beacon or a submission; grown by each batch of beacons in one statement.
 */

const DAY_MS = 86_400_000;
const sourcesSchema = z.array(z.string().max(100)).max(20);

/** A visitor's stored list of sources, as JSON. */
export const storedSources = (sourcesJson: string): string[] =>
  sourcesSchema.parse(JSON.parse(sourcesJson));

/** The first place a visitor came from, from their stored list of sources. */
export const firstSourceOf = (sourcesJson: string): string | null =>
  sourcesSchema.safeParse(JSON.parse(sourcesJson)).data?.[0] ?? null;

/** A browser's visitor row as first seen: nothing counted yet. */
const newVisitorRow = (workspaceId: string, publicId: string, at: number) => ({
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
});

/** The workspace's visitor for a browser's random id, created on first sight. */
export async function findOrCreateVisitor(
  db: Db,
  workspaceId: string,
  publicId: string,
  at: number,
) {
  const inserted = await db
    .insertInto('visitors')
    .values(newVisitorRow(workspaceId, publicId, at))
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

/** What a batch changes in one visitor, applied in one statement for all of them. */
export type VisitorChange = {
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
export async function visitorsOf(tx: Db, steps: { input: IngestInput; firstAt: number }[]) {
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
      .values(chunk.map((v) => newVisitorRow(v.workspaceId, v.publicId, v.at)))
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

/** Applies a batch's visitor changes, in one statement a chunk. */
export async function updateVisitors(tx: Db, changes: VisitorChange[]) {
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
export function growVisitorChange(
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
