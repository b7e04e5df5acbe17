import { describe, expect, it } from 'vitest';
import { readDb } from '../helpers/db-file';
import { withPublishedPage } from '../helpers/fixtures';
import { Client, OWNER, signIn } from '../helpers/http-session';

const fx = withPublishedPage({ SIGNUP: 'open' });
const q = <T>(sql: string, ...p: unknown[]) => readDb<T>(fx.server.dataDir, sql, ...p);

/** An invitation link made by the owner on the Team page. */
async function invite(role: 'owner' | 'editor' | 'viewer'): Promise<string> {
  await fx.owner.page('/admin/team');
  const res = await fx.owner.post('/admin/team', { _action: 'invite', role });
  expect(res.status).toBe(201);
  const link = /id="invite-url"[^>]*value="([^"]+)"/.exec(await res.text())![1]!;
  return new URL(link).pathname;
}

/** Opens an invitation in a fresh browser and joins with the given account details. */
async function join(path: string, account: Record<string, string>) {
  const client = new Client(fx.server.url);
  const page = await client.page(path);
  const res = await client.post(path, account);
  return { client, page, res };
}

describe('team: invitations, roles and sessions', () => {
  it('invites a viewer by link, once; the viewer reads everything and changes nothing', async () => {
    const path = await invite('viewer');
    expect(path).toMatch(/^\/invite\/[A-Za-z0-9_-]{40,}$/);
    const {
      client: viewer,
      page,
      res,
    } = await join(path, {
      name: 'Vic Viewer',
      email: 'vic@example.com',
      password: 'viewer-long-password',
    });
    expect(page.html).toContain('Join Acme Inc');
    expect(res.status).toBe(303);
    expect((await viewer.page('/admin/leads')).status).toBe(200);
    const settings = await viewer.page('/admin/pages');
    expect(settings.status).toBe(200);
    // The same link again: spent.
    const again = await join(path, {
      email: 'other@example.com',
      password: 'another-long-password',
    });
    expect(again.page.status).toBe(404);
    expect(again.res.status).toBe(410);
    // The editor opens read-only for a viewer: every input disabled, nothing to publish…
    const editor = await viewer.page(fx.editPath);
    expect(editor.html).toMatch(
      /<fieldset id="editor-fields" class="card form editor-form" disabled/,
    );
    expect(editor.html).toContain('you can look through this page, not change');
    expect(editor.html).not.toContain('value="publish"');
    // …and writes are refused on the server, whatever the page shows.
    for (const [route, form] of [
      [fx.editPath, { _action: 'publish' }],
      ['/admin/pages/new', { template: 'b2b-demo-request' }],
      ['/admin/team', { _action: 'invite', role: 'owner' }],
    ] as const) {
      const refused = await viewer.post(route, form);
      expect(refused.status, route).toBe(403);
      // A browser's form gets a page to read, not a JSON body.
      expect(refused.headers.get('content-type'), route).toMatch(/^text\/html/);
      expect(await refused.text(), route).toContain('Your role in this workspace is viewer');
    }
    // Nor is a viewer offered what it cannot do.
    expect((await viewer.page('/admin/pages/new')).html).not.toContain('Use this template');
    expect((await viewer.page('/admin/pages')).html).not.toContain('New page');
    expect(q("select count(*) n from invites where role = 'owner'")).toEqual([{ n: 0 }]);
  });

  it('lets an existing account join only with its own password', async () => {
    const other = new Client(fx.server.url);
    await other.post('/signup', {
      email: 'edna@example.com',
      password: 'ednas-long-password',
      workspaceName: 'Edna Co',
    });
    const path = await invite('editor');
    const wrong = await join(path, { email: 'edna@example.com', password: 'not-ednas-password' });
    expect(wrong.res.status).toBe(401);
    const right = await join(path, { email: 'edna@example.com', password: 'ednas-long-password' });
    expect(right.res.status).toBe(303);
    expect((await right.client.page('/admin')).html).toContain('Acme Inc');
    const roles = q<{ role: string }>(
      "select m.role from memberships m join users u on u.id = m.user_id where u.email = 'edna@example.com' order by m.created_at",
    );
    expect(roles.map((r) => r.role)).toEqual(['owner', 'editor']);
  });

  it('keeps the last owner, changes roles, and removing a member ends their sessions', async () => {
    await fx.owner.page('/admin/team');
    const ownerId = q<{ id: string }>('select id from users where email = ?', OWNER.email)[0]!.id;
    const demote = await fx.owner.post('/admin/team', {
      _action: 'role',
      user: ownerId,
      role: 'viewer',
    });
    expect(demote.status).toBe(409);
    expect(await demote.text()).toContain('at least one owner');

    const path = await invite('editor');
    const { client: ed } = await join(path, {
      name: 'Eddie',
      email: 'eddie@example.com',
      password: 'eddies-long-password',
    });
    const eddie = q<{ id: string }>("select id from users where email = 'eddie@example.com'")[0]!;
    expect(
      (await fx.owner.post('/admin/team', { _action: 'role', user: eddie.id, role: 'viewer' }))
        .status,
    ).toBe(303);
    await ed.page(fx.editPath);
    expect((await ed.post('/admin/pages/new', { template: 'b2b-demo-request' })).status).toBe(403);
    expect((await fx.owner.post('/admin/team', { _action: 'remove', user: eddie.id })).status).toBe(
      303,
    );
    expect((await ed.request('/admin/leads')).status).toBe(302);
  });

  it('lists my sessions and signs out another one', async () => {
    const second = await signIn(fx.server.url, OWNER.email, OWNER.password);
    const { html } = await fx.owner.page('/admin/settings/account');
    expect(html).toContain('This browser');
    const others = [...html.matchAll(/name="session" value="([^"]+)"/g)].map((m) => m[1]!);
    expect(others.length).toBeGreaterThan(0);
    for (const session of others)
      expect(
        (await fx.owner.post('/admin/settings/account', { _action: 'end-session', session }))
          .status,
      ).toBe(303);
    expect((await second.request('/admin')).status).toBe(302);
    expect((await fx.owner.request('/admin')).status).toBe(200);
  });

  it('renames the workspace (owner only)', async () => {
    await fx.owner.page('/admin/settings');
    const res = await fx.owner.post('/admin/settings/workspace', {
      _action: 'workspace',
      workspaceName: 'Acme Growth',
    });
    expect(res.status).toBe(303);
    expect((await fx.owner.page('/admin/team')).html).toContain('Acme Growth');
    await fx.owner.post('/admin/settings/workspace', {
      _action: 'workspace',
      workspaceName: 'Acme Inc',
    });
  });
});
