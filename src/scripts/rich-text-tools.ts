/**
 * Formatting buttons for rich-text fields: they wrap the selected text in the few tags rich
 * text keeps (the server sanitises whatever is typed anyway), then tell the editor the
 * field changed, so it is saved and previewed like any edit.
 */
export {}; // a module: its names stay its own

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** What each tool makes of the selected text; null when it needs what the user declined. */
const TOOLS: Record<string, (text: string) => string | null> = {
  strong: (t) => `<strong>${t}</strong>`,
  em: (t) => `<em>${t}</em>`,
  h3: (t) => `<h3>${t}</h3>`,
  p: (t) => `<p>${t}</p>`,
  ul: (t) =>
    `<ul>\n${t
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => `  <li>${line.trim()}</li>`)
      .join('\n')}\n</ul>`,
  a: (t) => {
    const href = window.prompt('Link address (https://…, mailto: or tel:)', 'https://');
    return href && /^(https?:\/\/|mailto:|tel:)/i.test(href.trim())
      ? `<a href="${escapeHtml(href.trim())}">${t || escapeHtml(href.trim())}</a>`
      : null;
  },
};

document.querySelectorAll<HTMLElement>('[data-richtext-for]').forEach((bar) => {
  const field = document.getElementById(bar.dataset.richtextFor!) as HTMLTextAreaElement | null;
  if (!field) return;
  bar.addEventListener('click', (event) => {
    const tool = (event.target as HTMLElement).closest<HTMLButtonElement>('[data-tool]');
    const make = tool && TOOLS[tool.dataset.tool!];
    if (!make) return;
    const { selectionStart: from, selectionEnd: to, value } = field;
    const made = make(value.slice(from, to));
    if (made === null) return;
    field.setRangeText(made, from, to, 'end');
    field.focus();
    field.dispatchEvent(new Event('input', { bubbles: true }));
    field.dispatchEvent(new CustomEvent('k:edited', { bubbles: true }));
  });
});
