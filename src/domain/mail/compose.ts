/**
 * A mail is a short list of blocks, rendered twice from the same data: HTML that reads in a
 * phone's mail app (one column, system fonts, inline styles, no remote images, no trackers)
 * and a plain-text part that says the same. Every string is text: escaped for HTML here.
 */
export type MailBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'facts'; rows: [label: string, value: string][] }
  | { kind: 'list'; items: string[] }
  | { kind: 'button'; label: string; url: string }
  | { kind: 'note'; text: string };

export type MailContent = {
  subject: string;
  /** The line mail apps show after the subject. */
  preheader: string;
  blocks: MailBlock[];
  /** Why the reader gets this mail. */
  footer: string[];
  /** Where to change or stop it: links in HTML, label and address in the text part. */
  footerLinks?: { label: string; url: string }[];
};

export type ComposedMail = { subject: string; text: string; html: string };

const escape = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** Only web addresses become links: a `javascript:` in lead data stays text. */
const safeUrl = (url: string) => (/^https?:\/\//i.test(url) ? url : '#');

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const INK = '#1d2433';
/** Long links and tokens wrap instead of widening the mail past a phone's screen. */
const WRAP = 'overflow-wrap:anywhere;word-break:break-word';
const MUTED = '#5b6472';

const HTML_OF: { [K in MailBlock['kind']]: (b: Extract<MailBlock, { kind: K }>) => string } = {
  heading: (b) =>
    `<h2 style="margin:24px 0 8px;font-size:17px;line-height:1.3;color:${INK}">${escape(b.text)}</h2>`,
  paragraph: (b) =>
    `<p style="margin:0 0 12px;font-size:15px;line-height:1.55;color:${INK}">${escape(b.text)}</p>`,
  facts: (b) =>
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:4px 0 12px">${b.rows
      .map(
        ([label, value]) =>
          `<tr><td style="padding:8px 0;border-bottom:1px solid #eceef2;font-size:13px;color:${MUTED};vertical-align:top;width:38%">${escape(label)}</td><td style="padding:8px 0 8px 12px;border-bottom:1px solid #eceef2;font-size:15px;color:${INK};vertical-align:top;word-break:break-word">${escape(value)}</td></tr>`,
      )
      .join('')}</table>`,
  list: (b) =>
    `<ul style="margin:0 0 12px;padding-left:20px">${b.items
      .map(
        (i) =>
          `<li style="margin:0 0 6px;font-size:15px;line-height:1.5;color:${INK}">${escape(i)}</li>`,
      )
      .join('')}</ul>`,
  button: (b) =>
    `<p style="margin:20px 0 8px"><a href="${escape(safeUrl(b.url))}" style="display:inline-block;background:#c2410c;color:#ffffff;text-decoration:none;font-weight:600;font-size:15px;padding:12px 22px;border-radius:8px">${escape(b.label)}</a></p>`,
  note: (b) =>
    `<p style="margin:0 0 12px;font-size:13px;line-height:1.5;color:${MUTED}">${escape(b.text)}</p>`,
};

const TEXT_OF: { [K in MailBlock['kind']]: (b: Extract<MailBlock, { kind: K }>) => string } = {
  heading: (b) => `${b.text}\n${'-'.repeat(Math.min(b.text.length, 60))}`,
  paragraph: (b) => b.text,
  facts: (b) => b.rows.map(([label, value]) => `${label}: ${value}`).join('\n'),
  list: (b) => b.items.map((i) => `- ${i}`).join('\n'),
  button: (b) => `${b.label}: ${b.url}`,
  note: (b) => b.text,
};

const render = <K extends MailBlock['kind']>(
  table: { [P in MailBlock['kind']]: (b: Extract<MailBlock, { kind: P }>) => string },
  block: Extract<MailBlock, { kind: K }>,
) => table[block.kind as K](block);

export function composeMail(content: MailContent): ComposedMail {
  const body = content.blocks.map((b) => render(HTML_OF, b)).join('\n');
  const footer = content.footer
    .map(
      (line) =>
        `<p style="margin:0 0 6px;font-size:12px;line-height:1.5;color:${MUTED}">${escape(line)}</p>`,
    )
    .join('');
  const footerLinks = (content.footerLinks ?? [])
    .map(
      (l) =>
        `<a href="${escape(safeUrl(l.url))}" style="color:${MUTED};text-decoration:underline">${escape(l.label)}</a>`,
    )
    .join(' · ');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light"><title>${escape(content.subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f7;font-family:${FONT};${WRAP}">
<div style="display:none;max-height:0;overflow:hidden">${escape(content.preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f7"><tr><td align="center" style="padding:20px 10px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border:1px solid #e3e6ec;border-radius:12px">
<tr><td style="padding:16px 22px;border-bottom:1px solid #eceef2;font-size:15px;font-weight:700;color:#c2410c;letter-spacing:.2px">Kindling</td></tr>
<tr><td style="padding:6px 22px 18px;${WRAP}">
${body}
</td></tr></table>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px"><tr><td style="padding:14px 22px;${WRAP}">${footer}${footerLinks ? `<p style="margin:0;font-size:12px;line-height:1.5;color:${MUTED}">${footerLinks}</p>` : ''}</td></tr></table>
</td></tr></table>
</body></html>`;
  const text = [
    ...content.blocks.map((b) => render(TEXT_OF, b)),
    '--',
    ...content.footer,
    ...(content.footerLinks ?? []).map((l) => `${l.label}: ${l.url}`),
  ].join('\n\n');
  return { subject: content.subject, text: text + '\n', html };
}
