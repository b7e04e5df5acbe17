import type { PageDocument } from './document';
import { pageDocumentSchema } from './document';
import { upgradeDocument } from './document-migrations';

/**
 * A document as stored, read under today's schema: upgraded through the document
 * migrations first; then a block that no longer passes a tightened block schema is left out
 * (and reported to `onDropped`) instead of turning the whole live page or version into an
 * error. A document that still fails was damaged, which is not the visitor's fault: it throws.
 */
export function readStoredDocument(
  json: string,
  onDropped: (blockIndex: number, message: string) => void = reportDropped,
): PageDocument {
  const raw = upgradeDocument(JSON.parse(json)) as { blocks?: unknown };
  const parsed = pageDocumentSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const failing = new Map<number, string>();
  for (const issue of parsed.error.issues)
    if (issue.path[0] === 'blocks' && typeof issue.path[1] === 'number')
      failing.set(issue.path[1], issue.message);
  if (!failing.size || !Array.isArray(raw.blocks)) return pageDocumentSchema.parse(raw);
  for (const [index, message] of failing) onDropped(index, message);
  return pageDocumentSchema.parse({
    ...raw,
    blocks: raw.blocks.filter((_, i) => !failing.has(i)),
  });
}

function reportDropped(blockIndex: number, message: string): void {
  console.error(
    JSON.stringify({ level: 'warn', msg: 'stored block left out', blockIndex, error: message }),
  );
}
