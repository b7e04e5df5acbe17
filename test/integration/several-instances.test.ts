import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabaseOf, readDb } from '../helpers/db-file';
import {
  Client,
  DEMO_ANSWERS,
  postLead,
  publishTemplatePage,
  readDraft,
  saveDraftApi,
  setUpOwner,
} from '../helpers/http-session';
import { startLoadBalancer, type LoadBalancer } from '../helpers/nginx';
import { freePort, startServer, type TestServer } from '../helpers/server';

/* Three `npm start` processes on one database (PostgreSQL when the suite runs on it), behind
   Debian's nginx running deploy/nginx-kindling.conf: clients see one address, as users do. */

const ENV = { TRUST_PROXY: '1', LOG_REQUESTS: '1', RESCORE_DELAY_MS: '400', JOB_LEASE_MS: '2000' };
let dir: string;
let instances: TestServer[];
let lb: LoadBalancer;
let owner: Client;
let slug: string;
let pageId: string;
const rows = <T>(sql: string, ...params: unknown[]) => readDb<T>(dir, sql, ...params);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kindling-three-'));
  instances = [];
  // The address users reach is nginx's: every instance is told it (SITE_URL), as in production.
  const port = await freePort();
  const env = { ...ENV, SITE_URL: `http://127.0.0.1:${port}` };
  // One first, so that the database is migrated before the others start.
  for (let i = 0; i < 3; i++) instances.push(await startServer(env, dir));
  lb = await startLoadBalancer(
    instances.map((s) => s.url),
    port,
  );
  owner = await setUpOwner(lb.url);
  ({ slug, pageId } = await publishTemplatePage(owner));
}, 180_000);
afterAll(async () => {
  await lb?.stop();
  await Promise.all((instances ?? []).map((s) => s.stop()));
  await dropDatabaseOf(dir);
  rmSync(dir, { recursive: true, force: true });
});

describe('three instances behind nginx, round robin', () => {
  it('spreads requests over every instance, and a session made on one holds on all', async () => {
    const served = () =>
      instances.map(
        (s) =>
          s
            .logs()
            .split('\n')
            .filter((l) => l.includes('"path":"/admin/leads"')).length,
      );
    const before = served();
    for (let i = 0; i < 12; i++) expect((await owner.request('/admin/leads')).status).toBe(200);
    const after = () => served().map((n, i) => n - before[i]!);
    // Each instance logs a request when its response has finished: a moment after we read it.
    await expect.poll(() => after().reduce((a, b) => a + b)).toBe(12);
    expect(after().every((n) => n >= 3)).toBe(true);
  });

  it('stores every one of 500 concurrent submissions exactly once', async () => {
    const emails = Array.from({ length: 500 }, (_, i) => `crowd${i}@northwind.com`);
    const results = await Promise.all(
      emails.map((email, i) =>
        postLead(lb.url, slug, {
          ...DEMO_ANSWERS,
          email,
          _key: `crowd-key-${String(i).padStart(10, '0')}`,
        }).then((r) => ({ email, status: r.status })),
      ),
    );
    const acknowledged = results.filter((r) => r.status === 200).map((r) => r.email);
    expect(results.filter((r) => r.status !== 200)).toEqual([]);
    const stored = rows<{ email: string; n: number }>(
      "select l.email, count(s.id) as n from leads l join submissions s on s.lead_id = l.id where l.email like 'crowd%' group by l.email",
    );
    expect(stored).toHaveLength(500);
    expect(stored.every((r) => Number(r.n) === 1)).toBe(true);
    expect(new Set(stored.map((r) => r.email))).toEqual(new Set(acknowledged));
  });

  it('gives concurrent publishes of one page consecutive version numbers, never a 500', async () => {
    const before = rows<{ n: number }>(
      'select max(version_no) as n from page_versions where page_id = ?',
      pageId,
    )[0]!.n;
    // Each publish freezes a different draft, so each makes a version.
    const statuses: number[] = [];
    for (let round = 0; round < 4; round++) {
      const { revision, document } = await readDraft(owner, pageId);
      const hero = document.blocks[0]!;
      const saved = await saveDraftApi(owner, pageId, {
        revision,
        title: `Round ${round}`,
        slug,
        document: {
          ...document,
          blocks: [
            { ...hero, props: { ...(hero.props as object), headline: `Round ${round}` } },
            ...document.blocks.slice(1),
          ],
        },
      });
      expect(saved.status).toBe(200);
      const publishes = await Promise.all(
        Array.from({ length: 6 }, async () => {
          const { revision: r } = await readDraft(owner, pageId);
          return owner.post(`/admin/pages/${pageId}/edit`, {
            _action: 'publish',
            revision: String(r),
          });
        }),
      );
      statuses.push(...publishes.map((p) => p.status));
    }
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    const numbers = rows<{ version_no: number }>(
      'select version_no from page_versions where page_id = ? and version_no > ? order by version_no',
      pageId,
      before,
    ).map((r) => r.version_no);
    // One new version per changed draft, numbered one after another.
    expect(numbers).toEqual([before + 1, before + 2, before + 3, before + 4]);
  });

  it('counts every one of concurrent failed sign-ins, whichever instance takes it', async () => {
    const attempts = 12;
    const results = await Promise.all(
      Array.from({ length: attempts }, () =>
        new Client(lb.url).request('/admin/login', {
          method: 'POST',
          form: { email: 'nobody-here@example.com', password: 'wrong-password-1' },
          headers: { 'x-forwarded-for': '192.0.2.77' },
        }),
      ),
    );
    expect(results.every((r) => r.status < 500)).toBe(true);
    // nginx appends the address it saw (this test's loopback): that is the client's IP.
    const [pair] = rows<{ failures: number }>(
      "select failures from auth_throttle where key like 'pair:nobody-here@example.com|%'",
    );
    expect(pair?.failures).toBe(attempts);
  });

  it('trusts only the host nginx sets, never a client’s X-Forwarded-Host', async () => {
    // A forged host must not pass the origin check of a cross-site post…
    const forged = await new Client(lb.url).request('/admin/login', {
      method: 'POST',
      form: { email: 'forged-host@example.com', password: 'wrong-password-1' },
      headers: { origin: 'http://evil.example', 'x-forwarded-host': 'evil.example' },
    });
    expect(forged.status).toBe(403);
    // …nor make a same-site one fail.
    const honest = await new Client(lb.url).request('/admin/login', {
      method: 'POST',
      form: { email: 'forged-host@example.com', password: 'wrong-password-1' },
      headers: { 'x-forwarded-host': 'evil.example' },
    });
    expect(honest.status).toBe(401);
  });

  it('loses no acknowledged submission when one instance is killed under load', async () => {
    const acknowledged: string[] = [];
    let n = 0;
    const stream = async () => {
      while (n < 300) {
        const i = n++;
        const email = `killed${i}@northwind.com`;
        const res = await postLead(lb.url, slug, {
          ...DEMO_ANSWERS,
          email,
          _key: `killed-key-${String(i).padStart(10, '0')}`,
        }).catch(() => null);
        if (res?.status === 200) acknowledged.push(email);
      }
    };
    const streams = Array.from({ length: 8 }, stream);
    await new Promise((r) => setTimeout(r, 300));
    instances[0]!.process.kill('SIGKILL');
    await Promise.all(streams);
    // nginx sends what the dead instance refuses to the others: most are acknowledged.
    expect(acknowledged.length).toBeGreaterThan(250);
    const stored = new Set(
      rows<{ email: string }>("select email from leads where email like 'killed%'").map(
        (r) => r.email,
      ),
    );
    expect(acknowledged.filter((e) => !stored.has(e))).toEqual([]);
  });
});
