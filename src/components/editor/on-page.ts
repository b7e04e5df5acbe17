/*
 * Editing on the page itself, inside the preview frame (same origin, admin only: none of it
 * reaches a published page). Hovering outlines a block and names it; a click selects it;
 * a click on a text the block's fields hold (a headline, a paragraph, a button, a list
 * item) makes that text editable in place, and each key goes through the same edit as the
 * field beside the page — the same checks, undo and autosave.
 */

/** A block's plain texts, as the editor's fields hold them. */
export type TextField = { path: string; value: string; multiline: boolean };

export type OnPageHooks = {
  /** The block's name in the library ("Hero", "Form"), by its type. */
  label: (type: string) => string;
  /** The texts a block's fields hold, to find which one a click landed on. */
  texts: (blockId: string) => TextField[];
  select: (blockId: string) => void;
  edit: (path: string, text: string) => void;
  /** Editing in place started (true) or ended: the frame is not redrawn under the caret. */
  editing: (on: boolean) => void;
  /** A block dragged by its handle on the page and dropped on another. */
  move: (fromId: string, toId: string) => void;
  /** The insert point above a block: add one from the library here. */
  insertBefore: (blockId: string) => void;
};

const EDITING_CSS = `
[data-block-id]{position:relative}
[data-k-hover]{outline:2px solid #6366f1;outline-offset:-2px}
.k-ed-handle,.k-ed-insert{position:absolute;z-index:50;display:none;border:0;cursor:grab;
  font:600 18px/1 system-ui,sans-serif;background:#6366f1;color:#fff;padding:6px 10px}
.k-ed-handle{top:0;left:0;border-radius:0 0 8px 0}
.k-ed-insert{top:0;left:50%;transform:translate(-50%,-50%);border-radius:999px;cursor:pointer;padding:6px 14px}
[data-k-hover]>.k-ed-handle,[data-k-hover]>.k-ed-insert,[data-k-selected]>.k-ed-handle,
.k-ed-insert:focus{display:block}
[data-k-drop]{box-shadow:inset 0 4px 0 #4338ca}
[data-k-selected]{outline:2px solid #4338ca;outline-offset:-2px}
[data-k-editing]{outline:2px dashed #4338ca !important;outline-offset:4px;cursor:text}
[data-block-id] :is(h1,h2,h3,p,li,a,button,span,strong,blockquote,figcaption,dt,dd):hover{cursor:text}
`;

const normal = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * The deepest element, from the click up to its block, whose whole text is one of the
 * block's fields: that field is what the person meant to change.
 */
function textUnder(target: Element, block: Element, fields: TextField[]) {
  for (let el: Element | null = target; el && el !== block.parentElement; el = el.parentElement) {
    const text = normal(el.textContent ?? '');
    if (!text) continue;
    const field = fields.find((f) => normal(f.value) === text);
    if (field) return { el: el as HTMLElement, field };
    if (el === block) break;
  }
  return null;
}

/**
 * Puts the editing layer into the frame's document; call again after each redraw, with
 * the block selected before it, which stays selected.
 */
export function attachOnPageEditing(
  doc: Document,
  hooks: OnPageHooks,
  selected: string | null = null,
): () => void {
  if (!doc.querySelector('style[data-k-editing-css]')) {
    const style = doc.createElement('style');
    style.dataset.kEditingCss = '';
    style.textContent = EDITING_CSS;
    doc.head.append(style);
  }
  const blocks = [...doc.querySelectorAll<HTMLElement>('[data-block-id]')];
  for (const [i, block] of blocks.entries()) {
    if (block.dataset.blockId === selected) block.setAttribute('data-k-selected', '');
    const name = hooks.label(block.dataset.block ?? '');
    block.dataset.kLabel = name;
    // A handle to drag the block by, and (above every block but the first) an insert point.
    // Not a button: Chromium starts no drag from a form control. The keyboard's way to move
    // a block is its Move up / Move down beside the page.
    const handle = doc.createElement('div');
    handle.className = 'k-ed-handle';
    handle.draggable = true;
    handle.textContent = `⠿ ${name}`;
    handle.title = 'Drag to move (or use Move up and Move down beside the page)';
    block.prepend(handle);
    if (i > 0) {
      const insert = doc.createElement('button');
      insert.type = 'button';
      insert.className = 'k-ed-insert';
      insert.textContent = '+ Add a block';
      insert.dataset.kInsert = block.dataset.blockId;
      block.prepend(insert);
    }
  }

  let hovered: HTMLElement | null = null;
  let editing: HTMLElement | null = null;
  const blockOf = (node: EventTarget | null) =>
    node instanceof doc.defaultView!.Element ? node.closest<HTMLElement>('[data-block-id]') : null;

  let dragged: string | null = null;
  const clearDrop = () =>
    doc.querySelectorAll('[data-k-drop]').forEach((b) => b.removeAttribute('data-k-drop'));
  const dragStart = (event: DragEvent) => {
    const handle = (event.target as Element).closest?.('.k-ed-handle');
    if (!handle) return;
    dragged = blockOf(handle)?.dataset.blockId ?? null;
    event.dataTransfer?.setData('text/plain', dragged ?? '');
  };
  const dragOver = (event: DragEvent) => {
    const block = blockOf(event.target);
    if (!dragged || !block) return;
    event.preventDefault();
    if (!block.hasAttribute('data-k-drop')) {
      clearDrop();
      block.setAttribute('data-k-drop', '');
    }
  };
  const drop = (event: DragEvent) => {
    const block = blockOf(event.target);
    const from = dragged;
    dragged = null;
    clearDrop();
    if (!from || !block) return;
    event.preventDefault();
    hooks.move(from, block.dataset.blockId!);
  };
  const dragEnd = () => {
    dragged = null;
    clearDrop();
  };

  const over = (event: Event) => {
    const block = blockOf(event.target);
    if (block === hovered) return;
    hovered?.removeAttribute('data-k-hover');
    hovered = block;
    block?.setAttribute('data-k-hover', '');
  };
  const finish = () => {
    if (!editing) return;
    editing.removeAttribute('contenteditable');
    editing.removeAttribute('data-k-editing');
    editing = null;
    hooks.editing(false);
  };
  const click = (event: MouseEvent) => {
    const block = blockOf(event.target);
    if (!block || (editing && editing.contains(event.target as Node))) return;
    const insert = (event.target as Element).closest?.<HTMLElement>('.k-ed-insert');
    if (insert) {
      event.preventDefault();
      hooks.insertBefore(insert.dataset.kInsert!);
      return;
    }
    if ((event.target as Element).closest?.('.k-ed-handle')) return;
    // Links and buttons on the page select and edit; they do not navigate or submit here.
    event.preventDefault();
    finish();
    for (const b of doc.querySelectorAll('[data-k-selected]')) b.removeAttribute('data-k-selected');
    block.setAttribute('data-k-selected', '');
    hooks.select(block.dataset.blockId!);
    const found = textUnder(event.target as Element, block, hooks.texts(block.dataset.blockId!));
    if (!found) return;
    const { el, field } = found;
    editing = el;
    hooks.editing(true);
    el.setAttribute('data-k-editing', '');
    el.setAttribute('contenteditable', 'plaintext-only');
    el.setAttribute('aria-label', `Edit ${hooks.label(block.dataset.block ?? '')} text`);
    el.focus();
    // The whole text selected, as in the field beside the page: typing replaces it.
    doc.getSelection()?.selectAllChildren(el);
    const typed = () => hooks.edit(field.path, el.textContent ?? '');
    const keys = (e: KeyboardEvent) => {
      if (e.key === 'Escape' || (e.key === 'Enter' && !field.multiline && !e.shiftKey)) {
        e.preventDefault();
        el.blur();
      }
    };
    el.addEventListener('input', typed);
    el.addEventListener('keydown', keys);
    el.addEventListener(
      'blur',
      () => {
        el.removeEventListener('input', typed);
        el.removeEventListener('keydown', keys);
        finish();
      },
      { once: true },
    );
  };
  const submit = (event: Event) => event.preventDefault();
  doc.addEventListener('mouseover', over);
  doc.addEventListener('click', click, true);
  doc.addEventListener('submit', submit, true);
  doc.addEventListener('dragstart', dragStart);
  doc.addEventListener('dragover', dragOver);
  doc.addEventListener('drop', drop);
  doc.addEventListener('dragend', dragEnd);
  return () => {
    doc.removeEventListener('dragstart', dragStart);
    doc.removeEventListener('dragover', dragOver);
    doc.removeEventListener('drop', drop);
    doc.removeEventListener('dragend', dragEnd);
    doc.removeEventListener('mouseover', over);
    doc.removeEventListener('click', click, true);
    doc.removeEventListener('submit', submit, true);
  };
}

/**
 * Draws a render of the draft into the frame without reloading it: the theme's styles and
 * the body are swapped, and the reader stays where they were on the page.
 */
export function swapRender(doc: Document, html: string): void {
  const next = new DOMParser().parseFromString(html, 'text/html');
  const win = doc.defaultView;
  const y = win?.scrollY ?? 0;
  for (const old of doc.head.querySelectorAll('style:not([data-k-editing-css])')) old.remove();
  for (const style of next.head.querySelectorAll('style'))
    doc.head.append(doc.importNode(style, true));
  doc.body.replaceChildren(...[...next.body.childNodes].map((n) => doc.importNode(n, true)));
  win?.scrollTo(0, y);
}
