import type { Db } from '../../db/client';
import { recordExposures, type Exposure } from '../domain/experiments/exposures';

const FLUSH_EVERY_MS = 25;
const MAX_BATCH = 500;

/**
 * Writes the first views of tested pages behind the response, many to one statement: a page
 * view under test costs the visitor no wait on the database, as any page view. `flush`
 * drains what is queued (on shutdown, and in tests).
 */
export class ExposureWriter {
  private queue: Exposure[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly db: Db) {}

  enqueue(exposure: Exposure): void {
    this.queue.push(exposure);
    if (this.queue.length >= MAX_BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_EVERY_MS);
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queue.splice(0);
    if (batch.length)
      this.writing = this.writing.then(() =>
        recordExposures(this.db, batch).catch((error: unknown) =>
          console.error(
            JSON.stringify({
              level: 'error',
              msg: 'experiment views not written',
              count: batch.length,
              error: String(error),
            }),
          ),
        ),
      );
    return this.writing;
  }
}
