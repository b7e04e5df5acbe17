import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDb } from '../helpers/db-file';
import {
  Client,
  DEMO_ANSWERS,
  postLead,
  publishTemplatePage,
  readDraft,
  saveDraftApi,
  setUpOwner,
  signUpOutsider,
} from '../helpers/http-session';
import { startServer, type TestServer } from '../helpers/server';

/* A page's life beside editing it: duplicate, rename, archive and restore, delete (its leads
   stay), and an image deleted only when no page shows it. */

const LIST = '/admin/pages';
let server: TestServer;
let owner: Client;
let outsider: Client;

beforeAll(async () => {
  server = await startServer({ SIGNUP: 'open' });
  owner = await setUpOwner(server.url);
  outsider = await signUpOutsider(server.url);
});
afterAll(async () => {
  await server?.stop();
});

async function act(client: Client, form: Record<string, string>, path = LIST) {
  await client.page(path);
  return client.post(path, form);
}
const rowOf = (html: string, pageId: string) => new RegExp(`<tr data-page="${pageId}"`).test(html);
const status = async (path: string) => (await fetch(server.url + path)).status;

describe('page management', () => {
  it('duplicates a page as an unpublished copy at its own address, with the same draft', async () => {
    const { pageId, slug } = await publishTemplatePage(owner);
    const res = await act(owner, { _action: 'duplicate', page: pageId });
    expect(res.status).toBe(303);
    const [copy] = readDb<{ id: string; slug: string; title: string; published_version_id: null }>(
      server.dataDir,
      'select id, slug, title, published_version_id from pages where title like ? order by created_at desc limit 1',
      'Copy of %',
    );
    expect(copy!.slug).not.toBe(slug);
    expect(copy!.published_version_id).toBeNull();
    expect((await readDraft(owner, copy!.id)).document).toEqual(
      (await readDraft(owner, pageId)).document,
    );
    const { html } = await owner.page(res.headers.get('location')!);
    expect(html).toContain('Copy made.');
    expect(rowOf(html, copy!.id)).toBe(true);
    expect(await status(`/p/${copy!.slug}`)).toBe(404); // a draft until published
  });

  it('renames a page, refusing an empty name with a message', async () => {
    const { pageId } = await publishTemplatePage(owner);
    expect(
      (await act(owner, { _action: 'rename', page: pageId, title: '  Spring sale  ' })).status,
    ).toBe(303);
    expect((await readDraft(owner, pageId)).title).toBe('Spring sale');
    const empty = await act(owner, { _action: 'rename', page: pageId, title: '   ' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Give the page a name.');
  });

  it('archives a live page (offline, listed apart) and restores it as a draft', async () => {
    const { pageId, slug } = await publishTemplatePage(owner);
    expect(await status(`/p/${slug}`)).toBe(200);
    expect((await act(owner, { _action: 'archive', page: pageId })).status).toBe(303);
    expect(await status(`/p/${slug}`)).toBe(404);
    expect(rowOf((await owner.page(LIST)).html, pageId)).toBe(false);
    const archived = await owner.page(`${LIST}?view=archived`);
    expect(rowOf(archived.html, pageId)).toBe(true);
    expect(archived.html).toContain('Archived (');

    const restored = await act(
      owner,
      { _action: 'restore', page: pageId },
      `${LIST}?view=archived`,
    );
    expect(restored.status).toBe(303);
    const { html } = await owner.page(LIST);
    expect(rowOf(html, pageId)).toBe(true);
    expect(await status(`/p/${slug}`)).toBe(404); // restored as a draft: publishing is a choice
  });

  it('deletes a page only when confirmed: offline, out of every list, its leads kept whole', async () => {
    const { pageId, slug, editPath } = await publishTemplatePage(owner);
    const submitted = await postLead(server.url, slug, {
      ...DEMO_ANSWERS,
      email: 'kept@northwind.com',
      _key: 'kept-lead-key-000001',
    });
    expect(submitted.status).toBe(200);
    const unconfirmed = await act(owner, { _action: 'delete', page: pageId });
    expect(unconfirmed.status).toBe(422);
    expect(await status(`/p/${slug}`)).toBe(200);

    expect((await act(owner, { _action: 'delete', page: pageId, confirm: 'yes' })).status).toBe(
      303,
    );
    expect(await status(`/p/${slug}`)).toBe(404);
    expect(rowOf((await owner.page(LIST)).html, pageId)).toBe(false);
    expect(rowOf((await owner.page(`${LIST}?view=archived`)).html, pageId)).toBe(false);
    expect((await owner.page(editPath)).status).toBe(404);
    expect((await owner.request(`/api/admin/pages/${pageId}`)).status).toBe(404);

    const [lead] = readDb<{ id: string }>(
      server.dataDir,
      'select id from leads where email = ?',
      'kept@northwind.com',
    );
    const leadPage = await owner.page(`/admin/leads/${lead!.id}`);
    expect(leadPage.status).toBe(200);
    expect(leadPage.html).toContain('Northwind');
    expect(
      readDb(server.dataDir, 'select id from submissions where lead_id = ?', lead!.id),
    ).toHaveLength(1);

    // Its address is free for another page.
    const other = await publishTemplatePage(owner);
    const draft = await readDraft(owner, other.pageId);
    expect((await saveDraftApi(owner, other.pageId, { ...draft, slug })).status).toBe(200);
  });

  it('answers 404 to another workspace acting on a page, and changes nothing', async () => {
    const { pageId, slug } = await publishTemplatePage(owner);
    const forms: Record<string, string>[] = [
      { _action: 'archive', page: pageId },
      { _action: 'delete', page: pageId, confirm: 'yes' },
      { _action: 'rename', page: pageId, title: 'Taken over' },
      { _action: 'duplicate', page: pageId },
    ];
    for (const form of forms) expect((await act(outsider, form)).status).toBe(404);
    expect(await status(`/p/${slug}`)).toBe(200);
    expect(rowOf((await outsider.page(LIST)).html, pageId)).toBe(false);
    expect(
      readDb(
        server.dataDir,
        "select id from pages where title like 'Copy of%' and workspace_id != (select workspace_id from pages where id = ?)",
        pageId,
      ),
    ).toHaveLength(0);
  });
});

describe('deleting images', () => {
  async function upload(client: Client) {
    const png = await sharp({
      create: { width: 800, height: 500, channels: 3, background: '#7c3aed' },
    })
      .png()
      .toBuffer();
    await client.page('/admin/assets');
    const form = new FormData();
    form.set('_csrf', client.csrf);
    form.set('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'team-photo.png');
    const res = await client.request('/admin/assets', { method: 'POST', body: form });
    return /uploaded=([0-9a-f-]{36})/.exec(res.headers.get('location')!)![1]!;
  }
  const remove = (client: Client, asset: string) =>
    act(client, { _action: 'delete', asset }, '/admin/assets');

  it('deletes an unused image and its files', async () => {
    const id = await upload(owner);
    expect(await status(`/assets/${id}/original.png`)).toBe(200);
    expect((await remove(outsider, id)).status).toBe(404);
    expect((await remove(owner, id)).status).toBe(303);
    expect(await status(`/assets/${id}/original.png`)).toBe(404);
    expect(await status(`/assets/${id}/w480.webp`)).toBe(404);
    expect((await owner.page('/admin/assets')).html).not.toContain(id);
  });

  it('refuses to delete an image a draft or a live page shows, saying where', async () => {
    const id = await upload(owner);
    const { pageId, editPath } = await publishTemplatePage(owner);
    await act(owner, { _action: 'rename', page: pageId, title: 'Team launch' });
    const draft = await readDraft(owner, pageId);
    const blocks = draft.document.blocks as unknown[];
    const withImage = {
      ...draft.document,
      blocks: [
        ...blocks.slice(0, 1),
        {
          id: 'team',
          type: 'image',
          props: { src: `/assets/${id}/original.png`, alt: 'The team' },
        },
        ...blocks.slice(1),
      ],
    };
    const saved = await saveDraftApi(owner, pageId, { ...draft, document: withImage });
    expect(saved.status).toBe(200);
    const inDraft = await remove(owner, id);
    expect(inDraft.status).toBe(409);
    expect(await inDraft.text()).toContain('used on the draft of “Team launch”');

    const { revision } = (await saved.json()) as { revision: number };
    await owner.page(editPath);
    await owner.post(editPath, { _action: 'publish', revision: String(revision) });
    const live = await remove(owner, id);
    expect(live.status).toBe(409);
    expect(await live.text()).toContain('the live page “Team launch”');
    expect(await status(`/assets/${id}/original.png`)).toBe(200);
  });
});
