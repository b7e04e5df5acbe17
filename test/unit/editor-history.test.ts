import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createAutosaver,
  type SaveOutcome,
  type SaveState,
} from '../../src/components/editor/autosave';
import {
  TYPING_PAUSE_MS,
  record,
  redo,
  startHistory,
  undo,
  type Draft,
} from '../../src/domain/editor/editor-history';
import { findTemplate } from '../../src/domain/templates/catalog';

const base: Draft = {
  title: 'Demo',
  slug: 'demo',
  doc: findTemplate('newsletter-signup')!.document,
};
const titled = (title: string): Draft => ({ ...base, title });

describe('undo and redo', () => {
  it('undoes every kind of change, and redoes it', () => {
    let h = startHistory(base);
    const withoutHero = { ...base, doc: { ...base.doc, blocks: base.doc.blocks.slice(1) } };
    h = record(h, withoutHero, null, 0); // a block deleted
    h = record(h, titled('Renamed'), 'title', 10);
    expect(h.past).toHaveLength(2);
    h = undo(h);
    expect(h.present).toBe(withoutHero);
    h = undo(h);
    expect(h.present).toBe(base);
    expect(undo(h)).toBe(h);
    h = redo(redo(h));
    expect(h.present.title).toBe('Renamed');
    expect(redo(h)).toBe(h);
  });

  it('makes one step of typing into one field, until a pause or another field', () => {
    let h = startHistory(base);
    h = record(h, titled('D'), 'title', 0);
    h = record(h, titled('Do'), 'title', 300);
    h = record(h, titled('Doc'), 'title', 600);
    expect(h.past).toEqual([base]);
    h = record(h, titled('Docs'), 'title', 600 + TYPING_PAUSE_MS);
    expect(h.past.map((d) => d.title)).toEqual(['Demo', 'Doc']);
    h = record(h, { ...h.present, slug: 'docs' }, 'slug', 1700);
    expect(h.past).toHaveLength(3);
  });

  it('forgets what was undone once something new is changed, and ignores non-changes', () => {
    let h = record(startHistory(base), titled('A'), null, 0);
    h = undo(h);
    h = record(h, titled('B'), null, 1);
    expect(h.future).toEqual([]);
    expect(record(h, h.present, null, 2)).toBe(h);
  });
});

describe('autosave', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A page API that answers from a queue, recording what it was sent. */
  function fakeApi(answers: SaveOutcome[] = []) {
    const sent: { title: string; revision: number }[] = [];
    let revision = 3;
    const send = vi.fn(async (draft: Draft, rev: number): Promise<SaveOutcome> => {
      sent.push({ title: draft.title, revision: rev });
      return answers.shift() ?? { ok: true, revision: ++revision };
    });
    return { sent, send };
  }
  const start = (api: ReturnType<typeof fakeApi>) => {
    const states: SaveState['kind'][] = [];
    const saver = createAutosaver({
      delayMs: 700,
      revision: 3,
      send: api.send,
      onState: (s) => states.push(s.kind),
    });
    return { saver, states };
  };

  it('saves once after a pause, the newest draft, with the revision it was given', async () => {
    const api = fakeApi();
    const { saver, states } = start(api);
    saver.schedule(titled('A'));
    await vi.advanceTimersByTimeAsync(300);
    saver.schedule(titled('AB'));
    await vi.advanceTimersByTimeAsync(699);
    expect(api.send).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(api.sent).toEqual([{ title: 'AB', revision: 3 }]);
    expect(states.at(-1)).toBe('saved');
    saver.schedule(titled('ABC'));
    expect(await saver.flush()).toBe(true);
    expect(api.sent.at(-1)).toEqual({ title: 'ABC', revision: 4 });
  });

  it('keeps a refused draft and tries it again on the next change', async () => {
    const api = fakeApi([
      { ok: false, kind: 'invalid', message: 'Headline is required.', fields: { x: 'y' } },
    ]);
    const { saver, states } = start(api);
    saver.schedule(titled(''));
    expect(await saver.flush()).toBe(false);
    expect(states.at(-1)).toBe('invalid');
    expect(await saver.flush()).toBe(true); // the same draft, accepted this time
    expect(api.sent.map((s) => s.title)).toEqual(['', '']);
  });

  it('stops at a conflict until told to save over the newer revision', async () => {
    const api = fakeApi([
      { ok: false, kind: 'conflict', message: 'Changed in another tab.', fields: {} },
    ]);
    const { saver, states } = start(api);
    saver.schedule(titled('Mine'));
    expect(await saver.flush()).toBe(false);
    saver.schedule(titled('Mine, more'));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(api.sent).toHaveLength(1);
    expect(states.at(-1)).toBe('conflict');
    await saver.overwrite(9);
    expect(api.sent.at(-1)).toEqual({ title: 'Mine, more', revision: 9 });
    expect(states.at(-1)).toBe('saved');
  });

  it('sends one save at a time: a change during a save is saved after it', async () => {
    let release!: () => void;
    const sent: string[] = [];
    const saver = createAutosaver({
      delayMs: 10,
      revision: 1,
      onState: () => {},
      send: async (draft, revision) => {
        sent.push(`${draft.title}@${revision}`);
        if (sent.length === 1) await new Promise<void>((r) => (release = r));
        return { ok: true, revision: revision + 1 };
      },
    });
    saver.schedule(titled('first'));
    await vi.advanceTimersByTimeAsync(10);
    saver.schedule(titled('second'));
    await vi.advanceTimersByTimeAsync(50);
    expect(sent).toEqual(['first@1']);
    release();
    expect(await saver.flush()).toBe(true);
    expect(sent).toEqual(['first@1', 'second@2']);
  });
});
