import type { Db } from '../../db/client';
import { rescoreLead } from '../domain/leads/rescore';

/**
 * Re-scores leads whose visitors are active, at most once per lead per few seconds:
 * behaviour arrives as a stream of beacons, and scoring per event would be waste.
 */
export class RescoreScheduler {
  private pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly db: Db,
    private readonly delayMs = 5_000,
  ) {}

  schedule(leadId: string): void {
    if (this.pending.has(leadId)) return;
    this.pending.set(
      leadId,
      setTimeout(() => void this.run(leadId), this.delayMs),
    );
  }

  /** Runs everything pending now (on shutdown). */
  async flush(): Promise<void> {
    for (const [leadId, timer] of this.pending) {
      clearTimeout(timer);
      await this.run(leadId);
    }
  }

  private async run(leadId: string): Promise<void> {
    this.pending.delete(leadId);
    await rescoreLead(this.db, leadId, Date.now(), 'visit').catch((error: unknown) =>
      console.error(
        JSON.stringify({ level: 'error', msg: 'rescore failed', leadId, error: String(error) }),
      ),
    );
  }
}
