import { transact } from '../../../db/transact';
import { sql } from 'kysely';
import { isUniqueViolation, type Db } from '../../../db/client';
import type { PageRow } from '../../../db/schema';
import { newId } from '../../shared/ids';
import { fail, ok, type Result } from '../../shared/result';
import { findTemplate } from '../templates/catalog';
import { brandDocument } from '../templates/brand';
import { brandKitOf } from '../workspaces/brand-kit';
import { parsePageDocument, type PageDocument } from './document';
import { slugify, validateSlug } from './slug';
import { readStoredDocument } from './stored-document';
import { queueJob } from '../jobs/kinds';

/** A page was published: the job that tells the webhooks wanting page.published. */

export type PageSummary = {
  id: string;
  title: string;
  slug: string;
  published: boolean;
  /** Archived pages are offline and listed apart until restored. */
  archived: boolean;
  updatedAt: number;
  /** Form submissions the page has received. */
  submissions: number;
};

export type EditablePage = Omit<PageSummary, 'submissions' | 'archived'> & {
  document: PageDocument;
  revision: number;
  versionNo: number | null;
};

/** A slug for a new page: the wanted one, or the wanted one with a number. */
export async function freeSlug(db: Db, wanted: string): Promise<string> {
  const base = validateSlug(wanted).ok ? wanted : slugify(`page ${wanted}`);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base.slice(0, 55)}-${n}`;
    const taken = await db
      .selectFrom('pages')
      .select('id')
      .where('slug', '=', candidate)
      .executeTakeFirst();
    if (!taken) return candidate;
  }
}

export async function createPageFromTemplate(
  db: Db,
  input: { workspaceId: string; templateId: string; now: number },
): Promise<Result<{ id: string }, 'unknown_template'>> {
  const template = findTemplate(input.templateId);
  if (!template) return fail('unknown_template', 'That template does not exist.');
  // The template's sample company becomes the workspace's own, in every text of the page.
  const document = template.brand
    ? brandDocument(
        template.document,
        template.brand,
        await brandKitOf(db, input.workspaceId),
        new Date(input.now).getUTCFullYear(),
      )
    : template.document;
  const id = newId();
  await db
    .insertInto('pages')
    .values({
      id,
      workspace_id: input.workspaceId,
      slug: await freeSlug(db, slugify(document.seo.title.split(/[—–:|-]/)[0] ?? template.name)),
      title: template.name,
      template_id: template.id,
      draft_json: JSON.stringify(document),
      draft_revision: 1,
      published_version_id: null,
      created_at: input.now,
      updated_at: input.now,
    })
    .execute();
  return ok({ id });
}

export async function listPages(db: Db, workspaceId: string): Promise<PageSummary[]> {
  const rows = await db
    .selectFrom('pages as p')
    .select((eb) => [
      'p.id',
      'p.title',
      'p.slug',
      'p.published_version_id',
      'p.archived_at',
      'p.updated_at',
      eb
        .selectFrom('submissions as s')
        .select(sql<number>`count(*)`.as('n'))
        .whereRef('s.page_id', '=', 'p.id')
        .as('submissions'),
    ])
    .where('p.workspace_id', '=', workspaceId)
    .where('p.deleted_at', 'is', null)
    .where('p.variant_of', 'is', null)
    .orderBy('p.updated_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    slug: r.slug,
    published: r.published_version_id !== null,
    archived: r.archived_at !== null,
    updatedAt: r.updated_at,
    submissions: Number(r.submissions ?? 0),
  }));
}

export async function findPageRow(
  db: Db,
  workspaceId: string,
  pageId: string,
): Promise<PageRow | undefined> {
  return db
    .selectFrom('pages')
    .selectAll()
    .where('id', '=', pageId)
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function getEditablePage(
  db: Db,
  workspaceId: string,
  pageId: string,
): Promise<EditablePage | null> {
  const row = await findPageRow(db, workspaceId, pageId);
  if (!row) return null;
  return editableOf(row, await liveVersionOf(db, row, ['version_no']));
}

/** The columns asked of the version a page's visitors see, when it has been published. */
const liveVersionOf = <C extends 'version_no' | 'document_json' | 'published_at'>(
  db: Db,
  row: PageRow,
  columns: C[],
) =>
  row.published_version_id
    ? db
        .selectFrom('page_versions')
        .select(columns)
        .where('id', '=', row.published_version_id)
        .executeTakeFirst()
    : Promise.resolve(undefined);

function editableOf(row: PageRow, version: { version_no: number } | undefined): EditablePage {
  return {
    id: row.id,
    title: row.title,
    slug: row.slug,
    published: row.published_version_id !== null,
    updatedAt: row.updated_at,
    document: readStoredDocument(row.draft_json),
    revision: row.draft_revision,
    versionNo: version?.version_no ?? null,
  };
}

/** A page as the API shows it: its draft, and the live version's document when it has one. */
export async function getPageWithLive(db: Db, workspaceId: string, pageId: string) {
  const row = await findPageRow(db, workspaceId, pageId);
  if (!row) return null;
  const live = await liveVersionOf(db, row, ['version_no', 'document_json', 'published_at']);
  return {
    ...editableOf(row, live),
    live: live
      ? {
          versionNo: live.version_no,
          publishedAt: live.published_at,
          document: readStoredDocument(live.document_json),
        }
      : null,
  };
}

type SaveError =
  'not_found' | 'conflict' | 'invalid_document' | 'invalid_slug' | 'reserved_slug' | 'slug_taken';

/**
 * Saves the draft (never the live page). `expectedRevision` detects an edit made meanwhile
 * in another tab: the save is refused and nothing is overwritten.
 */
export async function saveDraft(
  db: Db,
  input: {
    workspaceId: string;
    pageId: string;
    title: string;
    slug: string;
    document: unknown;
    expectedRevision: number;
    now: number;
  },
): Promise<Result<{ revision: number; slugBefore: string }, SaveError>> {
  const doc = parsePageDocument(input.document);
  if (!doc.ok) return doc;
  // Typed in any case, with stray spaces: the address is its lowercase, trimmed form.
  const slug = validateSlug(input.slug.trim().toLowerCase());
  if (!slug.ok) return { ...slug, fields: { slug: slug.message } };
  const title = input.title.trim().slice(0, 120) || doc.value.seo.title;
  const taken = () =>
    fail('slug_taken', `The address /p/${slug.value} is taken. Pick another.`, {
      slug: 'This address is taken.',
    });
  const clash = await db
    .selectFrom('pages')
    .select('id')
    .where('slug', '=', slug.value)
    .where('id', '!=', input.pageId)
    .executeTakeFirst();
  if (clash) return taken();
  const before = await findPageRow(db, input.workspaceId, input.pageId);
  let result;
  try {
    result = await db
      .updateTable('pages')
      .set({
        title,
        slug: slug.value,
        draft_json: JSON.stringify(doc.value),
        draft_revision: input.expectedRevision + 1,
        updated_at: input.now,
      })
      .where('id', '=', input.pageId)
      .where('workspace_id', '=', input.workspaceId)
      .where('deleted_at', 'is', null)
      .where('draft_revision', '=', input.expectedRevision)
      .executeTakeFirst();
  } catch (error) {
    // Another page took the address between the check and this write: the unique index said so.
    if (isUniqueViolation(error)) return taken();
    throw error;
  }
  // A draft never changes what is live; only a renamed address moves (`slugBefore` tells the
  // caller which address its memo of live pages must forget).
  if (Number(result.numUpdatedRows) === 1)
    return ok({ revision: input.expectedRevision + 1, slugBefore: before?.slug ?? slug.value });
  const exists = await findPageRow(db, input.workspaceId, input.pageId);
  return exists
    ? fail(
        'conflict',
        'This page was changed in another tab or by a teammate. Reload to see the latest version; your edits are still in the form.',
      )
    : fail('not_found', 'Page not found.');
}

/** Freezes the current draft as a new immutable version and makes it the live page. */
type Published = Result<{ versionNo: number; slug: string; unchanged: boolean }, 'not_found'>;

/**
 * Freezes the draft as the page's next version and makes it live. Two publishes racing
 * (two instances, two tabs) may pick the same number: the unique (page, number) index
 * refuses the second, which tries again with the next number.
 */
export async function publishPage(
  db: Db,
  input: { workspaceId: string; pageId: string; userId: string | null; now: number },
): Promise<Published> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await publishOnce(db, input);
    } catch (error) {
      if (attempt >= 3 || !isUniqueViolation(error)) throw error;
    }
  }
}

async function publishOnce(
  db: Db,
  input: { workspaceId: string; pageId: string; userId: string | null; now: number },
): Promise<Published> {
  return transact(db, async (tx) => {
    const page = await findPageRow(tx, input.workspaceId, input.pageId);
    if (!page) return fail('not_found', 'Page not found.');
    const last = await tx
      .selectFrom('page_versions')
      .select(['id', 'version_no', 'document_json'])
      .where('page_id', '=', page.id)
      .orderBy('version_no', 'desc')
      .limit(1)
      .executeTakeFirst();
    // The draft is the newest version already: publishing makes it live, not a copy of it.
    if (last && last.document_json === page.draft_json) {
      if (page.published_version_id !== last.id)
        await tx
          .updateTable('pages')
          .set({ published_version_id: last.id, archived_at: null, updated_at: input.now })
          .where('id', '=', page.id)
          .execute();
      return ok({ versionNo: last.version_no, slug: page.slug, unchanged: true });
    }
    const versionNo = (last?.version_no ?? 0) + 1;
    const versionId = newId();
    await tx
      .insertInto('page_versions')
      .values({
        id: versionId,
        page_id: page.id,
        workspace_id: page.workspace_id,
        version_no: versionNo,
        document_json: page.draft_json,
        published_at: input.now,
        published_by: input.userId,
      })
      .execute();
    await tx
      .updateTable('pages')
      // Publishing an archived page brings it back into the list: it is live again.
      .set({ published_version_id: versionId, archived_at: null, updated_at: input.now })
      .where('id', '=', page.id)
      .execute();
    // The outbox of page.published: sent after the commit, never for a rolled-back publish.
    // A test's variant has no address of its own: its page is published when it wins.
    if (!page.variant_of)
      await queueJob(
        tx,
        {
          kind: 'page-event',
          key: `page-event:${versionId}`,
          payload: { versionId },
          runAt: input.now,
          workspaceId: page.workspace_id,
        },
        input.now,
      );
    return ok({ versionNo, slug: page.slug, unchanged: false });
  });
}

/** Takes the page offline; its address (for the caller's memo of live pages), or null. */
export async function unpublishPage(
  db: Db,
  input: { workspaceId: string; pageId: string; now: number },
): Promise<string | null> {
  const row = await db
    .updateTable('pages')
    .set({ published_version_id: null, updated_at: input.now })
    .where('id', '=', input.pageId)
    .where('workspace_id', '=', input.workspaceId)
    .returning('slug')
    .executeTakeFirst();
  return row?.slug ?? null;
}
