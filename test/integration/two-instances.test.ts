import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visitBeacon } from '../helpers/beacons';
import { readDb, writeDb } from '../helpers/db-file';
import {
  Client,
  DEMO_ANSWERS,
  PERSON_UA,
  postLead,
  publishTemplatePage,
  readDraft,
  saveDraftApi,
  setUpOwner,
} from '../helpers/http-session';
import { startServer, type TestServer } from '../helpers/server';

/* Two `npm start` processes on one DATA_DIR (SQLite in WAL mode lets two processes share
   it), requests alternating between them: they must act as one. */

const ENV = {
  TRUST_PROXY: '1',
  SUBMIT_LIMIT_PER_IP: '6',
  RESCORE_DELAY_MS: '400',
  PURGE_EVERY_MS: '1500',
  DECAY_EVERY_MS: '1500',
  JOB_LEASE_MS: '2000',
};
let dir: string;
let a: TestServer;
let b: TestServer;
let owner: Client;
let slug: string;
let pageId: string;
const rows = <T>(sql: string, ...params: unknown[]) => readDb<T>(dir, sql, ...params);
/** Each test its own client address (the proxy's hop), so the per-IP limit is its own. */
const from = (ip: string) => ({ 'x-forwarded-for': ip });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kindling-two-'));
  a = await startServer(ENV, dir);
  b = await startServer(ENV, dir);
  owner = await setUpOwner(a.url);
  ({ slug, pageId } = await publishTemplatePage(owner));
}, 120_000);
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('two instances on one database', () => {
  it('accepts on B a session made on A', async () => {
    const onB = new Client(b.url);
    Object.assign(onB, { cookies: (owner as unknown as { cookies: unknown }).cookies });
    const res = await onB.request('/admin');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Dashboard');
  });

  it('serves on B, within a second, what was published through A', async () => {
    const draft = await readDraft(owner, pageId);
    const hero = draft.document.blocks[0]!;
    const headline = `Published through A at ${Date.now()}`;
    expect(
      (
        await saveDraftApi(owner, pageId, {
          ...draft,
          document: {
            ...draft.document,
            blocks: [
              { ...hero, props: { ...(hero.props as object), headline } },
              ...draft.document.blocks.slice(1),
            ],
          },
        })
      ).status,
    ).toBe(200);
    // B has the old version rendered and remembered.
    expect(await (await fetch(`${b.url}/p/${slug}`)).text()).not.toContain(headline);
    const { revision } = await readDraft(owner, pageId);
    await owner.post(`/admin/pages/${pageId}/edit`, {
      _action: 'publish',
      revision: String(revision),
    });
    const published = Date.now();
    await expect
      .poll(async () => (await (await fetch(`${b.url}/p/${slug}`)).text()).includes(headline), {
        interval: 50,
        timeout: 3_000,
      })
      .toBe(true);
    expect(Date.now() - published).toBeLessThan(1_500);
  });

  it('serves from B an image uploaded through A', async () => {
    const png = await sharp({
      create: { width: 40, height: 30, channels: 3, background: '#b45309' },
    })
      .png()
      .toBuffer();
    await owner.page('/admin/assets');
    const form = new FormData();
    form.set('_csrf', owner.csrf);
    form.set('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'a.png');
    const res = await owner.request('/admin/assets', { method: 'POST', body: form });
    const id = /uploaded=([0-9a-f-]{36})/.exec(res.headers.get('location')!)![1]!;
    const onB = await fetch(`${b.url}/assets/${id}/original.png`);
    expect(onB.status).toBe(200);
    expect(Buffer.from(await onB.arrayBuffer()).equals(png)).toBe(true);
  });

  it('holds the per-IP submission limit across both: the limit, not twice it', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await postLead(
        i % 2 ? b.url : a.url,
        slug,
        { ...DEMO_ANSWERS, email: `limit${i}@northwind.com` },
        from('198.51.100.7'),
      );
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(6);
    expect(statuses.slice(6).every((s) => s === 429)).toBe(true);
  });

  it('re-scores a returning lead seen by A and by B once', async () => {
    const vid = 'two-instance-visitor';
    const sent = await postLead(
      a.url,
      slug,
      { ...DEMO_ANSWERS, email: 'returning@northwind.com', _vid: vid },
      from('198.51.100.8'),
    );
    expect(sent.status).toBe(200);
    const [lead] = rows<{ id: string; scored_at: number }>(
      "select id, scored_at from leads where email = 'returning@northwind.com'",
    );
    // The visitor comes back: beacons reach both instances within the settling time.
    const now = Date.now();
    for (const [i, server] of [a, b, a, b].entries()) {
      const res = await fetch(`${server.url}/api/t`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'user-agent': PERSON_UA, ...from('198.51.100.8') },
        body: JSON.stringify(
          visitBeacon({
            page: slug,
            vid,
            sid: `return-visit-${i}`,
            at: now + i,
            engagedMs: 30_000,
          }),
        ),
      });
      expect(res.status).toBe(202);
    }
    const job = () =>
      rows<{ state: string; attempts: number }>(
        'select state, attempts from jobs where key = ?',
        `rescore-lead:${lead!.id}`,
      );
    await expect.poll(() => job()[0]?.state, { timeout: 5_000 }).toBe('done');
    expect(job()).toEqual([{ state: 'done', attempts: 1 }]);
    const [after] = rows<{ scored_at: number }>(
      'select scored_at from leads where id = ?',
      lead!.id,
    );
    expect(after!.scored_at).toBeGreaterThan(lead!.scored_at);
  });

  it('runs the decay and the purge once per period with both running', async () => {
    await new Promise((r) => setTimeout(r, 4_000));
    for (const task of ['decay-rescore', 'event-purge']) {
      const periods = (a.logs() + b.logs())
        .split('\n')
        .filter((l) => l.includes(`"msg":"${task} done"`))
        .map((l) => (JSON.parse(l) as { period: number }).period);
      expect(periods.length, task).toBeGreaterThanOrEqual(2);
      expect(new Set(periods).size, task).toBe(periods.length);
    }
  });

  it('loses no acknowledged submission when A is killed, and B finishes the job A held', async () => {
    // A job A has claimed (its lease still running) when it dies.
    const workerA = /"worker":"([^"]+)"/.exec(a.logs())![1]!;
    const workspaceId = rows<{ id: string }>('select id from workspaces')[0]!.id;
    const now = Date.now();
    writeDb(
      dir,
      `insert into jobs (id, kind, key, payload_json, state, run_at, attempts, max_attempts, again, lease_until, claimed_by, workspace_id, created_at, updated_at)
       values ('job-held-by-a', 'rescore-workspace', 'rescore-workspace:held', ?, 'running', ?, 1, 8, 0, ?, ?, ?, ?, ?)`,
      JSON.stringify({ workspaceId }),
      now,
      now + 1_500,
      workerA,
      workspaceId,
      now,
      now,
    );

    const acknowledged: string[] = [];
    let n = 0;
    let killed = false;
    const stream = async (server: TestServer) => {
      for (;;) {
        const i = n++;
        const email = `kill${i}@northwind.com`;
        const res = await postLead(
          server.url,
          slug,
          { ...DEMO_ANSWERS, email, _key: `kill-key-${String(i).padStart(10, '0')}` },
          from(`203.0.113.${i % 250}`),
        ).catch(() => null);
        if (res?.status === 200) acknowledged.push(email);
        if (killed && server === a) return;
        if (i > 120) return;
      }
    };
    const streams = [stream(a), stream(b)];
    await new Promise((r) => setTimeout(r, 300));
    a.process.kill('SIGKILL');
    killed = true;
    await Promise.all(streams);
    expect(acknowledged.length).toBeGreaterThan(20);
    const stored = new Set(
      rows<{ email: string }>("select email from leads where email like 'kill%'").map(
        (r) => r.email,
      ),
    );
    expect(acknowledged.filter((e) => !stored.has(e))).toEqual([]);
    await expect
      .poll(
        () =>
          rows<{ state: string; claimed_by: string }>(
            "select state, claimed_by from jobs where id = 'job-held-by-a'",
          )[0],
        {
          timeout: 8_000,
        },
      )
      .toMatchObject({ state: 'done' });
    expect(
      rows<{ claimed_by: string }>("select claimed_by from jobs where id = 'job-held-by-a'")[0]!
        .claimed_by,
    ).not.toBe(workerA);
  });

  it('shows the owner background work that failed for good, with its error', async () => {
    const workspaceId = rows<{ id: string }>('select id from workspaces')[0]!.id;
    const now = Date.now();
    writeDb(
      dir,
      `insert into jobs (id, kind, key, payload_json, state, run_at, attempts, max_attempts, again, last_error, workspace_id, created_at, updated_at)
       values ('job-dead', 'rescore-workspace', 'rescore-workspace:dead', '{}', 'dead', ?, 8, 8, 0, 'database is locked', ?, ?, ?)`,
      now,
      workspaceId,
      now,
      now,
    );
    const onB = new Client(b.url);
    Object.assign(onB, { cookies: (owner as unknown as { cookies: unknown }).cookies });
    const { html } = await onB.page('/admin/settings');
    expect(html).toContain('Background work that failed');
    expect(html).toContain('Re-scoring every lead under a new model');
    expect(html).toContain('database is locked');
  });
});
