import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const FILE = resolve(import.meta.dirname, 'RESULTS.md');
const HEADER = `# Benchmark results

Numbers from \`npm run bench\` on this project's CI-class machine (2 cores, shared and
noisy): read the ratios against the baseline measured in the same run, not the absolute
figures. Each section is rewritten by the benchmark that owns it.
`;

/** Replaces one benchmark's section of RESULTS.md, keeping the others. */
export function writeSection(id: string, markdown: string): void {
  const start = `<!-- bench:${id} -->`;
  const end = `<!-- /bench:${id} -->`;
  const current = existsSync(FILE) ? readFileSync(FILE, 'utf8') : HEADER;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const pattern = new RegExp(`${start}[\\s\\S]*?${end}`);
  writeFileSync(
    FILE,
    pattern.test(current) ? current.replace(pattern, block) : `${current.trimEnd()}\n\n${block}\n`,
  );
}
