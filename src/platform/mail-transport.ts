import { createTransport } from 'nodemailer';
import type { MailTransport } from '../shared/ports';

/**
 * SMTP through nodemailer (SMTP_URL): a pool of a few connections, with timeouts short
 * enough that a stuck server fails the job (which is retried) instead of holding it.
 */
export function smtpTransport(url: string, from: string): MailTransport {
  const transport = createTransport({
    url,
    pool: true,
    maxConnections: 3,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  } as Parameters<typeof createTransport>[0]);
  return {
    async send(mail) {
      await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: mail.headers,
        messageId: mail.messageId,
      });
    },
    close: () => transport.close(),
  };
}
