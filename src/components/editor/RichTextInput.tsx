import { useContext, useRef } from 'preact/hooks';
import { ReadOnly } from './read-only';

/* The formatting rich text keeps (see domain/blocks/rich-text.ts); the server sanitises
   whatever arrives, so these commands only make the allowed tags easy to reach. */
const TOOLS: { label: string; title: string; run: () => void }[] = [
  { label: 'Bold', title: 'Bold (Ctrl+B)', run: () => document.execCommand('bold') },
  { label: 'Italic', title: 'Italic (Ctrl+I)', run: () => document.execCommand('italic') },
  {
    label: 'Link',
    title: 'Link the selected words',
    run: () => {
      const href = window.prompt('Link address (https://…, mailto: or tel:)', 'https://');
      if (href && /^(https?:|mailto:|tel:)/i.test(href.trim()))
        document.execCommand('createLink', false, href.trim());
    },
  },
  { label: 'List', title: 'Bulleted list', run: () => document.execCommand('insertUnorderedList') },
  {
    label: 'Heading',
    title: 'Small heading',
    run: () => document.execCommand('formatBlock', false, 'h3'),
  },
  {
    label: 'Paragraph',
    title: 'Plain paragraph',
    run: () => document.execCommand('formatBlock', false, 'p'),
  },
];

/**
 * Rich text edited as it will look: a contenteditable surface with a formatting toolbar.
 * Pasted content arrives as plain text, so nothing foreign is carried in.
 */
export function RichTextInput(props: {
  id: string;
  label: string;
  value: string;
  onInput: (html: string) => void;
  'aria-invalid'?: 'true' | undefined;
  'aria-describedby'?: string | undefined;
}) {
  const surface = useRef<HTMLDivElement>(null);
  const readOnly = useContext(ReadOnly);
  const changed = () => surface.current && props.onInput(surface.current.innerHTML);
  return (
    <div>
      <div class="richtext-tools" role="toolbar" aria-label={`Format ${props.label}`}>
        {TOOLS.map((tool) => (
          <button
            class="btn btn-small"
            type="button"
            title={tool.title}
            // Keeps the selection in the text while the button is pressed.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => {
              surface.current?.focus();
              tool.run();
              changed();
            }}
          >
            {tool.label}
          </button>
        ))}
      </div>
      <div
        ref={surface}
        id={props.id}
        class="richtext-surface"
        role="textbox"
        aria-multiline="true"
        aria-labelledby={`${props.id}-label`}
        aria-invalid={props['aria-invalid']}
        aria-describedby={props['aria-describedby']}
        contentEditable={!readOnly}
        aria-readonly={readOnly ? 'true' : undefined}
        // Preact leaves the DOM alone while it already holds this HTML, so typing keeps
        // the caret; undo and redo (a different value) redraw it.
        dangerouslySetInnerHTML={{ __html: props.value }}
        onFocus={() => document.execCommand('defaultParagraphSeparator', false, 'p')}
        onInput={changed}
        onPaste={(e) => {
          e.preventDefault();
          document.execCommand('insertText', false, e.clipboardData?.getData('text/plain') ?? '');
        }}
      />
    </div>
  );
}
