import type { Db } from '../db/client';
import { inboxPage, inboxQuerySchema } from '../src/domain/leads/inbox';

export type InboxView = [name: string, params: Record<string, string>];

/**
 * Each view the inbox's filter form offers, on leads seeded by `seedLeads`, plus a keyset
 * cursor deep into the list (the 1,000th page of 50 by score), found by paging there.
 */
export async function inboxViews(
  db: Db,
  workspaceId: string,
  pageId: string,
  now: number,
): Promise<InboxView[]> {
  const day = (daysAgo: number) => new Date(now - daysAgo * 86_400_000).toISOString().slice(0, 10);
  let deep: string | null = null;
  for (let i = 0; i < 1000; i++) {
    const page = await inboxPage(
      db,
      workspaceId,
      inboxQuerySchema.parse(deep ? { after: deep } : {}),
    );
    deep = page.next;
  }
  return [
    ['all, by score (first page)', {}],
    ['hot only', { tier: 'hot' }],
    ['warm, status contacted', { tier: 'warm', status: 'contacted' }],
    ['source linkedin, by last touch', { source: 'linkedin', sort: 'touch' }],
    ['one page, created in the last 7 days', { page: pageId, from: day(7), to: day(0) }],
    ['search "greta"', { q: 'greta' }],
    ['search with no match', { q: 'zzzz-nobody' }],
    ['1,000th page by score (keyset)', { after: deep! }],
    ['unqualified', { view: 'unqualified' }],
  ];
}
