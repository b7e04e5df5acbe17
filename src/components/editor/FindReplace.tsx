import { useState } from 'preact/hooks';

type Props = {
  /** Replaces every exact match in the page's texts; returns how many it replaced. */
  replace: (find: string, by: string) => number;
};

/**
 * Find and replace across the page's texts, in a small disclosure beside Undo: a template's
 * sample wording becomes the marketer's own in one step, and one Undo brings it back.
 */
export function FindReplace({ replace }: Props) {
  const [find, setFind] = useState('');
  const [by, setBy] = useState('');
  const [said, setSaid] = useState('');
  const submit = (event: Event) => {
    event.preventDefault();
    if (!find) return setSaid('Type the words to find first.');
    const count = replace(find, by);
    setSaid(
      count === 0
        ? `“${find}” is not in the page's texts.`
        : `Replaced ${count} ${count === 1 ? 'time' : 'times'}. Undo brings it back.`,
    );
  };
  return (
    <details class="find-replace">
      <summary class="btn btn-small btn-quiet">Find and replace</summary>
      <form class="find-replace-form" onSubmit={submit}>
        <label>
          <span>Find</span>
          <input
            type="text"
            name="find"
            value={find}
            onInput={(e) => setFind((e.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          <span>Replace with</span>
          <input
            type="text"
            name="replaceWith"
            value={by}
            onInput={(e) => setBy((e.target as HTMLInputElement).value)}
          />
        </label>
        <button class="btn btn-small" type="submit">
          Replace all
        </button>
        <p class="hint" role="status" aria-live="polite">
          {said}
        </p>
      </form>
    </details>
  );
}
