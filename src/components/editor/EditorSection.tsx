import { BLOCK_VERBS, type BlockVerb } from '../../domain/editor/block-actions';
import type { FieldGroup } from '../../domain/editor/edit-form';
import type { FieldEdit } from './FieldInput';
import { FieldTree, type ListEdit } from './FieldTree';
import type { DragHandle, DropTarget } from './use-block-drag';

const BUTTONS: Record<BlockVerb, string> = {
  up: '↑ Move up',
  down: '↓ Move down',
  duplicate: 'Duplicate',
  hide: 'Hide',
  delete: 'Delete',
};

/** Where a block sits and how it may be arranged; absent for page settings and viewers. */
export type Arrangement = {
  id: string;
  index: number;
  count: number;
  hidden: boolean;
  onAction: (verb: BlockVerb) => void;
  handle: DragHandle;
};

/**
 * One section of the editor — Search & sharing, Theme, or a block — as a disclosure with its
 * generated fields; a block also gets its drag handle and toolbar.
 */
export function EditorSection(props: {
  group: FieldGroup;
  open: boolean;
  onToggle: (open: boolean) => void;
  errors: Record<string, string>;
  onEdit: FieldEdit;
  onList: ListEdit;
  /** A block's place on the page (set for every block, also for a viewer). */
  blockIndex?: number | undefined;
  hidden?: boolean | undefined;
  arrange?: Arrangement | undefined;
  /** The section's extra classes and drop handlers while blocks are dragged. */
  dragClass?: string;
  dropTarget?: DropTarget | undefined;
  children?: preact.ComponentChildren;
}) {
  const { group, arrange } = props;
  return (
    <details
      class={`block-editor${props.dragClass ?? ''}`}
      data-block-index={props.blockIndex}
      open={props.open}
      onToggle={(e) => {
        const open = (e.currentTarget as HTMLDetailsElement).open;
        if (open !== props.open) props.onToggle(open);
      }}
      {...props.dropTarget}
    >
      <summary id={`block-${group.id}-summary`}>
        {arrange && (
          <span
            class="drag-handle"
            data-drag-block={arrange.index}
            title="Drag to reorder (or use Move up / Move down)"
            aria-hidden="true"
            {...arrange.handle}
          />
        )}
        {group.title}
        {props.hidden && <span class="chip chip-draft">Hidden</span>}
      </summary>
      {arrange && (
        <div class="block-toolbar" role="group" aria-label={`${group.title}: arrange`}>
          {BLOCK_VERBS.map((verb) => {
            const label = verb === 'hide' && arrange.hidden ? 'Show' : BUTTONS[verb];
            return (
              <button
                id={`block-${arrange.id}-${verb}`}
                class={`btn btn-small${verb === 'delete' ? ' btn-danger' : ''}`}
                type="button"
                disabled={
                  (verb === 'up' && arrange.index === 0) ||
                  (verb === 'down' && arrange.index === arrange.count - 1)
                }
                aria-label={`${label}: ${group.title} (block ${arrange.index + 1})`}
                onClick={() => arrange.onAction(verb)}
              >
                {label}
              </button>
            );
          })}
        </div>
      )}
      {props.children}
      <div class="form">
        <FieldTree
          fields={group.fields}
          errors={props.errors}
          onEdit={props.onEdit}
          onList={props.onList}
        />
      </div>
    </details>
  );
}
