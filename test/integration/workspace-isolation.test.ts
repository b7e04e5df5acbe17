import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDb } from '../helpers/db-file';
import {
  Client,
  DEMO_ANSWERS,
  postLead,
  publishTemplatePage,
  setUpOwner,
  signUpOutsider,
} from '../helpers/http-session';
import { routesUnder } from '../helpers/routes';
import { startServer, type TestServer } from '../helpers/server';

/**
 * Workspace A's ids seen from workspace B, and A's viewer: every admin route that takes an
 * id, found from src/pages, answers 404 to B and changes nothing; every write a viewer
 * tries is refused. A new route is covered without anyone listing it.
 */
let server: TestServer;
let owner: Client;
let outsider: Client;
let viewer: Client;
const ids = { page: '', lead: '', invite: '' };
const q = <T>(sql: string, ...p: unknown[]) => readDb<T>(server.dataDir, sql, ...p);

beforeAll(async () => {
  server = await startServer({ SIGNUP: 'open' });
  owner = await setUpOwner(server.url);
  const { pageId, slug } = await publishTemplatePage(owner);
  ids.page = pageId;
  await postLead(server.url, slug, { ...DEMO_ANSWERS, email: 'secret@northwind.com' });
  ids.lead = q<{ id: string }>("select id from leads where email = 'secret@northwind.com'")[0]!.id;
  await owner.page(`/admin/leads/${ids.lead}`);
  await owner.post(`/admin/leads/${ids.lead}`, { _action: 'note', note: 'A private note' });
  await owner.page('/admin/team');
  const invited = await owner.post('/admin/team', { _action: 'invite', role: 'viewer' });
  const link = /id="invite-url"[^>]*value="([^"]+)"/.exec(await invited.text())![1]!;
  await owner.post('/admin/team', { _action: 'invite', role: 'editor' });
  ids.invite = q<{ id: string }>(
    "select id from invites where role = 'editor' and accepted_at is null",
  )[0]!.id;

  viewer = new Client(server.url);
  await viewer.page(new URL(link).pathname);
  await viewer.post(new URL(link).pathname, {
    email: 'viewer@example.com',
    password: 'viewer-long-password',
  });
  await viewer.page('/admin');

  outsider = await signUpOutsider(server.url);
});
afterAll(async () => {
  await server?.stop();
});

const withIds = (route: string) =>
  route.replace('{id}', route.includes('/leads/') ? ids.lead : ids.page);
const idRoutes = [...routesUnder('admin', '{id}'), ...routesUnder('api/admin', '{id}')]
  .filter((r) => r.includes('{id}'))
  .sort();
/** What each kind of id route accepts as a write, so the refusals are of real actions. */
const WRITES: Record<string, Record<string, string>[]> = {
  '/admin/leads/{id}': [
    { _action: 'status', status: 'won' },
    { _action: 'note', note: 'Injected' },
    { _action: 'assign', assignee: '' },
    { _action: 'unqualify' },
    { _action: 'erase', confirm: 'secret@northwind.com' },
  ],
  '/admin/pages/{id}/edit': [{ _action: 'unpublish' }, { _action: 'publish' }],
};
const snapshot = () => ({
  lead: q('select status, qualified, assignee_user_id from leads where id = ?', ids.lead),
  notes: q("select count(*) n from lead_activity where type = 'note'"),
  page: q('select published_version_id, draft_revision, title from pages where id = ?', ids.page),
  invites: q('select count(*) n from invites'),
});

describe("another workspace's ids", () => {
  it('finds the id routes to check', () => {
    expect(idRoutes).toEqual(
      expect.arrayContaining([
        '/admin/leads/{id}',
        '/admin/leads/{id}/data.json',
        '/admin/pages/{id}',
        '/admin/pages/{id}/edit',
        '/api/admin/pages/{id}',
      ]),
    );
  });

  it.each(idRoutes)(
    '%s answers 404 to a member of another workspace, GET and writes',
    async (route) => {
      const before = snapshot();
      const path = withIds(route);
      expect((await outsider.request(path)).status, `GET ${path}`).toBe(404);
      for (const form of WRITES[route] ?? [{ _action: 'save' }]) {
        const res = route.startsWith('/api/')
          ? await outsider.request(path, {
              method: 'PUT',
              headers: { 'content-type': 'application/json', 'x-csrf-token': outsider.csrf },
              body: JSON.stringify({ title: 'x', slug: 'x', revision: 0, document: {} }),
            })
          : await outsider.post(path, form);
        expect(res.status, `${JSON.stringify(form)} → ${path}`).toBe(404);
      }
      expect(snapshot()).toEqual(before);
    },
  );

  it('cannot revoke their invitation, see their leads, or export them', async () => {
    const before = snapshot();
    await outsider.page('/admin/team');
    expect(
      (await outsider.post('/admin/team', { _action: 'revoke', invite: ids.invite })).status,
    ).toBe(404);
    expect(snapshot()).toEqual(before);
    const api = (await (await outsider.request('/api/admin/leads')).json()) as { rows: unknown[] };
    expect(api.rows).toEqual([]);
    const filtered = await outsider.page(`/admin/leads?page=${ids.page}`);
    expect(filtered.html).not.toContain('secret@northwind.com');
    const csv = await (await outsider.request('/admin/leads/export.csv')).text();
    expect(csv.trim().split('\r\n')).toHaveLength(1);
    expect(csv).not.toContain('secret@northwind.com');
  });
});

describe('a viewer in the workspace', () => {
  const writable = new Set([
    '/admin/logout',
    '/admin/settings/account',
    '/admin/settings/alerts',
    '/admin/login',
    '/admin/setup',
  ]);
  const pages = routesUnder('admin', '{id}').filter((r) => !writable.has(r));

  it.each(pages)('cannot write to %s', async (route) => {
    const before = snapshot();
    const path = withIds(route);
    for (const form of WRITES[route] ?? [
      { _action: 'save' },
      { _action: 'invite', role: 'owner' },
    ]) {
      const res = await viewer.post(path, form);
      expect(res.status, `${JSON.stringify(form)} → ${path}`).toBe(403);
    }
    expect(snapshot()).toEqual(before);
  });

  it('cannot write through the API', async () => {
    const res = await viewer.request(`/api/admin/pages/${ids.page}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-csrf-token': viewer.csrf },
      body: JSON.stringify({ title: 'x', slug: 'x', revision: 0, document: {} }),
    });
    expect(res.status).toBe(403);
  });

  it('can still read the lead and change their own settings', async () => {
    expect((await viewer.page(`/admin/leads/${ids.lead}`)).html).toContain('A private note');
    const renamed = await viewer.post('/admin/settings/workspace', {
      _action: 'workspace',
      workspaceName: 'Taken over',
    });
    expect(renamed.status).toBe(403);
  });
});
