import { useEffect, useRef, useState } from 'preact/hooks';

const WIDTHS = [
  { width: 1280, label: 'Desktop' },
  { width: 768, label: 'Tablet' },
  { width: 360, label: 'Phone' },
] as const;

/**
 * The draft drawn by the public renderer in a frame at a device width, scaled to fit the
 * panel. It redraws after each save (`drawn` changes) and follows the block being edited.
 */
export function PreviewPanel(props: {
  src: string;
  drawn: number;
  focusBlock: string | null;
  children: preact.ComponentChildren;
}) {
  const [width, setWidth] = useState<number>(1280);
  const frame = useRef<HTMLIFrameElement>(null);
  const viewport = useRef<HTMLDivElement>(null);
  const first = useRef(true);

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

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    frame.current?.contentWindow?.location.reload();
  }, [props.drawn]);

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
          onLoad={follow}
        />
      </div>
    </aside>
  );
}
