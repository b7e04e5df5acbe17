/**
 * The liveness answer, bounded in time whatever the load: the database check runs inline
 * when it answers within `waitMs`; when requests ahead of it hold the database, the answer
 * is the last check's, so an instance busy with writes is not reported dead and restarted.
 * A check still pending after `stuckMs` means the database is stuck: unhealthy.
 */
export function boundedHealthCheck(
  check: () => Promise<boolean>,
  options: { waitMs: number; stuckMs: number } = { waitMs: 250, stuckMs: 10_000 },
): () => Promise<boolean> {
  let lastOk = true;
  let pending: Promise<boolean> | null = null;
  let pendingSince = 0;
  return async () => {
    if (!pending) {
      pendingSince = Date.now();
      pending = check()
        .catch(() => false)
        .then((ok) => {
          lastOk = ok;
          pending = null;
          return ok;
        });
    }
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<null>(
      (resolve) => (timer = setTimeout(resolve, options.waitMs, null)),
    );
    const result = await Promise.race([pending, waited]);
    clearTimeout(timer);
    return result ?? (lastOk && Date.now() - pendingSince < options.stuckMs);
  };
}
