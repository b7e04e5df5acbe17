import { useEffect, useRef, useState } from 'preact/hooks';
import type { BlockEntry } from '../../domain/editor/editor-catalog';

/** Where an insert point on the page asked for the new block: before the block named. */
export type InsertRequest = { before: number; label: string } | null;

/**
 * "Add a block": the library as cards, each saying what the block is for. An insert point
 * on the page opens it for its place, its first card focused.
 */
export function BlockPicker(props: {
  blocks: BlockEntry[];
  request: InsertRequest;
  /** The block selected last: without an insert point, the new block goes after it. */
  after: { index: number; label: string } | null;
  onPick: (entry: BlockEntry) => void;
  onClose: () => void;
}) {
  const [shown, setOpen] = useState(false);
  const open = shown || props.request !== null;
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!props.request) return;
    section.current?.scrollIntoView({ block: 'nearest' });
    section.current?.querySelector<HTMLButtonElement>('.block-card')?.focus();
  }, [props.request]);
  const close = () => {
    setOpen(false);
    props.onClose();
  };
  return (
    <section class="card add-block" aria-labelledby="add-block-title" ref={section}>
      <div class="add-block-head">
        <div>
          <h2 id="add-block-title" class="label">
            Add a block
          </h2>
          <p class="hint">
            {props.request
              ? `It is added before “${props.request.label}”, with sample content to replace.`
              : props.after
                ? `It is added after “${props.after.label}”, the block you selected, with sample content to replace.`
                : 'It is added before the footer, with sample content to replace.'}
          </p>
        </div>
        <button
          class="btn btn-small"
          type="button"
          aria-expanded={open}
          aria-controls="block-library"
          onClick={() => (open ? close() : setOpen(true))}
        >
          {open ? 'Close the library' : '+ Add a block'}
        </button>
      </div>
      {open && (
        <ul
          id="block-library"
          class="block-library"
          onKeyDown={(e) => {
            if (e.key === 'Escape') close();
          }}
        >
          {props.blocks.map((entry) => (
            <li>
              <button
                class="block-card"
                type="button"
                onClick={() => {
                  props.onPick(entry);
                  close();
                }}
              >
                <strong>{entry.label}</strong>
                <span>{entry.description}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
