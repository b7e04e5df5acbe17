import type { Draft } from '../../domain/editor/editor-history';

/** How one save went, as the page API answers it. */
export type SaveOutcome =
  | { ok: true; revision: number }
  | {
      ok: false;
      kind: 'invalid' | 'conflict' | 'offline' | 'failed';
      message: string;
      fields: Record<string, string>;
    };

export type SaveState =
  | { kind: 'saved' | 'pending' | 'saving' }
  | {
      kind: 'invalid' | 'conflict' | 'offline' | 'failed';
      message: string;
      fields: Record<string, string>;
    };

/**
 * Saves the editor's draft a moment after the last change, one save at a time, each with
 * the revision the previous one returned. A refused save keeps the draft for the next try;
 * a conflict (another tab saved first) stops saving until the person chooses what to keep.
 */
export function createAutosaver(options: {
  delayMs: number;
  revision: number;
  send: (draft: Draft, revision: number) => Promise<SaveOutcome>;
  onState: (state: SaveState) => void;
}) {
  let revision = options.revision;
  let unsaved: Draft | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | null = null;
  let conflict = false;
  let last: SaveState = { kind: 'saved' };
  const report = (state: SaveState) => {
    last = state;
    options.onState(state);
  };

  async function saveOnce(): Promise<void> {
    const draft = unsaved;
    if (!draft || conflict) return;
    unsaved = null;
    report({ kind: 'saving' });
    const outcome = await options.send(draft, revision);
    if (outcome.ok) {
      revision = outcome.revision;
      report(unsaved ? { kind: 'pending' } : { kind: 'saved' });
      return;
    }
    unsaved ??= draft; // kept: the next change or flush tries again with what is newest
    if (outcome.kind === 'conflict') conflict = true;
    report({ kind: outcome.kind, message: outcome.message, fields: outcome.fields });
  }

  /** Saves until nothing newer waits, one request at a time. */
  function run(): Promise<void> {
    clearTimeout(timer);
    running ??= (async () => {
      while (unsaved && !conflict) {
        await saveOnce();
        if (last.kind !== 'saved' && last.kind !== 'pending') break;
      }
    })().finally(() => (running = null));
    return running;
  }

  return {
    /** A change: saved after a pause in the changes. */
    schedule(draft: Draft) {
      unsaved = draft;
      if (conflict) return;
      report({ kind: 'pending' });
      clearTimeout(timer);
      timer = setTimeout(() => void run(), options.delayMs);
    },
    /** Saves now; true when everything is saved. */
    async flush(): Promise<boolean> {
      if (running) await running;
      await run();
      return !unsaved && !conflict && last.kind === 'saved';
    },
    /** After a conflict: keep this tab's draft, saving it over the newer revision. */
    overwrite(latestRevision: number) {
      conflict = false;
      revision = latestRevision;
      return run();
    },
    get revision() {
      return revision;
    },
  };
}
