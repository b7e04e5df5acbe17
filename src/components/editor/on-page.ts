/*
 * Editing on the page itself, inside the preview frame (same origin, admin only: none of it
 * reaches a published page). Hovering outlines a block and names it; a click selects it;
 * a click on a text the block's fields hold (a headline, a paragraph, a button, a list
 * item, the paragraphs of rich text) makes that text editable in place, and each key goes
 * through the same edit as the field beside the page — the same checks, undo and autosave.
 */

/**
 * A block's texts, as the editor's fields hold them: plain text, or (rich) the small safe
 * HTML the Rich text block keeps, which the field's schema sanitizes on every edit.
 */
export type TextField = { path: string; value: string; multiline: boolean; rich?: boolean };

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

/** HTML as this document writes it, so a stored value and its drawing compare equal. */
function serialized(doc: Document, html: string): string {
  const inert = doc.createElement('template');
  inert.innerHTML = html;
  return normal(inert.innerHTML).replace(/> </g, '><');
}

/**
 * The deepest element, from the click up to its block, whose whole text is one of the
 * block's plain fields, or whose whole content is a rich one: that field is what the
 * person meant to change. (A paragraph of rich text is not the field; the body holding
 * all of them is.)
 */
function textUnder(target: Element, block: Element, fields: TextField[]) {
  const doc = block.ownerDocument;
  const rich = fields.filter((f) => f.rich).map((f) => ({ f, html: serialized(doc, f.value) }));
  for (let el: Element | null = target; el && el !== block.parentElement; el = el.parentElement) {
    const text = normal(el.textContent ?? '');
    if (!text) continue;
    const plain = fields.find((f) => !f.rich && normal(f.value) === text);
    if (plain) return { el: el as HTMLElement, field: plain };
    const html = rich.length ? serialized(doc, el.innerHTML) : '';
    const formatted = rich.find((r) => r.html === html);
    if (formatted) return { el: el as HTMLElement, field: formatted.f };
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
  const added: Element[] = [];
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
    added.push(handle);
    if (i > 0) {
      const insert = doc.createElement('button');
      insert.type = 'button';
      insert.className = 'k-ed-insert';
      insert.textContent = '+ Add a block';
      insert.dataset.kInsert = block.dataset.blockId;
      block.prepend(insert);
      added.push(insert);
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
    el.setAttribute('contenteditable', field.rich ? 'true' : 'plaintext-only');
    el.setAttribute('aria-label', `Edit ${hooks.label(block.dataset.block ?? '')} text`);
    if (field.rich) {
      el.setAttribute('aria-multiline', 'true');
      el.title = 'Ctrl+B bold, Ctrl+I italic, Enter a new paragraph, Escape to finish';
      doc.execCommand('defaultParagraphSeparator', false, 'p');
    }
    el.focus();
    if (field.rich) {
      // The caret goes where the click was: rich text is a few paragraphs, not one line.
      const at = doc.caretRangeFromPoint?.(event.clientX, event.clientY);
      if (at) doc.getSelection()?.removeAllRanges();
      if (at) doc.getSelection()?.addRange(at);
    } else {
      // The whole text selected, as in the field beside the page: typing replaces it.
      doc.getSelection()?.selectAllChildren(el);
    }
    const typed = () => hooks.edit(field.path, field.rich ? el.innerHTML : (el.textContent ?? ''));
    const keys = (e: KeyboardEvent) => {
      if (e.key === 'Escape' || (e.key === 'Enter' && !field.multiline && !e.shiftKey)) {
        e.preventDefault();
        el.blur();
      }
    };
    // Pasted formatting stays behind, as in the rich-text field beside the page.
    const paste = (e: ClipboardEvent) => {
      e.preventDefault();
      doc.execCommand('insertText', false, e.clipboardData?.getData('text/plain') ?? '');
    };
    el.addEventListener('input', typed);
    el.addEventListener('keydown', keys);
    el.addEventListener('paste', paste);
    el.addEventListener(
      'blur',
      () => {
        el.removeEventListener('input', typed);
        el.removeEventListener('keydown', keys);
        el.removeEventListener('paste', paste);
        el.removeAttribute('aria-multiline');
        el.removeAttribute('title');
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
  // Detaching takes the handles away too, so attaching twice (the frame's load seen both
  // before and after the editor hydrated) leaves one of each.
  return () => {
    for (const el of added) el.remove();
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
