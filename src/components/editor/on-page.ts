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
};

const EDITING_CSS = `
[data-k-hover]{outline:2px solid #6366f1;outline-offset:-2px;position:relative}
[data-k-hover]::before{content:attr(data-k-label);position:absolute;top:0;left:0;z-index:50;
  font:600 18px/1 system-ui,sans-serif;background:#6366f1;color:#fff;padding:4px 8px;border-radius:0 0 6px 0;pointer-events:none}
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

/** Puts the editing layer into the frame's document; call again after each redraw. */
export function attachOnPageEditing(doc: Document, hooks: OnPageHooks): () => void {
  if (!doc.querySelector('style[data-k-editing-css]')) {
    const style = doc.createElement('style');
    style.dataset.kEditingCss = '';
    style.textContent = EDITING_CSS;
    doc.head.append(style);
  }
  for (const block of doc.querySelectorAll<HTMLElement>('[data-block-id]'))
    block.dataset.kLabel = hooks.label(block.dataset.block ?? '');

  let hovered: HTMLElement | null = null;
  let editing: HTMLElement | null = null;
  const blockOf = (node: EventTarget | null) =>
    node instanceof doc.defaultView!.Element ? node.closest<HTMLElement>('[data-block-id]') : null;

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
  return () => {
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
