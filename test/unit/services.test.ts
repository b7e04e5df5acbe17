import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config';
import { servicesOn } from '../../src/app/services';
import { testDb } from '../helpers/db';
import { publishedTemplatePage } from '../helpers/seed';
import { renderKeyFor } from '../../src/http/page-view';

const NOW = Date.UTC(2026, 5, 1);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : /\.(ts|tsx|astro|mjs)$/.test(e.name)
        ? [join(dir, e.name)]
        : [],
  );
}

describe('the composition root', () => {
  it('builds every service from config, each set of services independent of another', async () => {
    const db = await testDb();
    const config = loadConfig({
      DATA_DIR: '/tmp/kindling-services-test',
      HASH_SALT: 'x'.repeat(16),
    });
    const a = servicesOn(db, config);
    const b = servicesOn(db, config);
    const { page } = await publishedTemplatePage(db, NOW);
    a.renders.remember(renderKeyFor(page), '<p>a</p>');
    expect(a.renders.find(renderKeyFor(page))).toBeDefined();
    expect(b.renders.find(renderKeyFor(page))).toBeUndefined();
    expect((await a.livePages.find(page.slug, NOW))?.versionId).toBe(page.versionId);
    expect(b.livePages.peek(page.slug, NOW)).toBeUndefined();
    expect(a.ipSalt.get()).toBe('x'.repeat(16));
    await a.close();
  });

  it('is the only wiring: no module reaches a service through a global', () => {
    const offenders = [...sourceFiles('src'), ...sourceFiles('db')].filter((file) =>
      /globalThis|Symbol\.for\('kindling/.test(readFileSync(file, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
