import type { PageDocumentInput } from '../landing-pages/document';

/** What the editor edits: the page's name, address and document. */
export type Draft = { title: string; slug: string; doc: PageDocumentInput };

/**
 * Undo and redo over every change the editor makes — typing, list items, blocks added,
 * moved, hidden or deleted, palettes. Typing into one field is one step until a pause.
 */
export type EditorHistory = {
  past: Draft[];
  present: Draft;
  future: Draft[];
  /** The field last typed into and when: the next keystroke there extends that step. */
  typing: { key: string; at: number } | null;
};

const MAX_STEPS = 200;
export const TYPING_PAUSE_MS = 1000;

export const startHistory = (present: Draft): EditorHistory => ({
  past: [],
  present,
  future: [],
  typing: null,
});

/**
 * The history after a change. `typingKey` names the field being typed into (null for a
 * one-off change such as a button), so a word typed letter by letter undoes as one step.
 */
export function record(
  history: EditorHistory,
  next: Draft,
  typingKey: string | null,
  now: number,
): EditorHistory {
  if (next === history.present) return history;
  const sameTyping =
    typingKey !== null &&
    history.typing?.key === typingKey &&
    now - history.typing.at < TYPING_PAUSE_MS;
  return {
    past: sameTyping ? history.past : [...history.past, history.present].slice(-MAX_STEPS),
    present: next,
    future: [],
    typing: typingKey === null ? null : { key: typingKey, at: now },
  };
}

export function undo(history: EditorHistory): EditorHistory {
  const previous = history.past.at(-1);
  if (!previous) return history;
  return {
    past: history.past.slice(0, -1),
    present: previous,
    future: [history.present, ...history.future],
    typing: null,
  };
}

export function redo(history: EditorHistory): EditorHistory {
  const [next, ...rest] = history.future;
  if (!next) return history;
  return { past: [...history.past, history.present], present: next, future: rest, typing: null };
}
