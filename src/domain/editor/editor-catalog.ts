import { fieldSpec, type FieldSpec } from '../blocks/field-spec';
import { blockLibrary } from '../blocks/registry';
import { seoSchema, themeSchema } from '../landing-pages/document';
import { PALETTES } from '../landing-pages/theme';

/** A block of the library as the editor offers it: its fields and its starting content. */
export type BlockEntry = {
  type: string;
  label: string;
  description: string;
  spec: FieldSpec;
  defaults: unknown;
};

/** Everything the browser's editor knows about page shapes, as plain data read from the schemas. */
export type EditorCatalog = {
  seo: FieldSpec;
  theme: FieldSpec;
  blocks: BlockEntry[];
  palettes: Record<string, Record<string, string>>;
};

let catalog: EditorCatalog | undefined;

export function editorCatalog(): EditorCatalog {
  catalog ??= {
    seo: fieldSpec(seoSchema),
    theme: fieldSpec(themeSchema),
    blocks: blockLibrary.map((b) => ({
      type: b.type,
      label: b.label,
      description: b.description,
      spec: fieldSpec(b.props),
      defaults: b.defaults,
    })),
    palettes: PALETTES,
  };
  return catalog;
}
