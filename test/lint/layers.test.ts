// Each import rule of eslint.config.mjs reports what it is for: ESLint's Node API lints small
// files placed in the layer they test (in memory, or on disk where a cycle needs two files),
// and each case next to an allowed one, so a rule that reported everything would fail too.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: repoRoot });

/** `rule: message` of each problem in `code`, linted as if it were the file at `path`. */
async function problems(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(repoRoot, path) });
  return result!.messages.map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

describe('layer rules', () => {
  it('action/engine/ may not import server code, other action/ code or the CLI; shared/ and itself it may', async () => {
    // Reported twice: by the engine's zone and by action/'s (server/ is outside shared/).
    expect(await problems('action/engine/probe.ts', "import { openStore } from '../../server/store/db.js';\nexport const x = openStore;\n")).toContainEqual(
      expect.stringMatching(/^import-x\/no-restricted-paths: .*server\/store\/db\.js.*action\/engine\/ does no I\/O/),
    );
    expect(await problems('action/engine/probe.ts', "import { startLog } from '../git/log.js';\nexport const x = startLog;\n")).toEqual([
      expect.stringMatching(/^import-x\/no-restricted-paths: /),
    ]);
    expect(await problems('action/engine/probe.ts', "import { main } from '../../cli/main.js';\nexport const x = main;\n")).toEqual([
      expect.stringMatching(/^import-x\/no-restricted-paths: /),
    ]);
    expect(
      await problems('action/engine/probe.ts', "import type { Severity } from '../../shared/severity.js';\nimport { createDetector } from './detect.js';\nexport const x: [Severity, typeof createDetector] = ['low', createDetector];\n"),
    ).toEqual([]);
  });

  it('server/store/ may not import Slack, GitHub, HTTP, delivery, timer or review code, nor hono', async () => {
    for (const from of ['../slack/messages.js', '../github/client.js', '../http/deps.js', '../delivery/worker-loop.js', '../timers/sweep-timer.js', '../reviews/waiters.js']) {
      expect(await problems('server/store/probe.ts', `import * as m from '${from}';\nexport const x = m;\n`), from).toEqual([
        expect.stringMatching(/^import-x\/no-restricted-paths: .*server\/store\/ does SQL only/),
      ]);
    }
    expect(await problems('server/store/probe.ts', "import { Hono } from 'hono';\nexport const x = Hono;\n")).toEqual([
      expect.stringMatching(/^no-restricted-imports: 'hono' import is restricted/),
    ]);
    expect(await problems('server/store/probe.ts', "import type { Context } from 'hono';\nexport type X = Context;\n")).toHaveLength(1);
    expect(await problems('server/store/probe.ts', "import { openDatabase } from './sqlite.js';\nexport const x = openDatabase;\n")).toEqual([]);
  });

  it('action/ and server/ meet only in shared/', async () => {
    expect(await problems('action/probe.ts', "import { loadConfig } from '../server/config/index.js';\nexport const x = loadConfig;\n")).toEqual([
      expect.stringMatching(/^import-x\/no-restricted-paths: .*meet only in shared/),
    ]);
    expect(await problems('server/http/probe.ts', "import { createDetector } from '../../action/engine/detect.js';\nexport const x = createDetector;\n")).toEqual([
      expect.stringMatching(/^import-x\/no-restricted-paths: .*meet only in shared/),
    ]);
    expect(await problems('shared/probe.ts', "import { loadConfig } from '../server/config/index.js';\nexport const x = loadConfig;\n")).toEqual([
      expect.stringMatching(/^import-x\/no-restricted-paths: .*shared\/ is the contract/),
    ]);
    expect(await problems('server/http/probe.ts', "import type { ReviewResponse } from '../../shared/contract.js';\nexport type X = ReviewResponse;\n")).toEqual([]);
    expect(await problems('action/probe.ts', "import type { ReviewResponse } from '../shared/contract.js';\nexport type X = ReviewResponse;\n")).toEqual([]);
  });

  it('only server/config/ reads process.env in server/', async () => {
    expect(await problems('server/http/probe.ts', "export const port = process.env['PORT'];\n")).toEqual([
      expect.stringMatching(/^no-restricted-properties: 'process.env' is restricted/),
    ]);
    expect(await problems('server/config/probe.ts', "export const port = process.env['PORT'];\n")).toEqual([]);
  });
});

describe('no import cycles', () => {
  // A cycle needs both files on disk: the rule reads the imported file to follow its imports.
  // Made before the tests rather than at collection, so a run that skips them leaves nothing.
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(repoRoot, 'test/lint/.probe-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function lintPair(files: Record<string, string>): Promise<Record<string, string[]>> {
    for (const [name, code] of Object.entries(files)) writeFileSync(join(dir, name), code);
    const results = await eslint.lintFiles(Object.keys(files).map((name) => join(dir, name)));
    return Object.fromEntries(results.map((r) => [relative(dir, r.filePath), r.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`)]));
  }

  it('reports a cycle of value imports', async () => {
    expect(
      await lintPair({
        'a.ts': "import { b } from './b.js';\nexport const a = (): unknown => b;\n",
        'b.ts': "import { a } from './a.js';\nexport const b = (): unknown => a;\n",
      }),
    ).toEqual({ 'a.ts': ['import-x/no-cycle'], 'b.ts': ['import-x/no-cycle'] });
  });

  it('reports a cycle of type-only imports too', async () => {
    expect(
      await lintPair({
        'c.ts': "import type { D } from './d.js';\nexport interface C {\n  d: D;\n}\n",
        'd.ts': "import { type C } from './c.js';\nexport interface D {\n  c?: C;\n}\n",
      }),
    ).toEqual({ 'c.ts': ['import-x/no-cycle'], 'd.ts': ['import-x/no-cycle'] });
  });

  it('reports a cycle through a re-export', async () => {
    expect(
      await lintPair({
        'e.ts': "export type { F } from './f.js';\nexport interface E {\n  n: number;\n}\n",
        'f.ts': "import type { E } from './e.js';\nexport interface F {\n  e: E;\n}\n",
      }),
    ).toEqual({ 'e.ts': ['import-x/no-cycle'], 'f.ts': ['import-x/no-cycle'] });
  });

  it('leaves a one-way import alone', async () => {
    expect(
      await lintPair({
        'g.ts': "import { h } from './h.js';\nexport const g = (): unknown => h;\n",
        'h.ts': 'export const h = 1;\n',
      }),
    ).toEqual({ 'g.ts': [], 'h.ts': [] });
  });
});
