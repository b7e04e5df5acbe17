import type { Db } from '../db/client';
import { inboxPage, inboxQuerySchema } from '../src/domain/leads/inbox';
import { signIn } from '../test/helpers/http-session';
import { afterStartUpWork, timed } from './measure';

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

/** Each view timed in process: the domain query alone, `runs` times after a warm-up. */
export async function timeViewsInProcess(
  db: Db,
  workspaceId: string,
  views: InboxView[],
  runs: number,
): Promise<Map<string, number[]>> {
  const times = new Map<string, number[]>();
  for (const [name, params] of views)
    times.set(
      name,
      await timed(() => inboxPage(db, workspaceId, inboxQuerySchema.parse(params)), runs),
    );
  return times;
}

/**
 * Each view timed over HTTP as the seeded owner sees it (`GET /admin/leads`), on a server
 * whose start-up work is done; `runs` times after a warm-up.
 */
export async function timeViewsOverHttp(
  server: { url: string; logs: () => string },
  views: InboxView[],
  runs: number,
): Promise<Map<string, number[]>> {
  await afterStartUpWork(server);
  const owner = await signIn(server.url, 'o@example.com', 'long-password-1');
  const times = new Map<string, number[]>();
  for (const [name, params] of views) {
    const path = `/admin/leads?${new URLSearchParams(params)}`;
    times.set(
      name,
      await timed(async () => {
        const res = await owner.request(path);
        if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
        await res.text();
      }, runs),
    );
  }
  return times;
}
