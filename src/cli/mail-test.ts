/** `npm run mail:test -- you@example.com`: sends one mail through SMTP_URL, now, and says how it went. */
import { loadConfig } from '../app/config';
import { emailSchema } from '../domain/auth/schemas';
import { composeMail } from '../domain/mail/compose';
import { newId } from '../shared/ids';
import { smtpTransport } from '../platform/mail-transport';

const to = emailSchema.safeParse(process.argv[2] ?? '');
if (!to.success) {
  console.error('Usage: npm run mail:test -- you@example.com');
  process.exit(2);
}
const config = loadConfig();
if (!config.SMTP_URL) {
  console.error(
    'SMTP_URL is not set: Kindling keeps mail in Settings → Outgoing mail instead of sending it.\nSet SMTP_URL (e.g. smtps://user:password@smtp.example.com:465) and MAIL_FROM, then try again.',
  );
  process.exit(1);
}
const transport = smtpTransport(config.SMTP_URL, config.MAIL_FROM);
const mail = composeMail({
  subject: 'Kindling can send mail',
  preheader: 'Lead alerts and password resets will arrive like this one.',
  blocks: [
    { kind: 'heading', text: 'It works' },
    {
      kind: 'paragraph',
      text: `This test came from ${config.siteOrigin} through ${new URL(config.SMTP_URL).host}, as ${config.MAIL_FROM}. Lead alerts, digests and password resets will arrive the same way.`,
    },
  ],
  footer: ['Sent by npm run mail:test.'],
});
try {
  await transport.send({
    messageId: `<test-${newId()}@kindling>`,
    to: to.data,
    headers: {},
    ...mail,
  });
  console.log(`Sent to ${to.data}. Check the inbox (and the spam folder).`);
} catch (error) {
  console.error(`Not sent: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  transport.close();
}
