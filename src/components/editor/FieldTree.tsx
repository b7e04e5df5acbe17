import { useState } from 'preact/hooks';
import type {
  EditorField,
  ItemHead,
  ListHead,
  ScalarField,
} from '../../domain/editor/editor-fields';
import { FIELD_CARDS } from '../../domain/forms/field-controls';
import {
  isFormFieldList,
  type ListExtra,
  type ListVerb,
} from '../../domain/editor/edit-form';
import { FieldInput, inputId, type FieldEdit } from './FieldInput';
import { useBlockDrag, type DragHandle, type DropTarget } from './use-block-drag';

export type ListEdit = (verb: ListVerb, path: string, extra?: ListExtra) => void;

const indexOf = (path: string) => Number(path.slice(path.lastIndexOf('.') + 1));
const parentOf = (path: string) => path.slice(0, path.lastIndexOf('.'));

/**
 * Which item is open after an action: the one just added; the open one followed to its new
 * place when it or a sibling moves; none once it is removed.
 */
function openAfter(
  open: string | null,
  verb: ListVerb,
  path: string,
  extra: ListExtra,
  fields: EditorField[],
): string | null {
  if (verb === 'add') {
    const count = fields.filter((f) => f.kind === 'item' && parentOf(f.path) === path).length;
    return `${path}.${count}`;
  }
  if (!open || parentOf(open) !== parentOf(path)) return open;
  const at = indexOf(open);
  const from = indexOf(path);
  const to = { up: from - 1, down: from + 1, move: extra.to ?? from, remove: -1 }[verb];
  if (verb === 'remove') return at === from ? null : `${parentOf(path)}.${at > from ? at - 1 : at}`;
  const next =
    at === from ? to : from < at && at <= to ? at - 1 : to <= at && at < from ? at + 1 : at;
  return `${parentOf(path)}.${next}`;
}

/** A run of the generated fields, with each list item's own fields gathered under it. */
type Node =
  | { kind: 'field'; field: ScalarField | ListHead }
  | { kind: 'item'; head: ItemHead; children: EditorField[] };

/**
 * Groups the flat field list: an item owns the fields whose paths lie under its own. A
 * form's field cards come after its fields, where the next one will appear.
 */
function gather(fields: EditorField[]): Node[] {
  const nodes: Node[] = [];
  let cards: ListHead | null = null;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (cards && !(f.kind === 'item' && f.path.startsWith(`${cards.path}.`))) {
      nodes.push({ kind: 'field', field: cards });
      cards = null;
    }
    if (f.kind === 'list' && isFormFieldList(f.path)) {
      cards = f;
      continue;
    }
    if (f.kind !== 'item') {
      nodes.push({ kind: 'field', field: f });
      continue;
    }
    const children: EditorField[] = [];
    while (i + 1 < fields.length && fields[i + 1]!.path.startsWith(`${f.path}.`))
      children.push(fields[++i]!);
    nodes.push({ kind: 'item', head: f, children });
  }
  if (cards) nodes.push({ kind: 'field', field: cards });
  return nodes;
}

/** What a form field is, in words, for its heading ("Email", "Dropdown"). */
function kindOf(children: EditorField[], itemPath: string): string {
  const type = children.find((c) => c.path === `${itemPath}.type`);
  return type?.kind === 'scalar' ? (type.optionLabels?.[type.value] ?? type.value) : '';
}

/**
 * The generated fields of one editor section, with lists as compact lists: each item headed
 * by what it says (a field by its label), one open at a time, moved up and down with
 * buttons, and a form's "Add" offering the field types as cards.
 */
export function FieldTree(props: {
  fields: EditorField[];
  errors: Record<string, string>;
  onEdit: FieldEdit;
  onList: ListEdit;
}) {
  const [openItem, setOpenItem] = useState<string | null>(null);
  const list: ListEdit = (verb, path, extra = {}) => {
    props.onList(verb, path, extra);
    setOpenItem(openAfter(openItem, verb, path, extra, props.fields));
  };
  const nodes = gather(props.fields);
  // Items are dragged within their own list; the node index tells where each sits here.
  const listOf = (n: Node | undefined) =>
    n?.kind === 'item' ? n.head.path.slice(0, n.head.path.lastIndexOf('.')) : null;
  const drag = useBlockDrag((from, to) => {
    const a = nodes[from];
    const b = nodes[to];
    if (a?.kind !== 'item' || b?.kind !== 'item' || listOf(a) !== listOf(b)) return;
    list('move', a.head.path, { to: b.head.index });
  });
  return (
    <>
      {nodes.map((node, n) =>
        node.kind === 'field' ? (
          node.field.kind === 'list' ? (
            <ListHeadView key={node.field.path} head={node.field} onList={list} />
          ) : (
            <FieldInput
              key={node.field.path}
              field={node.field}
              error={props.errors[node.field.path]}
              onEdit={props.onEdit}
            />
          )
        ) : (
          <ItemView
            key={node.head.path}
            head={node.head}
            kind={kindOf(node.children, node.head.path)}
            folds={node.children.length > 0}
            open={openItem === node.head.path || node.children.some((c) => props.errors[c.path])}
            onToggle={() => setOpenItem(openItem === node.head.path ? null : node.head.path)}
            onList={list}
            dragClass={drag.classFor(n)}
            handle={drag.handle(n)}
            dropTarget={drag.target(n)}
          >
            <FieldTree
              fields={node.children}
              errors={props.errors}
              onEdit={props.onEdit}
              onList={props.onList}
            />
          </ItemView>
        ),
      )}
    </>
  );
}

function ListHeadView(props: { head: ListHead; onList: ListEdit }) {
  const { head, onList } = props;
  const id = inputId(head.path);
  if (isFormFieldList(head.path))
    return (
      <div class="editor-list-head editor-cards-head" id={id}>
        <span class="label" id={`${id}-cards`}>
          Add a field
        </span>
        {head.canAdd ? (
          <div class="field-cards" role="group" aria-labelledby={`${id}-cards`}>
            {FIELD_CARDS.map((card) => (
              <button
                class="field-card"
                type="button"
                onClick={() => onList('add', head.path, { cardType: card.type })}
              >
                <strong>{card.title}</strong>
                <span class="hint">{card.hint}</span>
              </button>
            ))}
          </div>
        ) : (
          <span class="hint">This form has as many fields as it can hold.</span>
        )}
      </div>
    );
  return (
    <div class="editor-list-head" id={id}>
      <span class="label">{head.label}</span>
      {head.canAdd && (
        <button class="btn btn-small" type="button" onClick={() => onList('add', head.path)}>
          + Add {head.itemLabel.toLowerCase()}
        </button>
      )}
    </div>
  );
}

/** The buttons that arrange one item: up, down, remove — the keyboard's way to reorder. */
function ItemButtons(props: { head: ItemHead; name: string; onList: ListEdit }) {
  const { head, name, onList } = props;
  return (
    <span class="item-buttons">
      <button
        class="btn btn-small btn-icon"
        type="button"
        disabled={head.index === 0}
        aria-label={`Move up: ${name}`}
        title="Move up"
        onClick={() => onList('up', head.path)}
      >
        ↑
      </button>
      <button
        class="btn btn-small btn-icon"
        type="button"
        disabled={head.index === head.count - 1}
        aria-label={`Move down: ${name}`}
        title="Move down"
        onClick={() => onList('down', head.path)}
      >
        ↓
      </button>
      {head.canRemove && (
        <button
          class="btn btn-small btn-danger"
          type="button"
          onClick={() => onList('remove', head.path)}
          aria-label={`Remove ${name}`}
        >
          Remove
        </button>
      )}
    </span>
  );
}

function ItemView(props: {
  head: ItemHead;
  kind: string;
  folds: boolean;
  open: boolean;
  onToggle: () => void;
  onList: ListEdit;
  dragClass: string;
  handle: DragHandle;
  dropTarget: DropTarget;
  children: preact.ComponentChildren;
}) {
  const { head } = props;
  const id = inputId(head.path);
  // "Work email" rather than "Field 2"; the position stays in the accessible name.
  const name = head.title ? `${head.label}: ${head.title}` : head.label;
  // A list of plain values (options) puts its input at the item's own path: nothing to fold.
  if (!props.folds)
    return (
      <div class="editor-item-head" id={`${id}-item`}>
        <span>{head.label}</span>
        <ItemButtons head={head} name={name} onList={props.onList} />
      </div>
    );
  return (
    <div
      class={`editor-item${props.open ? ' is-open' : ''}${props.dragClass}`}
      {...props.dropTarget}
    >
      <div class="editor-item-head" id={`${id}-item`}>
        <span
          class="drag-handle"
          title="Drag to reorder (or use ↑ and ↓)"
          aria-hidden="true"
          {...props.handle}
        />
        <button
          class="item-toggle"
          type="button"
          aria-expanded={props.open}
          aria-controls={`${id}-body`}
          onClick={props.onToggle}
        >
          <span class="visually-hidden">{head.label}: </span>
          <span class="item-title">{head.title || head.label}</span>
          {props.kind && <span class="item-kind">{props.kind}</span>}
        </button>
        <ItemButtons head={head} name={name} onList={props.onList} />
      </div>
      <div class="editor-item-body" id={`${id}-body`} hidden={!props.open}>
        {props.children}
      </div>
    </div>
  );
}
