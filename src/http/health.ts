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

/** The one answer of /healthz, wherever it is served: status, JSON text, headers. */
export function healthAnswer(ok: boolean): {
  status: 200 | 503;
  body: string;
  headers: Record<string, string>;
} {
  const body = JSON.stringify(
    ok
      ? { status: 'ok' }
      : {
          status: 'unavailable',
          error: { code: 'db_unreachable', message: 'The database is not reachable.' },
        },
  );
  return {
    status: ok ? 200 : 503,
    body,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'content-length': String(Buffer.byteLength(body)),
    },
  };
}
