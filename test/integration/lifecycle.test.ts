import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Client, DEMO_ANSWERS, publishTemplatePage, setUpOwner } from '../helpers/http-session';
import { startServer } from '../helpers/server';

describe('server lifecycle', () => {
  it('finishes in-flight requests on SIGTERM, then exits 0', async () => {
    const server = await startServer();
    const owner = await setUpOwner(server.url);
    const { slug } = await publishTemplatePage(owner);
    // Submissions under way when SIGTERM arrives must all complete.
    const inflight = Array.from({ length: 20 }, (_, i) =>
      new Client(server.url).request(`/p/${slug}`, {
        method: 'POST',
        form: { ...DEMO_ANSWERS, email: `p${i}@example.com` },
      }),
    );
    await new Promise((r) => setTimeout(r, 5));
    server.process.kill('SIGTERM');
    const statuses = (await Promise.allSettled(inflight)).map((r) =>
      r.status === 'fulfilled' ? r.value.status : 'refused',
    );
    expect(await server.stop()).toBe(0);
    for (const s of statuses) expect([303, 'refused']).toContain(s);
    expect(server.logs()).toContain('"msg":"stopped"');
  });

  it('keeps data across restarts and applies no migration twice', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kindling-restart-'));
    try {
      const first = await startServer({}, dataDir);
      await setUpOwner(first.url);
      await first.stop();
      const second = await startServer({}, dataDir);
      expect(second.logs()).not.toContain('migrations applied');
      expect((await new Client(second.url).request('/admin')).headers.get('location')).toMatch(
        /^\/admin\/login/,
      );
      await second.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('/healthz answers 503 when the database becomes unreachable', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kindling-503-'));
    const server = await startServer({}, dataDir);
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      rmSync(join(dataDir, 'kindling.sqlite'));
      rmSync(join(dataDir, 'kindling.sqlite-wal'), { force: true });
      rmSync(join(dataDir, 'kindling.sqlite-shm'), { force: true });
      // SQLite keeps the unlinked file open, so the check must notice the file is gone.
      const res = await fetch(`${server.url}/healthz`);
      expect(res.status).toBe(503);
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
