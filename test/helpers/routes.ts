import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const pagesDir = resolve(import.meta.dirname, '../../src/pages');

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/**
 * Every route file under a folder of src/pages, as a URL with its [params] filled in, so a
 * new admin route is covered by the guard tests without anyone listing it.
 */
export function routesUnder(
  folder: string,
  param = '00000000-0000-0000-0000-000000000000',
): string[] {
  return walk(join(pagesDir, folder)).map((file) => {
    const route =
      '/' +
      relative(pagesDir, file)
        .replace(/\.(astro|ts)$/, '')
        .replace(/(^|\/)index$/, '');
    return route.replace(/\[\.\.\.[^\]]+\]|\[[^\]]+\]/g, param);
  });
}
