import { z } from 'zod';
import type { Db } from '../../../db/client';
import { newId } from '../../shared/ids';
import { fail, ok, type Result } from '../../shared/result';
import { freeSlug } from './pages';

/*
 * What a marketer does to a page as a whole, beside editing it: make a copy to start the
 * next campaign from, give it a clearer name, archive it when the campaign ends, delete it.
 * Every statement is scoped to the workspace and leaves deleted pages alone.
 */

export const PAGE_TITLE_MAX = 120;
export const pageTitleSchema = z
  .string()
  .trim()
  .min(1, 'Give the page a name.')
  .max(PAGE_TITLE_MAX, `Keep the name under ${PAGE_TITLE_MAX} characters.`);

/** What the page list posts, one action at a time. */
export const pageActionSchema = z.discriminatedUnion('_action', [
  z.object({ _action: z.literal('duplicate'), page: z.string().max(60) }),
  z.object({ _action: z.literal('rename'), page: z.string().max(60), title: pageTitleSchema }),
  z.object({ _action: z.literal('archive'), page: z.string().max(60) }),
  z.object({ _action: z.literal('restore'), page: z.string().max(60) }),
  z.object({
    _action: z.literal('delete'),
    page: z.string().max(60),
    confirm: z.literal('yes', 'Tick the box to confirm the page is deleted.'),
  }),
]);
export type PageAction = z.infer<typeof pageActionSchema>;

type Ref = { workspaceId: string; pageId: string; now: number };

/** A copy of the page's draft as a new, unpublished page: "Copy of …", at a free address. */
export async function duplicatePage(
  db: Db,
  ref: Ref,
): Promise<Result<{ id: string; title: string }, 'not_found'>> {
  const page = await db
    .selectFrom('pages')
    .select(['title', 'slug', 'template_id', 'draft_json'])
    .where('id', '=', ref.pageId)
    .where('workspace_id', '=', ref.workspaceId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!page) return fail('not_found', 'That page no longer exists.');
  const id = newId();
  const title = `Copy of ${page.title}`.slice(0, PAGE_TITLE_MAX);
  await db
    .insertInto('pages')
    .values({
      id,
      workspace_id: ref.workspaceId,
      slug: await freeSlug(db, `${page.slug.slice(0, 50)}-copy`),
      title,
      template_id: page.template_id,
      draft_json: page.draft_json,
      draft_revision: 1,
      published_version_id: null,
      created_at: ref.now,
      updated_at: ref.now,
      archived_at: null,
      deleted_at: null,
    })
    .execute();
  return ok({ id, title });
}

/** The page's name in the admin (its visitors see the SEO title, which is the page's own). */
export async function renamePage(db: Db, ref: Ref & { title: string }): Promise<boolean> {
  const result = await db
    .updateTable('pages')
    .set({ title: pageTitleSchema.parse(ref.title), updated_at: ref.now })
    .where('id', '=', ref.pageId)
    .where('workspace_id', '=', ref.workspaceId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Archives the page (offline and out of the list, kept whole) or restores it (back in the
 * list as a draft, to publish again when wanted). One statement each; the address of a
 * page taken offline, for the caller's memo of live pages, or null when nothing changed.
 */
export async function setPageArchived(
  db: Db,
  ref: Ref & { archived: boolean },
): Promise<{ slug: string } | null> {
  const row = await db
    .updateTable('pages')
    .set(
      ref.archived
        ? { archived_at: ref.now, published_version_id: null, updated_at: ref.now }
        : { archived_at: null, updated_at: ref.now },
    )
    .where('id', '=', ref.pageId)
    .where('workspace_id', '=', ref.workspaceId)
    .where('deleted_at', 'is', null)
    .returning('slug')
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Deletes the page: offline first and in the same statement, out of every list, and its
 * address free for another page. The row stays, so its leads keep their submissions,
 * answers and the page's title. The address it had, or null when there was no such page.
 */
export async function deletePage(db: Db, ref: Ref): Promise<{ slug: string } | null> {
  const page = await db
    .selectFrom('pages')
    .select('slug')
    .where('id', '=', ref.pageId)
    .where('workspace_id', '=', ref.workspaceId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!page) return null;
  const done = await db
    .updateTable('pages')
    .set({
      deleted_at: ref.now,
      published_version_id: null,
      // Out of the way of the slug rules: no address a person can type looks like this.
      slug: `~deleted-${ref.pageId}`,
      updated_at: ref.now,
    })
    .where('id', '=', ref.pageId)
    .where('workspace_id', '=', ref.workspaceId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return done.numUpdatedRows > 0n ? page : null;
}
