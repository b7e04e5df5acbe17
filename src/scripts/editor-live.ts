/**
 * The page editor, live: what is typed is saved as the draft a moment later (with a visible
 * saved state), the preview beside the form redraws from the saved draft through the same
 * renderer as the public page, at desktop, tablet or phone width. A save refused because
 * another tab changed the page says so and keeps everything typed in the form. Without
 * JavaScript the form still saves and publishes with its buttons.
 */
export {}; // a module: its names stay its own

const form = document.querySelector<HTMLFormElement>('form[data-editor]');
const frame = document.querySelector<HTMLIFrameElement>('iframe[data-preview]');
const viewport = document.querySelector<HTMLElement>('[data-preview-viewport]');
const state = document.querySelector<HTMLElement>('[data-save-state]');
const SAVE_AFTER_MS = 700;

function setState(text: string, kind: 'saved' | 'pending' | 'error' = 'pending'): void {
  if (!state) return;
  state.textContent = text;
  state.dataset.kind = kind;
}

/** Draws the preview at a device width, scaled down to fit the panel when it is wider. */
function fit(width: number): void {
  if (!frame || !viewport) return;
  const scale = Math.min(1, viewport.clientWidth / width);
  frame.style.width = `${width}px`;
  frame.style.height = `${Math.round(viewport.clientHeight / scale)}px`;
  frame.style.transform = `scale(${scale})`;
}
let width = 1280;
document.querySelectorAll<HTMLButtonElement>('[data-preview-width]').forEach((button) => {
  button.addEventListener('click', () => {
    width = Number(button.dataset.previewWidth);
    document
      .querySelectorAll('[data-preview-width]')
      .forEach((b) => b.setAttribute('aria-pressed', String(b === button)));
    fit(width);
  });
});
if (viewport) new ResizeObserver(() => fit(width)).observe(viewport);

/** Field errors from the server, shown beside the inputs they belong to. */
function showErrors(fields: Record<string, string>): void {
  form!.querySelectorAll('[data-live-error]').forEach((el) => el.remove());
  form!
    .querySelectorAll('[aria-invalid="true"]')
    .forEach((el) => el.removeAttribute('aria-invalid'));
  for (const [path, message] of Object.entries(fields)) {
    const input = form!.querySelector<HTMLElement>(
      `[name="doc.${CSS.escape(path)}"], [name="${CSS.escape(path)}"]`,
    );
    if (!input) continue;
    input.setAttribute('aria-invalid', 'true');
    const note = document.createElement('span');
    note.className = 'field-error';
    note.dataset.liveError = '';
    note.textContent = message;
    input.closest('.field')?.append(note);
  }
}

if (form) {
  const pageId = form.dataset.editor!;
  const revision = form.querySelector<HTMLInputElement>('input[name=revision]')!;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let saving: Promise<void> | null = null;
  let stopped = false;

  const save = async (): Promise<void> => {
    const body = new URLSearchParams();
    for (const [key, value] of new FormData(form))
      if (typeof value === 'string') body.append(key, value);
    body.set('_action', 'save');
    setState('Saving…');
    let res: Response;
    try {
      res = await fetch(`/api/admin/pages/${pageId}/draft`, { method: 'POST', body });
    } catch {
      setState(
        'Offline: not saved yet. Your edits stay here; we retry when you type again.',
        'error',
      );
      return;
    }
    const json = (await res.json().catch(() => ({}))) as {
      revision?: number;
      error?: { message?: string; fields?: Record<string, string> };
    };
    if (res.ok && json.revision !== undefined) {
      revision.value = String(json.revision);
      showErrors({});
      setState('All changes saved', 'saved');
      frame?.contentWindow?.location.reload();
      return;
    }
    if (res.status === 409) stopped = true;
    showErrors(json.error?.fields ?? {});
    setState(`Not saved: ${json.error?.message ?? 'something went wrong.'}`, 'error');
  };
  const schedule = (): void => {
    if (stopped) return;
    clearTimeout(timer);
    setState('Unsaved changes…');
    timer = setTimeout(() => {
      saving = (saving ?? Promise.resolve()).then(save).finally(() => (saving = null));
    }, SAVE_AFTER_MS);
  };
  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);
  // A button (publish, add, move…) posts the whole form: after any save under way, so it
  // carries the latest revision.
  form.addEventListener('submit', (event) => {
    clearTimeout(timer);
    if (!saving) return;
    event.preventDefault();
    const submitter = event.submitter as HTMLButtonElement | null;
    void saving.then(() => form.requestSubmit(submitter));
  });
}

/**
 * Sections are dragged by their handle and dropped on another section; the move is posted
 * with the rest of the form (Move up / Move down do the same from the keyboard).
 */
if (form) {
  let from: string | null = null;
  const sections = [...form.querySelectorAll<HTMLElement>('[data-block-index]')];
  form.querySelectorAll<HTMLElement>('[data-drag-block]').forEach((handle) => {
    handle.addEventListener('dragstart', (event) => {
      from = handle.dataset.dragBlock!;
      event.dataTransfer?.setData('text/plain', from);
      handle.closest('details')?.classList.add('dragging');
    });
    handle.addEventListener('dragend', () => {
      sections.forEach((s) => s.classList.remove('dragging', 'drop-target'));
    });
  });
  for (const section of sections) {
    section.addEventListener('dragover', (event) => {
      if (from === null || section.dataset.blockIndex === from) return;
      event.preventDefault();
      section.classList.add('drop-target');
    });
    section.addEventListener('dragleave', () => section.classList.remove('drop-target'));
    section.addEventListener('drop', (event) => {
      event.preventDefault();
      const to = section.dataset.blockIndex;
      if (from === null || to === undefined || to === from) return;
      const move = document.createElement('button');
      move.type = 'submit';
      move.name = '_action';
      move.value = `block:move:${from}:${to}`;
      move.hidden = true;
      form.append(move);
      form.requestSubmit(move);
    });
  }
}

/**
 * Undo and redo over what was typed (the page's fields as they were after each pause); the
 * restored values are saved like any edit. Inside a text field the browser's own undo
 * applies; elsewhere Ctrl/⌘+Z and Ctrl/⌘+Shift+Z (or Ctrl+Y) step through the page.
 */
if (form) {
  type Snapshot = Map<string, string>;
  const fields = () =>
    [...form.elements].filter(
      (el): el is HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement =>
        (el instanceof HTMLInputElement ||
          el instanceof HTMLTextAreaElement ||
          el instanceof HTMLSelectElement) &&
        (el.name.startsWith('doc.') || el.name === 'title' || el.name === 'slug') &&
        el.type !== 'hidden',
    );
  const snapshot = (): Snapshot =>
    new Map(
      fields().map((el) => [
        el.name,
        el instanceof HTMLInputElement && el.type === 'checkbox' ? String(el.checked) : el.value,
      ]),
    );
  const same = (a: Snapshot, b: Snapshot) =>
    a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
  const history: Snapshot[] = [snapshot()];
  let at = 0;
  const undo = document.querySelector<HTMLButtonElement>('[data-undo]');
  const redo = document.querySelector<HTMLButtonElement>('[data-redo]');
  const refresh = () => {
    if (undo) undo.disabled = at === 0;
    if (redo) redo.disabled = at === history.length - 1;
  };
  let pause: ReturnType<typeof setTimeout> | undefined;
  form.addEventListener('input', (event) => {
    if (!event.isTrusted) return;
    clearTimeout(pause);
    pause = setTimeout(() => {
      const now = snapshot();
      if (same(now, history[at]!)) return;
      history.splice(at + 1, Infinity, now);
      at = history.length - 1;
      refresh();
    }, 400);
  });
  const go = (step: number) => {
    const target = history[at + step];
    if (!target) return;
    at += step;
    for (const el of fields()) {
      const value = target.get(el.name);
      if (value === undefined) continue;
      if (el instanceof HTMLInputElement && el.type === 'checkbox') el.checked = value === 'true';
      else el.value = value;
    }
    form.dispatchEvent(new Event('change'));
    refresh();
  };
  // Edits made by the editor's own buttons (rich-text tools) are steps too.
  form.addEventListener('k:edited', () => {
    history.splice(at + 1, Infinity, snapshot());
    at = history.length - 1;
    refresh();
  });
  // A palette preset fills the four colour fields at once: one step to undo.
  form.querySelectorAll<HTMLButtonElement>('[data-palette]').forEach((button) => {
    button.addEventListener('click', () => {
      const colours = JSON.parse(button.dataset.palette!) as Record<string, string>;
      for (const [key, value] of Object.entries(colours)) {
        const input = form.querySelector<HTMLInputElement>(`[name="doc.theme.${key}"]`);
        if (input) input.value = value;
      }
      history.splice(at + 1, Infinity, snapshot());
      at = history.length - 1;
      refresh();
      form.dispatchEvent(new Event('change'));
    });
  });
  undo?.addEventListener('click', () => go(-1));
  redo?.addEventListener('click', () => go(1));
  document.addEventListener('keydown', (event) => {
    const typing = (event.target as HTMLElement).closest('input, textarea, select');
    if (typing || !(event.ctrlKey || event.metaKey)) return;
    const key = event.key.toLowerCase();
    if (key === 'z' || key === 'y') {
      event.preventDefault();
      go(key === 'y' || event.shiftKey ? 1 : -1);
    }
  });
  refresh();
}
