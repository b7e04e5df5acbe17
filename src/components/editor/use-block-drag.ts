import { useRef, useState } from 'preact/hooks';

type Drag = { from: number; over: number | null } | null;
export type DragHandle = { draggable: true; onDragStart(e: DragEvent): void; onDragEnd(): void };
export type DropTarget = { onDragOver(e: DragEvent): void; onDrop(e: DragEvent): void };

/**
 * Drag and drop between the editor's block sections: a section's handle starts the drag,
 * any block section takes the drop, and `onMove(from, to)` does the move.
 */
export function useBlockDrag(onMove: (from: number, to: number) => void) {
  const [drag, setState] = useState<Drag>(null);
  // Kept in a ref too: drag events can follow each other faster than a render.
  const current = useRef<Drag>(null);
  const set = (next: Drag) => {
    current.current = next;
    setState(next);
  };
  return {
    /** The section's look while a drag is under way: the one dragged, the one under it. */
    classFor: (index: number) =>
      drag?.from === index
        ? ' dragging'
        : drag && drag.over === index && drag.from !== index
          ? ' drop-target'
          : '',
    handle: (index: number): DragHandle => ({
      draggable: true,
      onDragStart: (e) => {
        e.dataTransfer?.setData('text/plain', String(index));
        set({ from: index, over: null });
      },
      onDragEnd: () => set(null),
    }),
    target: (index: number): DropTarget => ({
      onDragOver: (e) => {
        const now = current.current;
        if (!now) return;
        e.preventDefault();
        if (now.over !== index) set({ ...now, over: index });
      },
      onDrop: (e) => {
        const from = current.current?.from;
        if (from === undefined) return;
        e.preventDefault();
        set(null);
        if (from !== index) onMove(from, index);
      },
    }),
  };
}
