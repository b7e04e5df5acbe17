import { describe, expect, it } from 'vitest';
import { withPublishedPage } from '../helpers/fixtures';
import { readDraft, saveDraftApi } from '../helpers/http-session';
import { readDb } from '../helpers/db-file';

const fx = withPublishedPage();

describe('the page editor over HTTP', () => {
  it("is the page's address in the admin", async () => {
    const res = await fx.owner.request(`/admin/pages/${fx.pageId}`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/admin/pages/${fx.pageId}/edit`);
  });

  it('is rendered on the server with its props for the browser, marketer text escaped', async () => {
    const draft = await readDraft(fx.owner, fx.pageId);
    const hero = draft.document.blocks[0]!;
    const headline = 'Close the month </script><script>alert(1)</script>';
    const saved = await saveDraftApi(fx.owner, fx.pageId, {
      ...draft,
      document: {
        ...draft.document,
        blocks: [
          { ...hero, props: { ...(hero.props as object), headline } },
          ...draft.document.blocks.slice(1),
        ],
      },
    });
    expect(saved.status).toBe(200);
    const { html } = await fx.owner.page(fx.editPath);
    // The fields are in the HTML before any script runs…
    expect(html).toMatch(/<label for="doc-blocks-0-props-headline">Headline<\/label>/);
    expect(html).toContain('value="Close the month &lt;/script>&lt;script>alert(1)&lt;/script>"');
    // …and the props the script brings them to life with are one quoted attribute (where
    // markup is only text), the one place the headline appears unescaped.
    const props = /data-props="([^"]+)"/.exec(html)![1]!;
    expect(html.replace(props, '')).not.toContain('<script>alert(1)');
    const decoded = JSON.parse(
      props
        .replace(/&#34;|&quot;/g, '"')
        .replace(/&#38;|&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&#39;/g, "'"),
    ) as { doc: { blocks: { props: { headline?: string } }[] }; catalog: { blocks: unknown[] } };
    expect(decoded.doc.blocks[0]!.props.headline).toBe(headline);
    expect(decoded.catalog.blocks.length).toBeGreaterThanOrEqual(15);
  });

  it('publishes only the draft this editor saved last: a stale revision is refused', async () => {
    const { revision } = await readDraft(fx.owner, fx.pageId);
    const stale = await fx.owner.post(fx.editPath, {
      _action: 'publish',
      revision: String(revision - 1),
    });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toMatch(/changed in another tab/);
    const fresh = await fx.owner.post(fx.editPath, {
      _action: 'publish',
      revision: String(revision),
    });
    expect(fresh.status).toBe(303);
    expect(fresh.headers.get('location')).toBe(`${fx.editPath}?saved=published`);
  });

  it('makes no new version when nothing changed since the last one', async () => {
    const versions = () =>
      readDb<{ n: number }>(
        fx.server.dataDir,
        'select count(*) n from page_versions where page_id = ?',
        fx.pageId,
      )[0]!.n;
    const before = versions();
    const { revision } = await readDraft(fx.owner, fx.pageId);
    const again = await fx.owner.post(fx.editPath, {
      _action: 'publish',
      revision: String(revision),
    });
    expect(again.headers.get('location')).toBe(`${fx.editPath}?saved=unchanged`);
    expect(versions()).toBe(before);
    const { html } = await fx.owner.page(`${fx.editPath}?saved=unchanged`);
    expect(html).toContain('Nothing changed since version');
  });

  it('unpublishes, keeping the draft; refuses actions it does not know', async () => {
    const off = await fx.owner.post(fx.editPath, { _action: 'unpublish' });
    expect(off.status).toBe(303);
    expect((await fetch(`${fx.server.url}/p/${fx.slug}`)).status).toBe(404);
    expect((await readDraft(fx.owner, fx.pageId)).slug).toBe(fx.slug);
    // The draft no longer says it is published.
    const { html } = await fx.owner.page(fx.editPath);
    expect(html).toContain('Not published yet; it will be at');
    expect(html).not.toContain('Live at');
    expect((await fx.owner.post(fx.editPath, { _action: 'save' })).status).toBe(422);
    expect((await fx.owner.post(fx.editPath, { _action: 'restore:nope' })).status).toBe(404);
  });
});
