/**
 * Page documents and versions are stored with the schema version they were written in,
 * and pass through these migrations, in order, when read: a change to the document's shape
 * comes with a pure function that lifts an older document to it (as Puck's `migrate`
 * does), so an old version restored or still live never meets a schema it predates.
 * None is needed yet: every stored document is version 1. The next shape change adds an
 * entry here, raises DOCUMENT_VERSION, and a test of its own in test/unit.
 */
export type DocumentMigration = {
  /** The version this migration produces (it runs on documents below it). */
  to: number;
  why: string;
  migrate: (doc: Record<string, unknown>) => Record<string, unknown>;
};

export const DOCUMENT_MIGRATIONS: readonly DocumentMigration[] = [];

/** The document lifted through every migration above its version, oldest first. */
export function upgradeDocument(
  raw: unknown,
  migrations: readonly DocumentMigration[] = DOCUMENT_MIGRATIONS,
): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  let doc = raw as Record<string, unknown>;
  const from = typeof doc.version === 'number' ? doc.version : 1;
  for (const m of [...migrations].sort((a, b) => a.to - b.to))
    if (from < m.to) doc = { ...m.migrate(doc), version: m.to };
  return doc;
}
