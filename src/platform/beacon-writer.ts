import { transact } from '../../db/transact';
import type { Db } from '../../db/client';
import { ingestBeaconIn, type IngestInput, type IngestResult } from '../domain/tracking/ingest';

const FLUSH_EVERY_MS = 25;
const MAX_BATCH = 200;

/**
 * Writes beacons behind the response: a beacon is answered as soon as it is validated, and
 * the queue is written every few milliseconds, many beacons to one transaction. Beacons are
 * analytics sent without waiting for an answer, so the visitor never waits on the database.
 * `flush` drains the queue (on shutdown, and in tests).
 */
export class BeaconWriter {
  private queue: IngestInput[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    /** Told which leads' visitors were just active (new behaviour to score). */
    private readonly onLeadActivity: (leadId: string) => void = () => undefined,
  ) {}

  enqueue(input: IngestInput): void {
    this.queue.push(input);
    if (this.queue.length >= MAX_BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_EVERY_MS);
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queue.splice(0);
    if (batch.length) this.writing = this.writing.then(() => this.write(batch));
    return this.writing;
  }

  private notify(results: IngestResult[]): void {
    for (const r of results) if (r.leadId && r.accepted > 0) this.onLeadActivity(r.leadId);
  }

  private async write(batch: IngestInput[]): Promise<void> {
    try {
      const results = await transact(this.db, async (tx) => {
        const done: IngestResult[] = [];
        for (const input of batch) done.push(await ingestBeaconIn(tx, input));
        return done;
      });
      this.notify(results);
    } catch {
      // One bad beacon must not cost the others: write them one by one.
      for (const input of batch) {
        await transact(this.db, (tx) => ingestBeaconIn(tx, input))
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
