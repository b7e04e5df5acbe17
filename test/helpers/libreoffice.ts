import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SOFFICE = '/usr/bin/soffice';

/**
 * Tests that open a file as a person would, in LibreOffice, run whenever it is there (Debian's
 * libreoffice-calc-nogui). In CI they must run: a missing LibreOffice fails the run.
 */
export const libreOfficeAvailable = existsSync(SOFFICE) || process.env.CI === 'true';

export type SheetCell = { text: string; formula: string | null; type: string };

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/**
 * Opens a CSV in LibreOffice Calc, headless, with its default import (which evaluates
 * formulas), and returns the sheet's cells row by row: the text each shows, the formula it
 * holds if LibreOffice read one, and its value type. Asynchronous: a test blocked for the
 * seconds LibreOffice takes would leave its HTTP client's idle connections to be reused
 * just as the server closes them.
 */
export async function openCsvInLibreOffice(csv: string): Promise<SheetCell[][]> {
  const dir = mkdtempSync(join(tmpdir(), 'kindling-calc-'));
  try {
    writeFileSync(join(dir, 'leads.csv'), csv);
    const run = await promisify(execFile)(
      SOFFICE,
      [
        '--headless',
        '--norestore',
        `-env:UserInstallation=file://${join(dir, 'profile')}`,
        '--convert-to',
        'fods',
        '--outdir',
        dir,
        join(dir, 'leads.csv'),
      ],
      { encoding: 'utf8', timeout: 120_000 },
    ).catch((error: { stderr?: string }) => ({ stderr: error.stderr ?? String(error) }));
    const out = join(dir, 'leads.fods');
    if (!existsSync(out)) throw new Error(`LibreOffice did not convert: ${run.stderr}`);
    const xml = readFileSync(out, 'utf8');
    return [...xml.matchAll(/<table:table-row[^>]*>([\s\S]*?)<\/table:table-row>/g)].map((row) =>
      [
        ...row[1]!.matchAll(/<table:table-cell([^>]*?)(?:\/>|>([\s\S]*?)<\/table:table-cell>)/g),
      ].flatMap((cell) => {
        const attrs = cell[1]!;
        const repeat = Number(/table:number-columns-repeated="(\d+)"/.exec(attrs)?.[1] ?? 1);
        const one: SheetCell = {
          text: unescape(
            [...(cell[2] ?? '').matchAll(/<text:p>([\s\S]*?)<\/text:p>/g)]
              .map((p) => p[1]!.replace(/<text:s\/>/g, ' ').replace(/<[^>]+>/g, ''))
              .join('\n'),
          ),
          formula: /table:formula="([^"]*)"/.exec(attrs)?.[1] ?? null,
          type: /office:value-type="([^"]*)"/.exec(attrs)?.[1] ?? 'empty',
        };
        return Array.from({ length: Math.min(repeat, 64) }, () => one);
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
