import { useState } from 'preact/hooks';
import type { BlockEntry } from '../../domain/landing-pages/editor-catalog';

/** "Add a block": the library as cards, each saying what the block is for. */
export function BlockPicker(props: { blocks: BlockEntry[]; onPick: (entry: BlockEntry) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <section class="card add-block" aria-labelledby="add-block-title">
      <div class="add-block-head">
        <div>
          <h2 id="add-block-title" class="label">
            Add a block
          </h2>
          <p class="hint">It is added before the footer, with sample content to replace.</p>
        </div>
        <button
          class="btn btn-small"
          type="button"
          aria-expanded={open}
          aria-controls="block-library"
          onClick={() => setOpen(!open)}
        >
          {open ? 'Close the library' : '+ Add a block'}
        </button>
      </div>
      {open && (
        <ul
          id="block-library"
          class="block-library"
          onKeyDown={(e) => {
            if (e.key === 'Escape') setOpen(false);
          }}
        >
          {props.blocks.map((entry) => (
            <li>
              <button
                class="block-card"
                type="button"
                onClick={() => {
                  setOpen(false);
                  props.onPick(entry);
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
