import { z } from 'zod';
import type { Db } from '../../../db/client';
import type { Tier } from '../../../db/schema';
import { readBreakdown } from '../leads/lead-row';
import { answerText, readStoredAnswers } from '../leads/stored-answers';
import { TIER_GUIDE } from '../scoring/tiers';
import { LEAD_ALERTS, membersAlerts, wantsAlert, type LeadEvent } from './alert-settings';
import { composeMail, type ComposedMail } from './compose';
import { queueMail, type MailDesk } from './outbox';
import { signLink } from './signed-link';

const tier = z.enum(['hot', 'warm', 'cold']);
const eventSchemas = {
  submission: z.object({ submissionId: z.string(), tier: tier.optional() }),
  tier_change: z.object({ from: tier.nullable(), to: tier }),
};

/** Where links in mails lead, and the key that signs the ones that act without a session. */
export type MailLinks = { adminOrigin: string; key: string };

type AlertLead = {
  id: string;
  name: string | null;
  email: string;
  company: string | null;
  score: number;
  tier: Tier;
  source: string | null;
  breakdownJson: string;
};

const TIER_WORD: Record<Tier, string> = { hot: 'Hot', warm: 'Warm', cold: 'Cold' };

/** Where they came from, in words: "direct" means they typed the address or had it saved. */
const arrival = (source: string | null) =>
  !source ? '' : source === 'direct' ? ', arriving directly' : `, arriving from ${source}`;

/** The lead alert: who, what they answered, why the tier, the next step, one link. */
export function leadAlertMail(input: {
  lead: AlertLead;
  event: LeadEvent;
  workspaceName: string;
  pageTitle: string | null;
  answers: [string, string][];
  choiceLabel: string;
  leadUrl: string;
  unsubscribeUrl: string;
  settingsUrl: string;
}): ComposedMail {
  const { lead, event } = input;
  const shownTier = event.type === 'submission' ? event.tier : event.to;
  const who = lead.name || lead.email;
  const subject = `${event.type === 'tier_change' ? 'Now hot' : `${TIER_WORD[shownTier]} lead`}: ${who}${lead.company ? `, ${lead.company}` : ''}`;
  const reasons = readBreakdown(lead.breakdownJson)
    .filter((l) => l.points !== 0)
    .sort((a, b) => b.points - a.points)
    .slice(0, 6)
    .map((l) => `${l.evidence} (${l.points > 0 ? '+' : ''}${l.points})`);
  const what =
    event.type === 'submission'
      ? `Sent a form${input.pageTitle ? ` on “${input.pageTitle}”` : ''}${arrival(lead.source)}.`
      : `Was ${event.from ?? 'new'}, now hot: their latest behaviour tipped the score.`;
  return composeMail({
    subject,
    preheader: `${lead.score} points. ${reasons[0] ?? ''}`.trim(),
    blocks: [
      {
        kind: 'heading',
        text: `${who}${lead.company ? ` (${lead.company})` : ''} is ${shownTier}: ${lead.score} points`,
      },
      { kind: 'paragraph', text: what },
      {
        kind: 'facts',
        rows: [['Email', lead.email], ...input.answers],
      },
      { kind: 'heading', text: `Why ${shownTier}` },
      reasons.length
        ? { kind: 'list', items: reasons }
        : { kind: 'paragraph', text: 'No signal yet beyond the submission itself.' },
      { kind: 'heading', text: 'Next step' },
      { kind: 'paragraph', text: TIER_GUIDE[shownTier].nextStep },
      { kind: 'button', label: 'Open the lead', url: input.leadUrl },
    ],
    footer: [
      `You get this because your lead alerts in ${input.workspaceName} are set to “${input.choiceLabel}”.`,
    ],
    footerLinks: [
      { label: 'Change alerts in Settings', url: input.settingsUrl },
      { label: 'Unsubscribe from these alerts', url: input.unsubscribeUrl },
    ],
  });
}

/** The one-click unsubscribe headers (RFC 8058) and the link they carry. */
export function unsubscribeOf(
  links: MailLinks,
  which: 'lead' | 'digest',
  userId: string,
  workspaceId: string,
) {
  const url = `${links.adminOrigin}/mail/unsubscribe?t=${signLink(links.key, { a: which, u: userId, w: workspaceId })}`;
  return {
    url,
    headers: {
      'List-Unsubscribe': `<${url}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}

/**
 * A lead event's alerts: one mail to each member whose choice wants it, never about a
 * lead flagged as spam. Each mail's id comes from the event and the member, so the job
 * running again (after a crash) queues nothing twice.
 */
export async function alertMembers(
  db: Db,
  desk: MailDesk,
  links: MailLinks,
  activityId: string,
  now: number,
): Promise<number> {
  const activity = await db
    .selectFrom('lead_activity as a')
    .innerJoin('leads as l', 'l.id', 'a.lead_id')
    .innerJoin('workspaces as w', 'w.id', 'a.workspace_id')
    .leftJoin('pages as p', 'p.id', 'l.page_id')
    .select([
      'a.type',
      'a.data_json',
      'a.workspace_id',
      'w.name as workspace_name',
      'p.title as page_title',
      'l.id',
      'l.name',
      'l.email',
      'l.company',
      'l.score',
      'l.tier',
      'l.source',
      'l.breakdown_json',
      'l.qualified',
    ])
    .where('a.id', '=', activityId)
    .executeTakeFirst();
  if (!activity || !activity.qualified) return 0;
  const event = leadEventOf(activity.type, activity.data_json, activity.tier);
  if (!event) return 0;
  const recipients = (await membersAlerts(db, activity.workspace_id)).filter((m) =>
    wantsAlert(m.leadAlert, event),
  );
  if (!recipients.length) return 0;
  // The answers of the submission the event is, or the latest one for a tier change.
  const submissionId = event.type === 'submission' ? event.submissionId : null;
  const submission = await db
    .selectFrom('submissions')
    .select('answers_json')
    .where('lead_id', '=', activity.id)
    .$if(submissionId !== null, (q) => q.where('id', '=', submissionId!))
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const answers = readStoredAnswers(submission?.answers_json ?? '[]')
    .filter((a) => a.meaning !== 'email' && a.type !== 'hidden' && a.type !== 'consent')
    .map((a): [string, string] => [a.label, answerText(a.value)]);
  const lead: AlertLead = {
    id: activity.id,
    name: activity.name,
    email: activity.email,
    company: activity.company,
    score: activity.score,
    tier: activity.tier,
    source: activity.source,
    breakdownJson: activity.breakdown_json,
  };
  for (const member of recipients) {
    const unsubscribe = unsubscribeOf(links, 'lead', member.userId, activity.workspace_id);
    await queueMail(
      db,
      desk,
      {
        id: `alert-${activityId}-${member.userId}`,
        workspaceId: activity.workspace_id,
        userId: member.userId,
        kind: 'lead_alert',
        to: member.email,
        mail: leadAlertMail({
          lead,
          event,
          workspaceName: activity.workspace_name,
          pageTitle: activity.page_title,
          answers,
          choiceLabel: LEAD_ALERTS[member.leadAlert].label,
          leadUrl: `${links.adminOrigin}/admin/leads/${lead.id}`,
          unsubscribeUrl: unsubscribe.url,
          settingsUrl: `${links.adminOrigin}/admin/settings/alerts`,
        }),
        headers: unsubscribe.headers,
      },
      now,
    );
  }
  return recipients.length;
}

function leadEventOf(type: string, dataJson: string, leadTier: Tier): LeadEvent | null {
  const data: unknown = JSON.parse(dataJson);
  if (type === 'submission') {
    const parsed = eventSchemas.submission.safeParse(data);
    return parsed.success
      ? { type, submissionId: parsed.data.submissionId, tier: parsed.data.tier ?? leadTier }
      : null;
  }
  if (type === 'tier_change') {
    const parsed = eventSchemas.tier_change.safeParse(data);
    return parsed.success ? { type, ...parsed.data } : null;
  }
  return null;
}
