import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  addBlock,
  applyBlockAction,
  moveBlock,
  type BlockVerb,
} from '../../domain/editor/block-actions';
import type { PageDocumentInput } from '../../domain/landing-pages/document';
import type { BlockEntry, EditorCatalog } from '../../domain/editor/editor-catalog';
import {
  record,
  redo,
  startHistory,
  undo,
  type Draft,
  type EditorHistory,
} from '../../domain/editor/editor-history';
import {
  applyFieldEdit,
  applyListAction,
  pageFieldGroups,
  replaceText,
  type ListVerb,
} from '../../domain/editor/edit-form';
import { createAutosaver, type SaveState } from './autosave';
import { BlockPicker, type InsertRequest } from './BlockPicker';
import { EditorSection } from './EditorSection';
import { FindReplace } from './FindReplace';
import { ImageLibrary, type LibraryImage } from './ImageInput';
import { PreviewPanel } from './PreviewPanel';
import { PublishBar } from './PublishBar';
import { ReadOnly } from './read-only';
import { saveDraftRequest } from './save-request';
import { useBlockDrag } from './use-block-drag';

export type PageEditorProps = {
  pageId: string;
  csrf: string;
  title: string;
  slug: string;
  revision: number;
  published: boolean;
  doc: PageDocumentInput;
  catalog: EditorCatalog;
  /** Form field names a published version used: answers may be stored under them. */
  keptFieldNames: string[];
  /** The workspace's uploaded images, newest first. */
  images: LibraryImage[];
  /** A viewer looks through the sections but cannot change anything. */
  readOnly: boolean;
};

const SAVE_AFTER_MS = 700;

/** The fields a click on the page edits in place: the texts a visitor reads there. */
const IN_PLACE_WIDGETS = new Set(['text', 'textarea', 'richtext']);

const LIST_ANNOUNCEMENTS: Record<ListVerb, string> = {
  add: 'Item added.',
  remove: 'Item removed.',
  up: 'Item moved up.',
  down: 'Item moved down.',
  move: 'Item moved.',
};

const STATE_TEXT: Record<SaveState['kind'], string> = {
  saved: 'All changes saved',
  pending: 'Unsaved changes…',
  saving: 'Saving…',
  invalid: 'Not saved: ',
  conflict: 'Not saved: changed in another tab or by a teammate.',
  offline: 'Offline: not saved yet. Your edits stay here; saving resumes when you type again.',
  failed: 'Not saved: ',
};

/**
 * The page editor: every block's fields generated from its schema, blocks added, moved
 * (drag and drop or buttons), duplicated, hidden and deleted, theme and SEO, all saved as the
 * draft a moment after each change and drawn in the preview beside it; undo and redo over
 * all of it. Publishing saves first, then freezes the draft as a version.
 */
export function PageEditor(props: PageEditorProps) {
  const { catalog, pageId } = props;
  const kept = useMemo(() => new Set(props.keptFieldNames), [props.keptFieldNames]);
  const history = useRef<EditorHistory>(
    startHistory({ title: props.title, slug: props.slug, doc: props.doc }),
  );
  const [, redraw] = useState(0);
  const [save, setSave] = useState<SaveState>({ kind: 'saved' });
  const [live, setLive] = useState(false);
  useEffect(() => setLive(true), []);
  const [images, setImages] = useState(props.images);
  const library = useMemo(
    () => ({
      images,
      csrf: props.csrf,
      added: (image: LibraryImage) => setImages((all) => [image, ...all]),
    }),
    [images],
  );
  const [open, setOpen] = useState<ReadonlySet<string>>(
    () => new Set(props.doc.blocks[0] ? [props.doc.blocks[0].id] : []),
  );
  const [focusBlock, setFocusBlock] = useState<string | null>(null);
  /** The block last opened or clicked on the page: the library adds after it. */
  const [selected, setSelected] = useState<string | null>(null);
  /**
   * The large canvas: the page across the whole width (at or near full size instead of
   * scaled to a column), with the fields in a drawer that opens when a block is clicked.
   */
  const [canvas, setCanvas] = useState(false);
  const [drawer, setDrawer] = useState(false);
  const [announce, setAnnounce] = useState('');
  const focusAfter = useRef<string | null>(null);
  const publishing = useRef(false);

  const saver = useMemo(
    () =>
      createAutosaver({
        delayMs: SAVE_AFTER_MS,
        revision: props.revision,
        send: (draft, revision) => saveDraftRequest(pageId, props.csrf, draft, revision),
        onState: setSave,
      }),
    [],
  );

  const present = history.current.present;
  const { doc } = present;
  const groups = pageFieldGroups(doc, catalog);
  const errors = 'fields' in save ? save.fields : {};

  const commit = (next: EditorHistory) => {
    if (next === history.current) return;
    history.current = next;
    redraw((n) => n + 1);
    saver.schedule(next.present);
  };
  const change = (edit: (draft: Draft) => Draft, typingKey: string | null = null) =>
    commit(record(history.current, edit(history.current.present), typingKey, Date.now()));
  const changeDoc = (edit: (doc: PageDocumentInput) => PageDocumentInput, typingKey?: string) =>
    change((d) => {
      const next = edit(d.doc);
      return next === d.doc ? d : { ...d, doc: next };
    }, typingKey ?? null);

  const openOnly = (id: string) => {
    setOpen((s) => new Set([...s, id]));
    setFocusBlock(id);
  };
  const blockAction = (verb: BlockVerb, index: number) => {
    const block = doc.blocks[index]!;
    const title = groups[index + 2]!.title;
    changeDoc((d) => applyBlockAction(d, verb, index));
    if (verb === 'delete') return setAnnounce(`${title} deleted. Undo brings it back.`);
    if (verb === 'duplicate') {
      const copy = history.current.present.doc.blocks[index + 1];
      if (copy) openOnly(copy.id);
      return setAnnounce(`${title} duplicated.`);
    }
    focusAfter.current = `${block.id}:${verb}`;
    const at = history.current.present.doc.blocks.findIndex((b) => b.id === block.id) + 1;
    setAnnounce(
      verb === 'hide'
        ? `${title} ${block.hidden ? 'shown' : 'hidden'}.`
        : `${title} is now block ${at}.`,
    );
  };
  const drag = useBlockDrag((from, to) => {
    const moved = doc.blocks[from]!;
    changeDoc((d) => moveBlock(d, from, to));
    openOnly(moved.id);
    setAnnounce(`${groups[from + 2]?.title} is now block ${to + 1}.`);
  });
  const [insert, setInsert] = useState<InsertRequest>(null);
  const selectedIndex = selected ? doc.blocks.findIndex((b) => b.id === selected) : -1;
  const after =
    selectedIndex >= 0
      ? { index: selectedIndex, label: groups[selectedIndex + 2]?.title ?? 'the selected block' }
      : null;
  const addFromLibrary = (entry: BlockEntry) => {
    const added = addBlock(
      history.current.present.doc,
      entry,
      insert?.before ?? (after ? after.index + 1 : undefined),
    );
    changeDoc(() => added.doc);
    openOnly(added.id);
    focusAfter.current = `${added.id}:summary`;
    setAnnounce(`${entry.label} added.`);
  };
  // Editing on the page: the same fields, found by the text a click landed on.
  const onPage = {
    label: (type: string) => catalog.blocks.find((b) => b.type === type)?.label ?? type,
    texts: (blockId: string) =>
      (
        pageFieldGroups(history.current.present.doc, catalog).find((g) => g.id === blockId)
          ?.fields ?? []
      ).flatMap((f) =>
        f.kind === 'scalar' && IN_PLACE_WIDGETS.has(f.widget)
          ? [
              {
                path: f.path,
                value: f.value,
                multiline: f.widget !== 'text',
                rich: f.widget === 'richtext',
              },
            ]
          : [],
      ),
    // The block's fields open beside the page; the page itself stays where the click was.
    select: (blockId: string) => {
      setSelected(blockId);
      setDrawer(true);
      setOpen((s) => new Set([...s, blockId]));
      document
        .getElementById(`block-${blockId}-summary`)
        ?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    },
    edit: (path: string, text: string) =>
      changeDoc((d) => applyFieldEdit(d, catalog, path, text, kept), path),
    /** A block dropped on another on the page takes its place, as in the list beside it. */
    move: (fromId: string, toId: string) => {
      const blocks = history.current.present.doc.blocks;
      const from = blocks.findIndex((b) => b.id === fromId);
      const to = blocks.findIndex((b) => b.id === toId);
      if (from < 0 || to < 0 || from === to) return;
      changeDoc((d) => moveBlock(d, from, to));
      setAnnounce(`${groups[from + 2]?.title} is now block ${to + 1}.`);
    },
    /** An insert point: the library opens to add a block before this one. */
    insertBefore: (blockId: string) => {
      const index = history.current.present.doc.blocks.findIndex((b) => b.id === blockId);
      if (index >= 0) setInsert({ before: index, label: groups[index + 2]?.title ?? 'this block' });
    },
  };
  const replaceAll = (find: string, by: string) => {
    const { doc: next, count } = replaceText(history.current.present.doc, catalog, find, by, kept);
    if (count) changeDoc(() => next);
    return count;
  };
  const applyPalette = (colours: Record<string, string>) =>
    changeDoc((d) => ({ ...d, theme: { ...d.theme, ...colours } }));
  const step = (direction: 'undo' | 'redo') => {
    commit((direction === 'undo' ? undo : redo)(history.current));
    setAnnounce(direction === 'undo' ? 'Undone.' : 'Redone.');
  };

  // After a move, focus stays on the button pressed (or on the section when it has gone).
  useEffect(() => {
    const target = focusAfter.current;
    if (!target) return;
    focusAfter.current = null;
    const button = document.getElementById(`block-${target.replace(':', '-')}`);
    const summary = document.getElementById(`block-${target.split(':')[0]}-summary`);
    ((button as HTMLButtonElement | null)?.disabled ? summary : (button ?? summary))?.focus();
  });

  const saveKind = useRef(save.kind);
  saveKind.current = save.kind;
  // Ctrl/⌘+Z and Ctrl/⌘+Shift+Z (or Ctrl+Y) outside text fields, where the browser's own
  // undo applies; and a warning before leaving with changes not yet saved.
  useEffect(() => {
    const keys = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (target.closest('input, textarea, select, [contenteditable]')) return;
      if (!(event.ctrlKey || event.metaKey)) return;
      const key = event.key.toLowerCase();
      if (key !== 'z' && key !== 'y') return;
      event.preventDefault();
      step(key === 'y' || event.shiftKey ? 'redo' : 'undo');
    };
    const leaving = (event: BeforeUnloadEvent) => {
      if (!publishing.current && saveKind.current !== 'saved') event.preventDefault();
    };
    document.addEventListener('keydown', keys);
    window.addEventListener('beforeunload', leaving);
    return () => {
      document.removeEventListener('keydown', keys);
      window.removeEventListener('beforeunload', leaving);
    };
  }, []);

  const saveBeforePublishing = async () => {
    if (!(await saver.flush())) return null;
    publishing.current = true; // leaving the page now loses nothing
    return saver.revision;
  };
  const keepMine = async () => {
    const res = await fetch(`/api/admin/pages/${pageId}`);
    const latest = (await res.json().catch(() => null)) as { page?: { revision: number } } | null;
    if (latest?.page) await saver.overwrite(latest.page.revision);
  };

  // A conflict is explained in full by the alert above the form; the status stays short.
  const stateText =
    STATE_TEXT[save.kind] +
    ('message' in save && save.kind !== 'offline' && save.kind !== 'conflict' ? save.message : '');
  const canUndo = history.current.past.length > 0;
  const canRedo = history.current.future.length > 0;

  return (
    <ReadOnly.Provider value={props.readOnly}>
      <ImageLibrary.Provider value={library}>
        <div
          class={`editor-layout${canvas ? ' is-canvas' : ''}${canvas && drawer ? ' drawer-open' : ''}`}
        >
          <fieldset
            id="editor-fields"
            class="card form editor-form"
            disabled={props.readOnly}
            // Inert until the script has taken over, so nothing typed before then goes unseen.
            inert={!live}
          >
            {canvas && drawer && (
              <div class="drawer-head">
                <button class="btn btn-small" type="button" onClick={() => setDrawer(false)}>
                  Close the fields
                </button>
              </div>
            )}
            {props.readOnly && (
              <p class="alert alert-warn" role="note">
                Your role in this workspace is viewer: you can look through this page, not change
                it.
              </p>
            )}
            {save.kind === 'conflict' && (
              <div class="alert alert-warn" role="alert">
                <span>
                  This page was saved meanwhile in another tab or by a teammate. Your edits are
                  still here, not saved.
                </span>
                <span class="btn-row">
                  <button class="btn btn-small" type="button" onClick={() => location.reload()}>
                    Load their version
                  </button>
                  <button class="btn btn-small" type="button" onClick={() => void keepMine()}>
                    Keep mine (save over theirs)
                  </button>
                </span>
              </div>
            )}
            <div class="grid grid-2">
              <div class="field">
                <label for="f-title">Page name (only you see it)</label>
                <input
                  id="f-title"
                  name="title"
                  value={present.title}
                  maxLength={120}
                  onInput={(e) => {
                    const title = e.currentTarget.value;
                    change((d) => ({ ...d, title }), 'title');
                  }}
                />
              </div>
              <div class="field">
                <label for="f-slug">Address</label>
                <input
                  id="f-slug"
                  name="slug"
                  value={present.slug}
                  maxLength={60}
                  aria-describedby={errors.slug ? 'f-slug-hint f-slug-error' : 'f-slug-hint'}
                  aria-invalid={errors.slug ? 'true' : undefined}
                  onInput={(e) => {
                    const slug = e.currentTarget.value;
                    change((d) => ({ ...d, slug }), 'slug');
                  }}
                />
                <span class="hint" id="f-slug-hint">
                  {props.published ? 'Live at' : 'Not published yet; it will be at'} /p/
                  <strong>{present.slug.trim().toLowerCase()}</strong>
                </span>
                {errors.slug && (
                  <span class="field-error" id="f-slug-error">
                    {errors.slug}
                  </span>
                )}
              </div>
            </div>
            {groups.map((group, i) => {
              const index = i - 2;
              const block = index >= 0 ? doc.blocks[index] : undefined;
              return (
                <EditorSection
                  key={group.id}
                  group={group}
                  open={open.has(group.id) || group.fields.some((f) => errors[f.path])}
                  onToggle={(nowOpen) => {
                    setOpen((s) => {
                      const next = new Set(s);
                      if (nowOpen) next.add(group.id);
                      else next.delete(group.id);
                      return next;
                    });
                    if (nowOpen && block) {
                      setFocusBlock(block.id);
                      setSelected(block.id);
                    }
                  }}
                  errors={errors}
                  onEdit={(path, raw, typing) =>
                    changeDoc(
                      (d) => applyFieldEdit(d, catalog, path, raw, kept),
                      typing ? path : undefined,
                    )
                  }
                  onList={(verb, path, extra) => {
                    changeDoc((d) => applyListAction(d, catalog, verb, path, extra));
                    setAnnounce(LIST_ANNOUNCEMENTS[verb]);
                  }}
                  blockIndex={block ? index : undefined}
                  hidden={block?.hidden}
                  arrange={
                    block && !props.readOnly
                      ? {
                          id: block.id,
                          index,
                          count: doc.blocks.length,
                          hidden: Boolean(block.hidden),
                          onAction: (verb) => blockAction(verb, index),
                          handle: drag.handle(index),
                        }
                      : undefined
                  }
                  dragClass={block ? drag.classFor(index) : ''}
                  dropTarget={block && !props.readOnly ? drag.target(index) : undefined}
                >
                  {group.id === 'theme' && (
                    <div class="palette-row" role="group" aria-label="Palette presets">
                      {Object.entries(catalog.palettes).map(([name, colours]) => (
                        <button
                          class="btn btn-small palette"
                          type="button"
                          style={`--swatch:${colours.primary};--swatch-bg:${colours.surface}`}
                          onClick={() => applyPalette(colours)}
                        >
                          {name}
                        </button>
                      ))}
                    </div>
                  )}
                </EditorSection>
              );
            })}
            {!props.readOnly && (
              <BlockPicker
                blocks={catalog.blocks}
                request={insert}
                after={after}
                onPick={addFromLibrary}
                onClose={() => setInsert(null)}
              />
            )}
            {!props.readOnly && (
              <PublishBar
                action={`/admin/pages/${pageId}/edit`}
                csrf={props.csrf}
                revision={props.revision}
                published={props.published}
                saveFirst={saveBeforePublishing}
              />
            )}
          </fieldset>
          <PreviewPanel
            src={`/admin/pages/${pageId}/preview`}
            doc={doc}
            csrf={props.csrf}
            onPage={props.readOnly ? null : onPage}
            focusBlock={focusBlock}
          >
            <div class="btn-row" hidden={props.readOnly}>
              <button
                class="btn btn-small"
                type="button"
                disabled={!canUndo}
                onClick={() => step('undo')}
              >
                Undo
              </button>
              <button
                class="btn btn-small"
                type="button"
                disabled={!canRedo}
                onClick={() => step('redo')}
              >
                Redo
              </button>
              <FindReplace replace={replaceAll} />
              <button
                class="btn btn-small"
                type="button"
                aria-pressed={canvas}
                onClick={() => {
                  setCanvas(!canvas);
                  setDrawer(false);
                }}
              >
                Large canvas
              </button>
              {canvas && (
                <button
                  class="btn btn-small"
                  type="button"
                  aria-pressed={drawer}
                  aria-controls="editor-fields"
                  onClick={() => setDrawer(!drawer)}
                >
                  {drawer ? 'Hide fields' : 'Show fields'}
                </button>
              )}
            </div>
            <p
              class="save-state"
              data-save-state
              data-kind={save.kind === 'saved' ? 'saved' : 'message' in save ? 'error' : 'pending'}
              role="status"
              aria-live="polite"
            >
              {stateText}
            </p>
          </PreviewPanel>
          <p class="visually-hidden" aria-live="polite">
            {announce}
          </p>
        </div>
      </ImageLibrary.Provider>
    </ReadOnly.Provider>
  );
}
