/**
 * Visitor- and marketer-typed text is normalised the same way everywhere: Unicode NFC,
 * control characters removed (tabs and newlines kept where multi-line text is allowed).
 */
// eslint-disable-next-line no-control-regex -- control characters are what it removes
const CONTROL_SINGLE_LINE = /[\u0000-\u001f\u007f-\u009f\u200b\u2028\u2029\ufeff]/g;
const CONTROL_MULTI_LINE =
  // eslint-disable-next-line no-control-regex -- control characters are what it removes
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b\u2028\u2029\ufeff]/g;

export function cleanText(value: string, multiline = false): string {
  const cleaned = value
    .normalize('NFC')
    .replace(multiline ? CONTROL_MULTI_LINE : CONTROL_SINGLE_LINE, '');
  return multiline ? cleaned.replace(/\r\n?/g, '\n').trim() : cleaned.trim();
}

/** Text as lowercase ASCII words joined by `separator`: "Crème brûlée!" → "creme-brulee". */
export const asciiWords = (text: string, separator: string): string =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, separator)
    .replace(new RegExp(`^\\${separator}+|\\${separator}+$`, 'g'), '');
