import { hydrate } from 'preact';
import { PageEditor, type PageEditorProps } from '../components/editor/PageEditor';

/* Brings the server-rendered editor to life with the props it was rendered from. */
const root = document.querySelector<HTMLElement>('[data-page-editor]');
if (root?.dataset.props) {
  // The template's indentation around the editor is not part of it; left in, hydration
  // would take it for a mismatch and draw the whole editor (and its preview) again.
  for (const node of [...root.childNodes])
    if (node.nodeType === Node.TEXT_NODE && !node.textContent?.trim()) node.remove();
  const props = JSON.parse(root.dataset.props) as PageEditorProps;
  hydrate(<PageEditor {...props} />, root);
}
