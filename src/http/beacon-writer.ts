import type { Db } from '../../db/client';
import {
  ingestBeacon,
  ingestBeaconBatch,
  type IngestInput,
  type IngestResult,
} from '../domain/tracking/ingest';

const FLUSH_EVERY_MS = 25;
const MAX_BATCH = 200;
/**
 * Beacons answered and not yet written, at most: past it the database is not keeping up
 * (a flood, or PostgreSQL's round trips under a sustained load), and a beacon is refused
 * with 503 rather than queued in memory without bound, to be lost at a crash.
 */
export const BEACON_BACKLOG = 20_000;

/**
 * Writes beacons behind the response: a beacon is answered as soon as it is validated, and
 * the queue is written every few milliseconds, many beacons to one transaction. Beacons are
 * analytics sent without waiting for an answer, so the visitor never waits on the database.
 * `flush` drains the queue (on shutdown, and in tests).
 *
 * `lanes` transactions write at once, each visitor's beacons always in the same lane (so
 * one visitor's beacons are written in order, and two lanes never contend for one visit).
 * On SQLite one lane is all there is (one connection, one writer); on PostgreSQL a beacon's
 * statements cost a network round trip each, and lanes write on connections side by side.
 */
export class BeaconWriter {
  private queue: IngestInput[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void>[];
  private unwritten = 0;

  constructor(
    private readonly db: Db,
    /** Told which leads' visitors were just active (new behaviour to score). */
    private readonly onLeadActivity: (leadId: string) => void = () => undefined,
    lanes = 1,
    private readonly capacity = BEACON_BACKLOG,
  ) {
    this.writing = Array.from({ length: Math.max(1, lanes) }, () => Promise.resolve());
  }

  /** Whether the backlog is full: the next beacon must be refused, not queued. */
  full(): boolean {
    return this.unwritten >= this.capacity;
  }

  enqueue(input: IngestInput): void {
    this.unwritten++;
    this.queue.push(input);
    if (this.queue.length >= MAX_BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_EVERY_MS);
  }

  private laneOf(input: IngestInput): number {
    const key = `${input.workspaceId}:${input.beacon.vid}`;
    let hash = 0;
    for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) | 0;
    return Math.abs(hash) % this.writing.length;
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batches: IngestInput[][] = this.writing.map(() => []);
    for (const input of this.queue.splice(0)) batches[this.laneOf(input)]!.push(input);
    batches.forEach((batch, lane) => {
      if (batch.length)
        this.writing[lane] = this.writing[lane]!.then(() =>
          this.write(batch).finally(() => (this.unwritten -= batch.length)),
        );
    });
    return Promise.all(this.writing).then(() => undefined);
  }

  private notify(results: IngestResult[]): void {
    for (const r of results) if (r.leadId && r.accepted > 0) this.onLeadActivity(r.leadId);
  }

  private async write(batch: IngestInput[]): Promise<void> {
    try {
      this.notify(await ingestBeaconBatch(this.db, batch));
    } catch {
      // One bad beacon must not cost the others: write them one by one.
      for (const input of batch) {
        await ingestBeacon(this.db, input)
          .then((result) => this.notify([result]))
          .catch((error: unknown) =>
            console.error(
              JSON.stringify({ level: 'error', msg: 'beacon not stored', error: String(error) }),
            ),
          );
      }
    }
  }
}
