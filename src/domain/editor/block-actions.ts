import type { PageDocumentInput } from '../landing-pages/document';

type Blocks = PageDocumentInput['blocks'];
export const BLOCK_VERBS = ['up', 'down', 'duplicate', 'hide', 'delete'] as const;
export type BlockVerb = (typeof BLOCK_VERBS)[number];

/** An id not used on the page yet, readable: `stats`, `stats-2`, … */
function freshId(blocks: Blocks, base: string): string {
  const taken = new Set(blocks.map((b) => b.id));
  let n = 1;
  while (taken.has(n === 1 ? base : `${base}-${n}`)) n++;
  return n === 1 ? base : `${base}-${n}`;
}

const moved = (blocks: Blocks, from: number, to: number): Blocks => {
  if (to < 0 || to >= blocks.length) return blocks;
  const next = [...blocks];
  const [block] = next.splice(from, 1);
  next.splice(to, 0, block!);
  return next;
};

/** What each verb does to the block at `i`; blocks are never edited in place. */
const VERBS: Record<BlockVerb, (blocks: Blocks, i: number) => Blocks> = {
  up: (blocks, i) => moved(blocks, i, i - 1),
  down: (blocks, i) => moved(blocks, i, i + 1),
  duplicate: (blocks, i) => {
    const copy = { ...structuredClone(blocks[i]!), id: freshId(blocks, blocks[i]!.id) };
    delete copy.anchor; // an anchor names one section
    return [...blocks.slice(0, i + 1), copy, ...blocks.slice(i + 1)];
  },
  hide: (blocks, i) => blocks.map((b, j) => (j === i ? { ...b, hidden: !b.hidden } : b)),
  delete: (blocks, i) => blocks.filter((_, j) => j !== i),
};

/** Drag and drop: the block at `from` goes to position `to`. */
export function moveBlock(doc: PageDocumentInput, from: number, to: number) {
  if (!doc.blocks[from] || !doc.blocks[to]) return doc;
  return { ...doc, blocks: moved(doc.blocks, from, to) };
}

/** Moves, duplicates, hides or deletes one block of the page. */
export function applyBlockAction(doc: PageDocumentInput, verb: BlockVerb, index: number) {
  if (!doc.blocks[index]) return doc;
  return { ...doc, blocks: VERBS[verb](doc.blocks, index) };
}

/**
 * Adds a block from the library with its starting content: at `before` (an insert point on
 * the page), else before the footer when the page ends with one. Returns the document and
 * the new block's id (to open it in the editor).
 */
export function addBlock(
  doc: PageDocumentInput,
  entry: { type: string; defaults: unknown },
  before?: number,
) {
  const id = freshId(doc.blocks, entry.type);
  const block = { id, type: entry.type, hidden: false, props: structuredClone(entry.defaults) };
  const end = doc.blocks.at(-1)?.type === 'footer' ? doc.blocks.length - 1 : doc.blocks.length;
  const at =
    before !== undefined && Number.isInteger(before) && before >= 0 && before <= end ? before : end;
  const blocks = [...doc.blocks.slice(0, at), block, ...doc.blocks.slice(at)] as Blocks;
  return { doc: { ...doc, blocks }, id };
}
