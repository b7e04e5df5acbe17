import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { visitBeacon } from '../helpers/beacons';
import { readDb, removeDatabaseOf } from '../helpers/db-file';
import {
  Client,
  DEMO_ANSWERS,
  PERSON_UA,
  publishTemplatePage,
  setUpOwner,
} from '../helpers/http-session';
import { freePort, startServer } from '../helpers/server';

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

  it('stores every beacon it answered 202 when SIGTERM arrives mid-stream, and exits 0', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kindling-sigterm-'));
    const server = await startServer({}, dataDir);
    const owner = await setUpOwner(server.url);
    const { slug } = await publishTemplatePage(owner);
    // Keep-alive connections streaming beacons, as many visitors' browsers do.
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    const { hostname, port } = new URL(server.url);
    const post = (n: number) =>
      new Promise<number | 'refused'>((resolve) => {
        const body = JSON.stringify(
          visitBeacon({
            page: slug,
            vid: `stream-visitor-${n % 40}`,
            sid: `stream-visit-${n}`,
            at: Date.now(),
          }),
        );
        const req = httpRequest(
          {
            hostname,
            port,
            path: '/api/t',
            method: 'POST',
            agent,
            headers: { 'content-type': 'text/plain', 'user-agent': PERSON_UA },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode!));
          },
        );
        req.on('error', () => resolve('refused'));
        req.end(body);
      });
    const answered: number[] = [];
    let n = 0;
    let stopSending = false;
    const streams = Array.from({ length: 16 }, async () => {
      while (!stopSending) {
        const i = n++;
        const status = await post(i);
        if (status === 202) answered.push(i);
        else if (status === 'refused') return;
      }
    });
    // And one client that started a request and never finishes it.
    const stuck = connect(Number(port), hostname);
    stuck.on('error', () => undefined);
    stuck.write(
      `POST /api/t HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: text/plain\r\nContent-Length: 500\r\n\r\n{`,
    );
    await new Promise((r) => setTimeout(r, 400));
    server.process.kill('SIGTERM');
    // Browsers that would go on sending past the drain deadline if the server let them.
    const giveUp = setTimeout(() => (stopSending = true), 12_000);
    await Promise.all(streams);
    clearTimeout(giveUp);
    agent.destroy();
    // The stuck request is cut off at the drain deadline; what was answered is still written.
    expect(await server.stop()).toBe(0);
    stuck.destroy();
    expect(answered.length).toBeGreaterThan(50);
    const stored = new Set(
      readDb<{ id: string }>(server.dataDir, "select id from events where type = 'view'").map((r) =>
        r.id.split('.').at(-1),
      ),
    );
    rmSync(dataDir, { recursive: true, force: true });
    const lost = answered.filter((i) => !stored.has(`v-stream-visit-${i}`));
    expect(lost).toEqual([]);
  }, 30_000);

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
      await removeDatabaseOf(dataDir);
      const res = await fetch(`${server.url}/healthz`);
      expect(res.status).toBe(503);
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('HEALTH_PORT: the liveness probe on a thread of its own', () => {
  it('answers /healthz there, and 503 once the database is gone', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kindling-health-'));
    const healthPort = await freePort();
    const server = await startServer({ HEALTH_PORT: String(healthPort) }, dataDir);
    const probe = `http://127.0.0.1:${healthPort}`;
    try {
      await expect
        .poll(async () => (await fetch(`${probe}/healthz`).catch(() => null))?.status, {
          // The probe's thread starts beside the server: seconds on a busy two-core machine.
          timeout: 15_000,
        })
        .toBe(200);
      expect(await (await fetch(`${probe}/healthz`)).json()).toEqual({ status: 'ok' });
      expect((await fetch(`${probe}/admin`)).status).toBe(404);
      await removeDatabaseOf(dataDir);
      const gone = await fetch(`${probe}/healthz`);
      expect(gone.status).toBe(503);
      expect(await gone.json()).toMatchObject({ error: { code: 'db_unreachable' } });
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('npm start under a supervisor', () => {
  it('SIGTERM to the process npm start began stops the server, drained, and frees the port', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kindling-npm-start-'));
    const npm = spawn('npm', ['start', '--silent'], {
      cwd: join(import.meta.dirname, '../..'),
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_REQUESTS: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    npm.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((r) => npm.on('exit', (code) => r(code)));
    try {
      await expect
        .poll(() => /"url":"(http:\/\/[^"]+)"/.test(output), { timeout: 60_000 })
        .toBe(true);
      const url = /"url":"(http:\/\/[^"]+)"/.exec(output)![1]!.replace('localhost', '127.0.0.1');
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      npm.kill('SIGTERM');
      expect(await exited).toBe(0);
      await expect.poll(() => output).toContain('"msg":"stopped"');
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    } finally {
      if (npm.exitCode === null) npm.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
