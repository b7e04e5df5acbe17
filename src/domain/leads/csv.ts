/**
 * CSV cells that spreadsheets open safely: text starting with =, +, -, @, a tab or a carriage
 * return would run as a formula in Excel, LibreOffice or Google Sheets (OWASP "CSV
 * injection"), so it gets a leading apostrophe, which they show as plain text. Lead data is
 * typed by strangers on the internet; this is the last stop before someone's spreadsheet.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvRow = (cells: (string | number | null | undefined)[]): string =>
  `${cells.map(csvCell).join(',')}\r\n`;

/** Excel reads a CSV as UTF-8 only when the file starts with a byte-order mark. */
export const UTF8_BOM = '\uFEFF';
