import type { ScalarField } from '../../domain/editor/editor-fields';
import { ImageInput } from './ImageInput';
import { RichTextInput } from './RichTextInput';

export type FieldEdit = (path: string, raw: string | boolean, typing: boolean) => void;

export const inputId = (path: string) => `doc-${path.replace(/\./g, '-')}`;

const INPUT_TYPES: Partial<Record<ScalarField['widget'], string>> = {
  color: 'color',
  number: 'number',
  datetime: 'datetime-local',
};

/** One generated input of the editor: its widget comes from the block's schema. */
export function FieldInput(props: {
  field: ScalarField;
  error: string | undefined;
  onEdit: FieldEdit;
}) {
  const { field: f, error, onEdit } = props;
  const id = inputId(f.path);
  const help = f.help ? (
    <span class="hint" id={`${id}-help`}>
      {f.help}
    </span>
  ) : null;
  const problem = error ? (
    <span class="field-error" id={`${id}-error`}>
      {error}
    </span>
  ) : null;
  const a11y = {
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby':
      [f.help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') ||
      undefined,
  };
  if (f.widget === 'toggle')
    return (
      <div class="field">
        <label class="checkbox">
          <input
            id={id}
            type="checkbox"
            checked={f.value === 'true'}
            onChange={(e) => onEdit(f.path, e.currentTarget.checked, false)}
            {...a11y}
          />
          {f.label}
        </label>
        {help}
        {problem}
      </div>
    );
  return (
    <div class="field">
      {f.widget === 'richtext' ? (
        <span class="label" id={`${id}-label`}>
          {f.label}
        </span>
      ) : (
        <label for={id}>{f.label}</label>
      )}
      {help}
      {f.widget === 'richtext' ? (
        <RichTextInput
          id={id}
          label={f.label}
          value={f.value}
          onInput={(html) => onEdit(f.path, html, true)}
          {...a11y}
        />
      ) : f.widget === 'image' ? (
        <ImageInput
          id={id}
          label={f.label}
          value={f.value}
          onInput={(url) => onEdit(f.path, url, true)}
          {...a11y}
        />
      ) : f.widget === 'textarea' ? (
        <textarea
          id={id}
          value={f.value}
          onInput={(e) => onEdit(f.path, e.currentTarget.value, true)}
          {...a11y}
        />
      ) : f.widget === 'select' ? (
        <select
          id={id}
          value={f.value}
          onChange={(e) => onEdit(f.path, e.currentTarget.value, false)}
          {...a11y}
        >
          {f.optional && <option value="">—</option>}
          {f.options?.map((o) => (
            <option value={o} selected={o === f.value}>
              {f.optionLabels?.[o] ?? o}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          type={INPUT_TYPES[f.widget] ?? 'text'}
          inputMode={f.widget === 'url' ? 'url' : undefined}
          value={f.value}
          onInput={(e) => onEdit(f.path, e.currentTarget.value, true)}
          {...a11y}
        />
      )}
      {problem}
    </div>
  );
}
