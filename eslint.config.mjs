// The import rules of shared/DESIGN.md, as a lint that fails CI (`npm run lint`):
// - no import cycle, type-only imports included;
// - action/engine/ imports nothing of ours outside itself but shared/ (which imports nothing of ours);
// - server/store/ imports no Slack, GitHub, HTTP, delivery, timer or review code, and no hono;
// - action/ and server/ meet only in shared/;
// - nothing in server/ but server/config/ reads process.env.
// test/lint/layers.test.ts proves each rule reports what it is for.
import { fileURLToPath } from 'node:url';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * typescript-eslint's parser, with every import and re-export read as a value import.
 * import-x/no-cycle skips type-only imports by design (they vanish at runtime), but a cycle of
 * types still ties two modules together: DESIGN.md wants none of either kind.
 */
const everyImportCounts = {
  meta: { name: 'secretgate/every-import-counts' },
  parseForESLint(code, options) {
    const result = tseslint.parser.parseForESLint(code, options);
    for (const node of result.ast.body) {
      if (node.type === 'ImportDeclaration') {
        node.importKind = 'value';
        for (const s of node.specifiers) if (s.type === 'ImportSpecifier') s.importKind = 'value';
      } else if ((node.type === 'ExportNamedDeclaration' || node.type === 'ExportAllDeclaration') && node.source) {
        node.exportKind = 'value';
        for (const s of node.specifiers ?? []) s.exportKind = 'value';
      }
    }
    return result;
  },
};

/** import-x/no-restricted-paths zones; `except` is relative to `from`. */
const zones = {
  engine: {
    target: './action/engine',
    from: ['./action', './server', './cli', './test'],
    except: ['./engine'],
    message: 'action/engine/ does no I/O and imports nothing of ours outside itself (shared/ types excepted).',
  },
  shared: {
    target: './shared',
    from: ['./action', './server', './cli', './test'],
    message: 'shared/ is the contract both sides use: it imports nothing of theirs.',
  },
  store: {
    target: './server/store',
    from: ['./server/slack', './server/github', './server/http', './server/delivery', './server/timers', './server/reviews'],
    message: 'server/store/ does SQL only: the layers above it call it, never the other way.',
  },
  actionToServer: {
    target: './action',
    from: './server',
    message: 'action/ and server/ meet only in shared/.',
  },
  serverToAction: {
    target: './server',
    from: './action',
    message: 'action/ and server/ meet only in shared/.',
  },
};

const restrictedPaths = (...names) => ['error', { basePath: root, zones: names.map((n) => zones[n]) }];

export default [
  { ignores: ['dist/**', 'build/**', 'node_modules/**', 'coverage/**', 'test-output/**', '.secretgate-demo/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: everyImportCounts, ecmaVersion: 2023, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      // The sources import `./x.js` for `./x.ts`, as Node's ESM resolution wants.
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'], extensionAlias: { '.js': ['.ts', '.tsx', '.js'] } }),
      ],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': restrictedPaths('engine', 'shared', 'store', 'actionToServer', 'serverToAction'),
    },
  },
  {
    files: ['server/store/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'hono', message: zones.store.message }], patterns: [{ group: ['hono/*', '@hono/*'], message: zones.store.message }] }],
    },
  },
  {
    files: ['server/**'],
    ignores: ['server/config/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read the environment in server/config/ (one validated Config), and pass what is needed.' }],
    },
  },
];
