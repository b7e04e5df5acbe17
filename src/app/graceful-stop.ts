import type { Server } from 'node:http';

const IDLE_SWEEP_MS = 50;

/**
 * Stops a server without losing what it accepted: it stops accepting connections, answers
 * every request already on a connection (telling keep-alive clients to go elsewhere with
 * `Connection: close`), closes connections as they fall idle, and only when none is left
 * runs `drain` (write-behind queues, the database) and exits 0. A client that keeps a
 * request open past the deadline is cut off, and the drain still runs: whatever was
 * answered is written.
 */
export function stopGracefully(
  server: Server,
  drain: () => Promise<void>,
  options: { deadlineMs: number; log: (msg: string, extra?: object) => void },
): void {
  server.prependListener('request', (_req, res) => {
    if (!res.headersSent) res.setHeader('connection', 'close');
  });
  const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
  const deadline = setTimeout(() => {
    options.log('cutting off connections still open at the drain deadline', {
      deadlineMs: options.deadlineMs,
    });
    server.closeAllConnections();
  }, options.deadlineMs);
  server.close(() => {
    clearInterval(sweep);
    clearTimeout(deadline);
    drain().then(
      () => {
        options.log('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        options.log('stopped with an error while draining', { error: String(error) });
        process.exit(1);
      },
    );
  });
  server.closeIdleConnections();
}
