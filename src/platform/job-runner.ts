import type { z } from 'zod';
import type { Db } from '../../db/client';
import { newId } from '../shared/ids';
import { anyJobDue, claimJob, completeJob, failJob, type ClaimedJob } from '../../db/jobs';

/** What runs a kind of job; its payload is parsed at the boundary like any stored JSON. */
export type JobHandler<S extends z.ZodType = z.ZodType> = {
  payload: S;
  run: (payload: z.infer<S>, now: number) => Promise<void>;
};

/**
 * Drains the jobs table on this instance: polls for due jobs (and at once when told one was
 * enqueued here), runs up to `concurrency` at a time, and stops cleanly, letting what runs
 * finish. Every instance runs one; the table decides who runs what.
 */
export class JobRunner {
  readonly worker = `worker-${newId()}`;
  private running = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private polling = false;

  constructor(
    private readonly db: Db,
    private readonly handlers: Record<string, JobHandler>,
    private readonly options: {
      pollMs: number;
      concurrency: number;
      leaseMs: number;
      log: (o: object) => void;
    },
  ) {}

  start(): void {
    this.schedule(0);
  }

  /** A job was enqueued here: look now rather than at the next poll. */
  kick(): void {
    if (!this.stopped) this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.poll(), ms);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    if (this.polling || this.stopped) return;
    this.polling = true;
    try {
      while (!this.stopped && this.running.size < this.options.concurrency) {
        if (!(await anyJobDue(this.db, Date.now()))) break;
        const job = await claimJob(this.db, this.worker, Date.now(), this.options.leaseMs);
        if (!job) break;
        const run = this.run(job).finally(() => {
          this.running.delete(run);
          this.kick();
        });
        this.running.add(run);
      }
    } catch (error) {
      this.options.log({ level: 'error', msg: 'job poll failed', error: String(error) });
    } finally {
      this.polling = false;
      this.schedule(this.options.pollMs);
    }
  }

  private async run(job: ClaimedJob): Promise<void> {
    const started = Date.now();
    try {
      const handler = this.handlers[job.kind];
      if (!handler) throw new Error(`No handler for jobs of kind "${job.kind}".`);
      await handler.run(handler.payload.parse(job.payload), started);
      await completeJob(this.db, job, this.worker, Date.now());
    } catch (error) {
      const outcome = await failJob(this.db, job, this.worker, error, Date.now()).catch(
        () => 'unrecorded',
      );
      this.options.log({
        level: outcome === 'dead' ? 'error' : 'warn',
        msg: `job ${outcome === 'dead' ? 'dead' : 'failed, will retry'}`,
        kind: job.kind,
        key: job.key,
        attempt: job.attempts,
        error: String(error),
      });
    }
  }

  /** Stops claiming and waits for the jobs running here; the rest wait for any instance. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.all(this.running);
  }
}
