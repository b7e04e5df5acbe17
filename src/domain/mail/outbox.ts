import { transact } from '../../../db/transact';
import type { Db } from '../../../db/client';
import type { MailStatus } from '../../../db/schema';
import { queueJob } from '../jobs/kinds';
import type { MailTransport } from '../../shared/ports';
import { newId } from '../../shared/ids';
import type { ComposedMail } from './compose';

/** What queuing a mail needs to know of the install. */
export type MailDesk = {
  /** An SMTP server is configured: mail is sent; else every mail is kept for the owner to read. */
  delivering: boolean;
  /** Mails one workspace may send an hour (a counter every instance shares). */
  hourlyCap: { hit(db: Db, key: string, now: number): Promise<number> };
};

export type NewMail = {
  /** Given for mails that must be queued once however often their job runs (alerts). */
  id?: string;
  workspaceId: string | null;
  userId: string | null;
  kind: 'lead_alert' | 'digest' | 'password_reset' | 'confirmation' | 'test';
  to: string;
  mail: ComposedMail;
  headers?: Record<string, string>;
};

/**
 * Keeps a mail and, when it is to be sent, a job that sends it, in one transaction: a mail
 * is never sent without its row, nor left unsent with its row (whatever stops in between,
 * the job runs after a restart). Without SMTP, or past the workspace's hourly cap, the
 * mail is kept and shown in Settings → Outgoing mail instead.
 */
export async function queueMail(
  db: Db,
  desk: MailDesk,
  mail: NewMail,
  now: number,
): Promise<MailStatus | null> {
  const capped =
    desk.delivering && mail.workspaceId !== null
      ? (await desk.hourlyCap.hit(db, mail.workspaceId, now)) > 0
      : false;
  const status: MailStatus = !desk.delivering ? 'kept' : capped ? 'capped' : 'queued';
  const id = mail.id ?? newId(now);
  return transact(db, async (tx) => {
    const inserted = await tx
      .insertInto('mails')
      .values({
        id,
        workspace_id: mail.workspaceId,
        user_id: mail.userId,
        kind: mail.kind,
        to_address: mail.to,
        subject: mail.mail.subject,
        text_body: mail.mail.text,
        html_body: mail.mail.html,
        headers_json: JSON.stringify(mail.headers ?? {}),
        status,
        attempts: 0,
        last_error: null,
        created_at: now,
        sent_at: null,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return null;
    if (status === 'queued')
      await queueJob(
        tx,
        {
          kind: 'send-mail',
          key: `send-mail:${id}`,
          payload: { mailId: id },
          runAt: now,
          workspaceId: mail.workspaceId,
          maxAttempts: 10,
        },
        now,
      );
    return status;
  });
}

/** Queued while SMTP was configured, and it is no longer: kept for the owner to read. */
export async function keepQueuedMail(db: Db, mailId: string): Promise<void> {
  await db
    .updateTable('mails')
    .set({ status: 'kept' })
    .where('id', '=', mailId)
    .where('status', '=', 'queued')
    .execute();
}

/**
 * Sends one queued mail, and marks it sent. A failure is counted on the mail and thrown,
 * so its job is retried with backoff. A mail already sent is not sent again.
 */
export async function sendQueuedMail(
  db: Db,
  transport: MailTransport,
  mailId: string,
  now: () => number,
): Promise<void> {
  const mail = await db
    .selectFrom('mails')
    .selectAll()
    .where('id', '=', mailId)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  if (!mail) return;
  try {
    await transport.send({
      messageId: `<${mail.id}@kindling>`,
      to: mail.to_address,
      subject: mail.subject,
      text: mail.text_body,
      html: mail.html_body,
      headers: JSON.parse(mail.headers_json) as Record<string, string>,
    });
  } catch (error) {
    await db
      .updateTable('mails')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        last_error: String(error instanceof Error ? error.message : error).slice(0, 500),
      }))
      .where('id', '=', mailId)
      .execute();
    throw error;
  }
  await db
    .updateTable('mails')
    .set((eb) => ({ status: 'sent', sent_at: now(), attempts: eb('attempts', '+', 1) }))
    .where('id', '=', mailId)
    .execute();
}

export type MailListItem = {
  id: string;
  kind: string;
  to: string;
  subject: string;
  status: MailStatus;
  attempts: number;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
  text: string;
};

/**
 * The workspace's latest mails, for its owners. A password reset belongs to no workspace
 * and is never listed: its link would let an owner take over a teammate's account.
 */
export async function recentMails(
  db: Db,
  workspaceId: string,
  limit = 50,
): Promise<MailListItem[]> {
  const rows = await db
    .selectFrom('mails')
    .select([
      'id',
      'kind',
      'to_address',
      'subject',
      'status',
      'attempts',
      'last_error',
      'created_at',
      'sent_at',
      'text_body',
    ])
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    to: r.to_address,
    subject: r.subject,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    text: r.text_body,
  }));
}
