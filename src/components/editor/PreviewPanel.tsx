import { useEffect, useRef, useState } from 'preact/hooks';
import type { PageDocumentInput } from '../../domain/landing-pages/document';
import { attachOnPageEditing, swapRender, type OnPageHooks } from './on-page';

const WIDTHS = [
  { width: 1280, label: 'Desktop' },
  { width: 768, label: 'Tablet' },
  { width: 360, label: 'Phone' },
] as const;

/** How long typing may pause before the draft is drawn again: a key, not a sentence. */
const DRAW_AFTER_MS = 25;

/**
 * The draft drawn by the public renderer in a frame at a device width, scaled to fit the
 * panel, and the surface of editing on the page (for those who may edit). It follows every
 * change as it is typed: the draft as it stands is posted to the preview route and its
 * render swapped into the frame, without a reload and without waiting for the save.
 */
export function PreviewPanel(props: {
  src: string;
  doc: PageDocumentInput;
  csrf: string;
  /** Set for editors: hover, select and edit text on the page itself. */
  onPage: Omit<OnPageHooks, 'editing'> | null;
  focusBlock: string | null;
  children: preact.ComponentChildren;
}) {
  const [width, setWidth] = useState<number>(1280);
  const frame = useRef<HTMLIFrameElement>(null);
  const viewport = useRef<HTMLDivElement>(null);
  const first = useRef(true);
  const hooks = useRef(props.onPage);
  hooks.current = props.onPage;
  const detach = useRef<(() => void) | null>(null);
  const inPlace = useRef(false);
  const selected = useRef<string | null>(null);
  const draw = useRef<{ timer?: ReturnType<typeof setTimeout>; sent: number; shown: number }>({
    sent: 0,
    shown: 0,
  });

  useEffect(() => {
    const fit = () => {
      const f = frame.current;
      const v = viewport.current;
      if (!f || !v) return;
      const scale = Math.min(1, v.clientWidth / width);
      f.style.width = `${width}px`;
      f.style.height = `${Math.round(v.clientHeight / scale)}px`;
      f.style.transform = `scale(${scale})`;
    };
    fit();
    const observer = new ResizeObserver(fit);
    if (viewport.current) observer.observe(viewport.current);
    return () => observer.disconnect();
  }, [width]);

  /** The editing layer, on the frame's current document (after a load or a swap). */
  const attach = () => {
    detach.current?.();
    detach.current = null;
    const doc = frame.current?.contentDocument;
    const on = hooks.current;
    if (!doc?.body || !on) return;
    detach.current = attachOnPageEditing(
      doc,
      {
        label: (type) => on.label(type),
        texts: (id) => hooks.current?.texts(id) ?? [],
        select: (id) => {
          selected.current = id;
          hooks.current?.select(id);
        },
        edit: (path, text) => hooks.current?.edit(path, text),
        move: (from, to) => hooks.current?.move(from, to),
        insertBefore: (id) => hooks.current?.insertBefore(id),
        editing: (active) => {
          inPlace.current = active;
          if (!active) redraw(); // what was typed in place, drawn as the page draws it
        },
      },
      selected.current,
    );
  };

  const redraw = () => {
    const d = draw.current;
    clearTimeout(d.timer);
    d.timer = setTimeout(() => {
      // The text being typed on the page is already there: redrawing would lose the caret.
      if (inPlace.current) return;
      const n = ++d.sent;
      void fetch(props.src, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': props.csrf },
        body: JSON.stringify({ document: latest.current }),
      })
        .then(async (res) => (res.ok ? res.text() : null))
        .then((html) => {
          const doc = frame.current?.contentDocument;
          // An older answer arriving after a newer one is dropped; a refused draft keeps
          // the last good drawing.
          if (html === null || n < d.shown || !doc?.body || inPlace.current) return;
          d.shown = n;
          swapRender(doc, html);
          attach();
          frame.current?.dispatchEvent(new CustomEvent('kindling:drawn'));
        })
        .catch(() => undefined);
    }, DRAW_AFTER_MS);
  };
  // The frame may finish loading before this island hydrates, its load event unseen.
  useEffect(() => {
    const doc = frame.current?.contentDocument;
    if (doc?.readyState === 'complete' && doc.location.href !== 'about:blank') attach();
    return () => detach.current?.();
  }, []);
  const latest = useRef(props.doc);
  latest.current = props.doc;
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    redraw();
  }, [props.doc]);

  const follow = () => {
    if (!props.focusBlock) return;
    frame.current?.contentDocument
      ?.querySelector(`[data-block-id="${CSS.escape(props.focusBlock)}"]`)
      ?.scrollIntoView({ block: 'start' });
  };
  useEffect(follow, [props.focusBlock]);

  return (
    <aside class="card preview-panel" aria-label="Live preview of the draft">
      <div class="preview-bar">
        <div class="btn-row" role="group" aria-label="Preview width">
          {WIDTHS.map((w) => (
            <button
              class="btn btn-small"
              type="button"
              aria-pressed={w.width === width}
              onClick={() => setWidth(w.width)}
            >
              {w.label}
            </button>
          ))}
        </div>
        {props.children}
      </div>
      <div class="preview-viewport" ref={viewport}>
        <iframe
          ref={frame}
          title="Preview of the draft"
          src={props.src}
          width={1280}
          height={1600}
          onLoad={() => {
            attach();
            follow();
          }}
        />
      </div>
    </aside>
  );
}
