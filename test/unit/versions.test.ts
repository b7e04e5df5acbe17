import { describe, expect, it } from 'vitest';
import { getEditablePage, publishPage, saveDraft } from '../../src/domain/landing-pages/pages';
import { listVersions, restoreVersionAsDraft } from '../../src/domain/landing-pages/versions';
import { testDb } from '../helpers/db';
import { publishedTemplatePage } from '../helpers/seed';

const NOW = Date.UTC(2026, 10, 24);

describe('version history', () => {
  it('lists versions newest first and restores one as the draft, leaving the live page', async () => {
    const db = await testDb();
    const { page, workspaceId, userId } = await publishedTemplatePage(db, NOW);
    const draft = (await getEditablePage(db, workspaceId, page.pageId))!;
    const edited = structuredClone(draft.document);
    edited.seo.title = 'Second title';
    await saveDraft(db, {
      workspaceId,
      pageId: page.pageId,
      title: draft.title,
      slug: draft.slug,
      document: edited,
      expectedRevision: draft.revision,
      now: NOW + 1,
    });
    await publishPage(db, { workspaceId, pageId: page.pageId, userId, now: NOW + 2 });
    const versions = await listVersions(db, workspaceId, page.pageId);
    expect(versions.map((v) => [v.versionNo, v.live])).toEqual([
      [2, true],
      [1, false],
    ]);
    const before = (await getEditablePage(db, workspaceId, page.pageId))!;
    const restored = await restoreVersionAsDraft(db, {
      workspaceId,
      pageId: page.pageId,
      versionId: versions[1]!.id,
      now: NOW + 3,
    });
    expect(restored).toEqual({ ok: true, value: { versionNo: 1, revision: before.revision + 1 } });
    const after = (await getEditablePage(db, workspaceId, page.pageId))!;
    expect(after.document.seo.title).toBe(draft.document.seo.title);
    expect(after.versionNo).toBe(2); // still live: restoring only changes the draft
    // A tab still holding the old revision cannot overwrite the restore.
    const stale = await saveDraft(db, {
      workspaceId,
      pageId: page.pageId,
      title: draft.title,
      slug: draft.slug,
      document: edited,
      expectedRevision: before.revision,
      now: NOW + 4,
    });
    expect(stale.ok || stale.code).toBe('conflict');
  });

  it('does not restore a version into another workspace', async () => {
    const db = await testDb();
    const { page, workspaceId } = await publishedTemplatePage(db, NOW);
    const [v] = await listVersions(db, workspaceId, page.pageId);
    expect(
      (
        await restoreVersionAsDraft(db, {
          workspaceId: 'elsewhere',
          pageId: page.pageId,
          versionId: v!.id,
          now: NOW,
        })
      ).ok,
    ).toBe(false);
    expect(await listVersions(db, 'elsewhere', page.pageId)).toEqual([]);
  });
});
