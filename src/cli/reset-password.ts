/**
 * `npm run user:reset-password -- <email>`: prints a one-time link to choose a new password,
 * for whoever has the server's shell (an install without SMTP, or an owner locked out).
 */
import { openDatabase } from '../../db/client';
import { migrateToLatest } from '../../db/migrator';
import { loadConfig } from '../app/config';
import { createResetToken, resetLink, RESET_TTL_MS } from '../domain/auth/password-reset';
import { emailSchema } from '../domain/auth/schemas';

const parsed = emailSchema.safeParse(process.argv[2] ?? '');
if (!parsed.success) {
  console.error('Usage: npm run user:reset-password -- you@example.com');
  process.exit(2);
}
const config = loadConfig();
const db = openDatabase(config.database);
try {
  await migrateToLatest(db);
  const reset = await createResetToken(db, parsed.data, Date.now());
  if (!reset) {
    console.error(`No account uses ${parsed.data}.`);
    process.exitCode = 1;
  } else {
    console.log(`Open this link within ${RESET_TTL_MS / 60_000} minutes (it works once):`);
    console.log(resetLink(config.siteOrigin, reset.token));
  }
} finally {
  await db.destroy();
}
