// The house rules, checked on every `npm test` (through `npm run check`). The layers are the
// README's "Project layout" as data: each layer names the layers it may import, and the rule
// below refuses everything else, so a feature that needs an exception needs a better design.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import astro from 'eslint-plugin-astro';

/** Every layer, where it lives, and what it may import besides its own files and npm. */
const LAYERS = {
  shared: { files: ['src/shared/**'], may: [] },
  db: { files: ['db/**'], may: ['shared'] },
  domain: { files: ['src/domain/**'], may: ['db', 'shared'] },
  platform: { files: ['src/platform/**'], may: ['db', 'shared'] },
  http: { files: ['src/http/**'], may: ['domain', 'platform', 'shared'], types: ['app', 'db'] },
  routes: {
    files: ['src/pages/**', 'src/middleware.ts'],
    may: ['domain', 'http', 'components', 'browser', 'shared'],
  },
  // A component may bundle a client script, and take a form's view as a type.
  components: {
    files: ['src/components/**'],
    may: ['domain', 'browser', 'shared'],
    types: ['http'],
  },
  browser: { files: ['src/scripts/**', 'src/tracker/**'], may: ['components', 'domain', 'shared'] },
  app: {
    files: ['src/app/**'],
    may: ['db', 'domain', 'platform', 'http', 'shared'],
  },
};

/** How an import names a layer's folder, from anywhere in the tree. */
const FOLDER_OF = {
  shared: 'shared',
  db: 'db',
  domain: 'domain',
  platform: 'platform',
  http: 'http',
  routes: 'pages',
  components: 'components',
  browser: 'scripts',
  app: 'app',
  cli: 'cli',
};
const OTHER_FOLDERS = { browser: ['tracker'] };

const foldersOf = (layer) => [FOLDER_OF[layer], ...(OTHER_FOLDERS[layer] ?? [])];

/** SQL lives in db/ and the domain; elsewhere a query is a call into one of them. */
const SQL_BUILDERS = 'selectFrom|insertInto|updateTable|deleteFrom|mergeInto|replaceInto';
const NO_SQL = {
  selector: `CallExpression[callee.property.name=/^(${SQL_BUILDERS})$/]`,
  message: 'No SQL here: a query belongs in db/ or src/domain/, and this layer calls it.',
};

/** Routes read the time from the services' clock, so tests and instances agree on it. */
const NO_WALL_CLOCK = {
  selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
  message: 'Routes read the time from Astro.locals.services.clock, not Date.now().',
};

function layerRules(name, layer) {
  const allowed = new Set([name, ...layer.may]);
  const typeOnly = new Set(layer.types ?? []);
  const patterns = Object.keys(FOLDER_OF)
    .filter((other) => !allowed.has(other) && other !== name)
    .flatMap((other) =>
      foldersOf(other).map((folder) => ({
        group: [`**/${folder}/**`],
        allowTypeImports: typeOnly.has(other),
        message: `The ${name} layer does not import ${other} (see the README's "Project layout").`,
      })),
    );
  const sqlHere = name === 'db' || name === 'domain';
  return {
    files: layer.files.flatMap((f) => [`${f}/*.{ts,tsx,js,mjs}`, `${f}.{ts,tsx}`, f]),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: sqlHere
            ? []
            : [
                {
                  name: 'kysely',
                  importNames: ['sql'],
                  message: 'No SQL here: raw SQL belongs in db/ or src/domain/.',
                },
              ],
          patterns,
        },
      ],
      'no-restricted-syntax': [
        'error',
        ...(sqlHere ? [] : [NO_SQL]),
        ...(name === 'routes' ? [NO_WALL_CLOCK] : []),
      ],
    },
  };
}

export default defineConfig(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'data/',
      '.astro/',
      'public/',
      'test-results/',
      '.tmp/',
      // Scratch scripts kept out of git (screenshots and the like).
      '*.tmp.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs['flat/recommended'],
  {
    languageOptions: {
      globals: {
        // Node and the browser both: the tree holds server code, client scripts and tests.
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
      },
    },
    rules: {
      'no-undef': 'off', // TypeScript already refuses an undeclared name
      // The tracker is sized by the byte: `visible ? active() : flush()` stays.
      '@typescript-eslint/no-unused-expressions': [
        'error',
        { allowShortCircuit: true, allowTernary: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // A migration sees the schema as it was then, not as db/schema.ts has it now.
    files: ['db/migrations/**', 'db/client.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Tests read JSON answers whose shape the assertions check.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  ...Object.entries(LAYERS).map(([name, layer]) => layerRules(name, layer)),
);
