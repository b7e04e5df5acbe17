import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type TestSmtp = {
  url: string;
  received: ParsedMail[];
  /** Messages whose data arrived but which were refused or left unanswered. */
  turnedAway: () => number;
  /** Waits until `count` mails have arrived (or fails after `ms`). */
  waitFor: (count: number, ms?: number) => Promise<ParsedMail[]>;
  /** How the server answers the next messages: refuse them, hold them unanswered, or take them. */
  behave: (how: { refuse?: number; hang?: boolean }) => void;
  close: () => Promise<void>;
};

/**
 * A real SMTP server in this process (the `smtp-server` package), with what arrives parsed
 * by `mailparser`: the mail Kindling sends goes over a real SMTP conversation.
 */
export async function startSmtp(): Promise<TestSmtp> {
  const received: ParsedMail[] = [];
  let refuse = 0;
  let hang = false;
  let turnedAway = 0;
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (hang) return void turnedAway++; // never answered: the sender times out or dies
        if (refuse > 0) {
          refuse--;
          turnedAway++;
          const error = new Error('Try again later') as Error & { responseCode: number };
          error.responseCode = 451;
          return callback(error);
        }
        simpleParser(Buffer.concat(chunks)).then((mail) => {
          received.push(mail);
          waiters.splice(0).forEach((w) => w());
          callback();
        }, callback);
      });
    },
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    }),
  );
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    turnedAway: () => turnedAway,
    behave: (how) => {
      refuse = how.refuse ?? 0;
      hang = how.hang ?? false;
    },
    waitFor: async (count, ms = 15_000) => {
      const deadline = Date.now() + ms;
      while (received.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`${received.length} of ${count} mails arrived`);
        await new Promise<void>((r) => {
          const t = setTimeout(r, Math.min(left, 200));
          waiters.push(() => (clearTimeout(t), r()));
        });
      }
      return received;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
