import { z } from 'zod';
import type { Db } from '../../../db/client';
import { newSecretToken } from '../../shared/ids';
import { composeMail, type ComposedMail } from '../mail/compose';
import { fail, ok, type Result } from '../../shared/result';
import { resetPassword } from './accounts';
import { PASSWORD_MAX } from './password';
import { emailSchema, passwordSchema } from './schemas';
import { hashToken } from './session-token';
import { takeAttempt, type ThrottlePolicy } from './throttle';
import { queueMail, type MailDesk } from '../mail/outbox';

/** A reset link works for an hour, once. */
export const RESET_TTL_MS = 3_600_000;

/** Reset mails asked from one network, and for one account: enough for a typo, not a flood. */
export const RESET_IP_POLICY: ThrottlePolicy = {
  maxFailures: 10,
  windowMs: 3_600_000,
  lockMs: 3_600_000,
};
export const RESET_ACCOUNT_POLICY: ThrottlePolicy = {
  maxFailures: 3,
  windowMs: 3_600_000,
  lockMs: 3_600_000,
};

export const forgotPasswordSchema = z.object({ email: emailSchema });
export const newPasswordSchema = z
  .object({ newPassword: passwordSchema, confirmPassword: z.string().max(PASSWORD_MAX) })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The two passwords do not match.',
  });

/** The same words whether or not an account uses the address: strangers learn nothing. */
export const RESET_SENT =
  'If an account uses that address, a link to choose a new password is on its way. It works for an hour, once.';

/**
 * A single-use reset token for the account with this email; only its hash is stored.
 * Null when no account uses the address.
 */
export async function createResetToken(
  db: Db,
  email: string,
  now: number,
): Promise<{ token: string; userId: string; email: string } | null> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('email', '=', email)
    .executeTakeFirst();
  if (!user) return null;
  const token = newSecretToken();
  await db
    .insertInto('password_resets')
    .values({
      token_hash: hashToken(token),
      user_id: user.id,
      created_at: now,
      expires_at: now + RESET_TTL_MS,
      used_at: null,
    })
    .execute();
  return { token, userId: user.id, email: user.email };
}

/** Whether the link still works (to show the form, or say it does not). */
export async function resetTokenWorks(db: Db, token: string, now: number): Promise<boolean> {
  const row = await db
    .selectFrom('password_resets')
    .select('user_id')
    .where('token_hash', '=', hashToken(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Spends the token (one conditional update: of two uses racing, one wins) and sets the new
 * password, ending every session of the account and every other link sent to it.
 */
export async function useResetToken(
  db: Db,
  token: string,
  newPassword: string,
  now: number,
): Promise<Result<{ userId: string }, 'invalid_token'>> {
  const spent = await db
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('token_hash', '=', hashToken(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('user_id')
    .executeTakeFirst();
  if (!spent)
    return fail(
      'invalid_token',
      'This link has expired or was used already. Ask for a new one below.',
    );
  await resetPassword(db, spent.user_id, newPassword, now);
  await db
    .deleteFrom('password_resets')
    .where('user_id', '=', spent.user_id)
    .where('used_at', 'is', null)
    .execute();
  return ok({ userId: spent.user_id });
}

export const resetLink = (adminOrigin: string, token: string) =>
  `${adminOrigin}/admin/reset-password?token=${token}`;

export function resetMail(link: string): ComposedMail {
  return composeMail({
    subject: 'Choose a new Kindling password',
    preheader: 'The link works for an hour, once.',
    blocks: [
      { kind: 'heading', text: 'Choose a new password' },
      {
        kind: 'paragraph',
        text: 'Someone, probably you, asked to reset the password of your Kindling account. The link below works for an hour, once; using it signs you out everywhere.',
      },
      { kind: 'button', label: 'Choose a new password', url: link },
      {
        kind: 'note',
        text: 'If you did not ask for this, ignore this mail: your password stays as it is.',
      },
    ],
    footer: ['Kindling sends this mail only when a reset is asked for.'],
  });
}

/**
 * "Forgot password?": counts the ask against the network's and the address's limits (both
 * counted whether or not an account uses the address, so the limits tell nothing either),
 * then queues the link to the account, if there is one. The mail has no workspace: it is
 * never listed in Outgoing mail, where an owner could read a teammate's link.
 */
export async function askForReset(
  db: Db,
  mail: { desk: MailDesk; adminOrigin: string },
  input: { email: string; ip: string; now: number },
): Promise<{ ok: true } | { ok: false; waitMs: number }> {
  const limits = await Promise.all([
    takeAttempt(db, `reset-ip:${input.ip}`, RESET_IP_POLICY, input.now),
    takeAttempt(db, `reset-account:${input.email}`, RESET_ACCOUNT_POLICY, input.now),
  ]);
  const refused = limits.find((l) => !l.allowed);
  if (refused) return { ok: false, waitMs: refused.waitMs };
  const reset = await createResetToken(db, input.email, input.now);
  if (reset)
    await queueMail(
      db,
      mail.desk,
      {
        workspaceId: null,
        userId: reset.userId,
        kind: 'password_reset',
        to: reset.email,
        mail: resetMail(resetLink(mail.adminOrigin, reset.token)),
      },
      input.now,
    );
  return { ok: true };
}
