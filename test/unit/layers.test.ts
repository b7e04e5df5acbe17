import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/*
 * The README's layout, as the linter enforces it: each seeded break of a boundary is linted
 * as if it were a file in that layer, and must be refused with the rule that guards it.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function complaints(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => m.message);
}

const SEEDS: { file: string; code: string; refused: RegExp }[] = [
  {
    file: 'src/domain/leads/seed.ts',
    code: "import { JobRunner } from '../../platform/job-runner';\nexport const x = JobRunner;\n",
    refused: /domain layer does not import platform/,
  },
  {
    file: 'src/domain/leads/seed.ts',
    code: "import { loadConfig } from '../../app/config';\nexport const x = loadConfig;\n",
    refused: /domain layer does not import app/,
  },
  {
    file: 'src/platform/seed.ts',
    code: "import { getLead } from '../domain/leads/queries';\nexport const x = getLead;\n",
    refused: /platform layer does not import domain/,
  },
  {
    file: 'src/platform/seed.ts',
    code: "import { hotPath } from '../http/hot-path';\nexport const x = hotPath;\n",
    refused: /platform layer does not import http/,
  },
  {
    file: 'db/seed.ts',
    code: "import { getLead } from '../src/domain/leads/queries';\nexport const x = getLead;\n",
    refused: /db layer does not import domain/,
  },
  {
    file: 'src/shared/seed.ts',
    code: "import { getLead } from '../domain/leads/queries';\nexport const x = getLead;\n",
    refused: /shared layer does not import domain/,
  },
  {
    file: 'src/pages/admin/seed.astro',
    code: "---\nimport { deadJobs } from '../../../db/jobs';\nconst x = deadJobs;\n---\n<p>{String(x)}</p>\n",
    refused: /routes layer does not import db/,
  },
  {
    file: 'src/pages/admin/seed.ts',
    code: "import { JobRunner } from '../../platform/job-runner';\nexport const x = JobRunner;\n",
    refused: /routes layer does not import platform/,
  },
  {
    file: 'src/components/admin/Seed.astro',
    code: "---\nimport { loadConfig } from '../../app/config';\n---\n<p>{String(loadConfig)}</p>\n",
    refused: /components layer does not import app/,
  },
  {
    file: 'src/http/seed.ts',
    code: "import type { Db } from '../../db/client';\nexport const x = (db: Db) => db.selectFrom('leads');\n",
    refused: /No SQL here/,
  },
  {
    file: 'src/pages/admin/seed.astro',
    code: '---\nconst now = Date.now();\n---\n<p>{now}</p>\n',
    refused: /services\.clock/,
  },
  {
    file: 'src/app/seed.ts',
    code: "import { sql } from 'kysely';\nexport const x = sql`select 1`;\n",
    refused: /No SQL here/,
  },
];

describe('the layers the README draws', () => {
  it.each(SEEDS)('refuses a break in $file ($refused)', async ({ file, code, refused }) => {
    expect((await complaints(file, code)).some((m) => refused.test(m))).toBe(true);
  });

  it('lets each layer import what the layout allows', async () => {
    const allowed = [
      [
        'src/domain/leads/ok.ts',
        "import { newId } from '../../shared/ids';\nimport type { Db } from '../../../db/client';\nexport const x = (db: Db) => [newId, db.selectFrom('leads')];\n",
      ],
      [
        'src/platform/ok.ts',
        "import { claimPeriod } from '../../db/periodic-tasks';\nexport const x = claimPeriod;\n",
      ],
      [
        'src/http/ok.ts',
        "import type { Services } from '../app/services';\nimport { getLead } from '../domain/leads/queries';\nexport const x = (s: Services) => [s, getLead];\n",
      ],
      [
        'src/pages/admin/ok.ts',
        "import { getLead } from '../../domain/leads/queries';\nimport { jsonError } from '../../http/responses';\nexport const x = [getLead, jsonError];\n",
      ],
    ];
    for (const [file, code] of allowed) expect(await complaints(file!, code!), file).toEqual([]);
  });
});
