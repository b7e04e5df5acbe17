/**
 * CSV cells that spreadsheets open safely. Text starting with =, +, -, @, a tab or a
 * carriage return can run as a formula in Excel, LibreOffice or Google Sheets (OWASP "CSV
 * injection"), so it gets a leading apostrophe, which keeps it inert. Lead data is typed by
 * strangers on the internet; this is the last stop before someone's spreadsheet.
 *
 * A phone number as people type it (+1 415 555 0134, -0134, (415) 555-0134) is the one
 * exception in the plain CSV: digits, spaces, dots, dashes, slashes and brackets can call no
 * function and name no cell, and LibreOffice, CRM imports and the like read it as the text
 * it is, so an apostrophe would only corrupt it. Excel alone computes "+1-415-555-0134" as
 * arithmetic, so the CSV for Excel keeps the apostrophe on those too.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PHONE_LIKE = /^[+-]?[\d ()./-]*\d[\d ()./-]*$/;

export type CsvDialect = 'plain' | 'excel';

export function csvCell(
  value: string | number | null | undefined,
  dialect: CsvDialect = 'plain',
): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const inert =
    FORMULA_START.test(value) && !(dialect === 'plain' && PHONE_LIKE.test(value))
      ? `'${value}`
      : value;
  return /[",\r\n]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}

export const csvRow = (
  cells: (string | number | null | undefined)[],
  dialect: CsvDialect = 'plain',
): string => `${cells.map((c) => csvCell(c, dialect)).join(',')}\r\n`;

/** Excel reads a CSV as UTF-8 only when the file starts with a byte-order mark. */
export const UTF8_BOM = '\uFEFF';
