import { transact } from '../../../db/transact';
import type { Db } from '../../../db/client';
import { fail, ok, type Result } from '../../shared/result';
import type { FieldDefinition } from '../forms/definition';
import { formBlocks } from './document';
import { findPageRow } from './pages';
import { readStoredDocument } from './stored-document';

export type VersionSummary = {
  id: string;
  versionNo: number;
  publishedAt: number;
  publishedBy: string | null;
  live: boolean;
};

/** Every published version of a page, newest first, and which one is live. */
export async function listVersions(
  db: Db,
  workspaceId: string,
  pageId: string,
): Promise<VersionSummary[]> {
  const rows = await db
    .selectFrom('page_versions as v')
    .innerJoin('pages as p', 'p.id', 'v.page_id')
    .leftJoin('users as u', 'u.id', 'v.published_by')
    .select([
      'v.id',
      'v.version_no',
      'v.published_at',
      'u.name',
      'u.email',
      'p.published_version_id',
    ])
    .where('v.page_id', '=', pageId)
    .where('v.workspace_id', '=', workspaceId)
    .orderBy('v.version_no', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    versionNo: r.version_no,
    publishedAt: r.published_at,
    publishedBy: r.name || r.email || null,
    live: r.published_version_id === r.id,
  }));
}

/**
 * Makes an older version the draft again (the live page is untouched until published).
 * Versions are immutable; the draft's revision moves on, so another tab's stale save is
 * refused rather than silently undoing the restore.
 */
export async function restoreVersionAsDraft(
  db: Db,
  input: { workspaceId: string; pageId: string; versionId: string; now: number },
): Promise<Result<{ versionNo: number; revision: number }, 'not_found'>> {
  return transact(db, async (tx) => {
    const version = await tx
      .selectFrom('page_versions')
      .select(['version_no', 'document_json'])
      .where('id', '=', input.versionId)
      .where('page_id', '=', input.pageId)
      .where('workspace_id', '=', input.workspaceId)
      .executeTakeFirst();
    const page = await findPageRow(tx, input.workspaceId, input.pageId);
    if (!version || !page) return fail('not_found', 'That version of this page does not exist.');
    const revision = page.draft_revision + 1;
    await tx
      .updateTable('pages')
      .set({ draft_json: version.document_json, draft_revision: revision, updated_at: input.now })
      .where('id', '=', input.pageId)
      .execute();
    return ok({ versionNo: version.version_no, revision });
  });
}

/**
 * Every form field of every published version, oldest version first: answers are only ever
 * given to a published version, so these are all the fields answers can be stored under.
 * One page's, or (without `pageId`) the whole workspace's.
 */
export async function publishedFormFields(
  db: Db,
  workspaceId: string,
  pageId?: string,
): Promise<FieldDefinition[]> {
  let query = db
    .selectFrom('page_versions')
    .select('document_json')
    .where('workspace_id', '=', workspaceId)
    .orderBy('published_at', 'asc');
  if (pageId) query = query.where('page_id', '=', pageId);
  const rows = await query.execute();
  return rows.flatMap((r) =>
    formBlocks(readStoredDocument(r.document_json)).flatMap((b) =>
      b.type === 'form' ? b.props.form.fields : [],
    ),
  );
}

/** The form field names the page ever published: the editor never renames them. */
export const publishedFieldNames = async (db: Db, workspaceId: string, pageId: string) => [
  ...new Set((await publishedFormFields(db, workspaceId, pageId)).map((f) => f.name)),
];
