import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * One JSON line per request. Only the path is logged, never the query string or body:
 * they can carry emails and form answers.
 */
export function logRequest(req: IncomingMessage, res: ServerResponse): void {
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const path = (req.url ?? '/').split('?')[0]!.slice(0, 300);
    process.stdout.write(
      JSON.stringify({
        level: 'info',
        msg: 'request',
        method: req.method,
        path,
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
      }) + '\n',
    );
  });
}
