import type { Db } from '../../../db/client';
import { csvRow, UTF8_BOM } from './csv';
import { inboxRows, type InboxQuery } from './inbox';
import { STATUS_LABELS } from './status';

const HEADER = [
  'Email',
  'Name',
  'Company',
  'Phone',
  'Tier',
  'Score',
  'Status',
  'Source',
  'Page',
  'Submissions',
  'Created (UTC)',
  'Last touch (UTC)',
  'Lead id',
];
const BATCH = 1000;
const iso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

/**
 * The leads of a view as CSV, produced a batch at a time as the reader asks for more, so an
 * export of 100,000 leads never holds more than one batch in memory.
 */
export function leadsCsvStream(
  db: Db,
  workspaceId: string,
  query: Omit<InboxQuery, 'after'>,
  opts: { bom: boolean },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: readonly [number, string] | undefined;
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode((opts.bom ? UTF8_BOM : '') + csvRow(HEADER)));
          return;
        }
        const rows = await inboxRows(db, workspaceId, { ...query, after })
          .limit(BATCH)
          .execute();
        if (rows.length === 0) return controller.close();
        const last = rows.at(-1)!;
        after = [Number(last.sort_value), last.id];
        controller.enqueue(
          encoder.encode(
            rows
              .map((r) =>
                csvRow([
                  r.email,
                  r.name,
                  r.company,
                  r.phone,
                  r.tier,
                  r.score,
                  STATUS_LABELS[r.status],
                  r.source,
                  r.page_title,
                  r.submissions_count,
                  iso(r.created_at),
                  iso(r.last_touch_at),
                  r.id,
                ]),
              )
              .join(''),
          ),
        );
        if (rows.length < BATCH) controller.close();
      },
    },
    { highWaterMark: 0 },
  );
}
