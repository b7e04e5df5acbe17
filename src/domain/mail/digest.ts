import type { Db } from '../../../db/client';
import type { Tier } from '../../../db/schema';
import { composeMail, type ComposedMail } from './compose';
import { unsubscribeOf, type MailLinks } from './lead-alerts';
import { queueMail, type MailDesk } from './outbox';

const DAY_MS = 86_400_000;

/** The member's local day (YYYY-MM-DD) and hour (0–23) at `now`. */
export function localClock(now: number, timeZone: string): { day: string; hour: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(now))
      .map((p) => [p.type, p.value]),
  );
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

export type DigestFacts = {
  workspaceName: string;
  newByTier: Record<Tier, number>;
  hotNotContacted: { who: string; company: string | null; score: number }[];
  /** New leads in each of the last seven days, oldest first, and in the seven before. */
  week: number[];
  weekBefore: number;
};

async function digestFacts(
  db: Db,
  workspaceId: string,
  workspaceName: string,
  now: number,
): Promise<DigestFacts> {
  const recent = await db
    .selectFrom('leads')
    .select(['tier', 'created_at'])
    .where('workspace_id', '=', workspaceId)
    .where('qualified', '=', 1)
    .where('created_at', '>=', now - 14 * DAY_MS)
    .execute();
  const newByTier: Record<Tier, number> = { hot: 0, warm: 0, cold: 0 };
  const week = [0, 0, 0, 0, 0, 0, 0];
  let weekBefore = 0;
  for (const l of recent) {
    const daysAgo = Math.floor((now - l.created_at) / DAY_MS);
    if (daysAgo === 0) newByTier[l.tier]++;
    if (daysAgo < 7) week[6 - daysAgo]!++;
    else weekBefore++;
  }
  const hot = await db
    .selectFrom('leads')
    .select(['name', 'email', 'company', 'score'])
    .where('workspace_id', '=', workspaceId)
    .where('qualified', '=', 1)
    .where('tier', '=', 'hot')
    .where('status', '=', 'new')
    .orderBy('score', 'desc')
    .limit(10)
    .execute();
  return {
    workspaceName,
    newByTier,
    week,
    weekBefore,
    hotNotContacted: hot.map((l) => ({
      who: l.name || l.email,
      company: l.company,
      score: l.score,
    })),
  };
}

export function digestMail(
  facts: DigestFacts,
  links: {
    inboxUrl: string;
    hotUrl: string;
    settingsUrl: string;
    unsubscribeUrl: string;
  },
): ComposedMail {
  const { hot, warm, cold } = facts.newByTier;
  const total = hot + warm + cold;
  const thisWeek = facts.week.reduce((a, b) => a + b, 0);
  const trend =
    thisWeek === facts.weekBefore
      ? 'as many as the week before'
      : thisWeek > facts.weekBefore
        ? `up from ${facts.weekBefore} the week before`
        : `down from ${facts.weekBefore} the week before`;
  return composeMail({
    subject: `${facts.workspaceName}: ${total} new lead${total === 1 ? '' : 's'}, ${facts.hotNotContacted.length} hot waiting`,
    preheader: `${hot} hot, ${warm} warm, ${cold} cold in the last 24 hours.`,
    blocks: [
      { kind: 'heading', text: 'The last 24 hours' },
      {
        kind: 'facts',
        rows: [
          ['Hot', String(hot)],
          ['Warm', String(warm)],
          ['Cold', String(cold)],
        ],
      },
      { kind: 'heading', text: 'Hot leads not contacted yet' },
      facts.hotNotContacted.length
        ? {
            kind: 'list',
            items: facts.hotNotContacted.map(
              (l) => `${l.who}${l.company ? ` (${l.company})` : ''}, ${l.score} points`,
            ),
          }
        : { kind: 'paragraph', text: 'None: every hot lead has been contacted.' },
      ...(facts.hotNotContacted.length
        ? ([{ kind: 'button', label: 'Call them now', url: links.hotUrl }] as const)
        : []),
      { kind: 'heading', text: 'The week' },
      {
        kind: 'paragraph',
        text: `${thisWeek} new lead${thisWeek === 1 ? '' : 's'} in the last seven days (${facts.week.join(' · ')}, oldest first), ${trend}.`,
      },
      { kind: 'note', text: `Every lead: ${links.inboxUrl}` },
    ],
    footer: [`Your daily digest for ${facts.workspaceName}.`],
    footerLinks: [
      { label: 'Change its hour in Settings', url: links.settingsUrl },
      { label: 'Unsubscribe from the digest', url: links.unsubscribeUrl },
    ],
  });
}

/**
 * Queues today's digest for every member whose hour has come in their time zone. Each
 * member's day is claimed by one conditional update, so however many instances run this,
 * a member gets one digest a day.
 */
export async function queueDueDigests(
  db: Db,
  desk: MailDesk,
  links: MailLinks,
  now: number,
): Promise<number> {
  const members = await db
    .selectFrom('member_alerts as a')
    .innerJoin('memberships as m', (j) =>
      j.onRef('m.workspace_id', '=', 'a.workspace_id').onRef('m.user_id', '=', 'a.user_id'),
    )
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .innerJoin('workspaces as w', 'w.id', 'a.workspace_id')
    .select([
      'a.workspace_id',
      'a.user_id',
      'a.digest_hour',
      'a.time_zone',
      'a.last_digest_day',
      'u.email',
      'w.name',
    ])
    .where('a.digest_hour', 'is not', null)
    .execute();
  let queued = 0;
  // Members of one workspace read the same figures: worked out once per workspace.
  const factsOf = new Map<string, Promise<DigestFacts>>();
  const facts = (workspaceId: string, name: string) => {
    const known = factsOf.get(workspaceId) ?? digestFacts(db, workspaceId, name, now);
    factsOf.set(workspaceId, known);
    return known;
  };
  for (const m of members) {
    const clock = localClock(now, m.time_zone);
    if (clock.hour < m.digest_hour! || m.last_digest_day === clock.day) continue;
    const claimed = await db
      .updateTable('member_alerts')
      .set({ last_digest_day: clock.day })
      .where('workspace_id', '=', m.workspace_id)
      .where('user_id', '=', m.user_id)
      .where((eb) =>
        eb.or([eb('last_digest_day', 'is', null), eb('last_digest_day', '!=', clock.day)]),
      )
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    const unsubscribe = unsubscribeOf(links, 'digest', m.user_id, m.workspace_id);
    await queueMail(
      db,
      desk,
      {
        id: `digest-${m.workspace_id}-${m.user_id}-${clock.day}`,
        workspaceId: m.workspace_id,
        userId: m.user_id,
        kind: 'digest',
        to: m.email,
        mail: digestMail(await facts(m.workspace_id, m.name), {
          inboxUrl: `${links.adminOrigin}/admin/leads`,
          settingsUrl: `${links.adminOrigin}/admin/settings/alerts`,
          hotUrl: `${links.adminOrigin}/admin/leads?tier=hot&status=new`,
          unsubscribeUrl: unsubscribe.url,
        }),
        headers: unsubscribe.headers,
      },
      now,
    );
    queued++;
  }
  return queued;
}
