// dist/ is committed: the runner runs it as is. `npm run check:dist` rebuilds it from the
// sources and fails on any difference (.ci/run does the same with git diff). Off in a plain
// `npm test`: while several people edit action/ at once the tree is between bundles most of the time.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../support/git-fixture.js';

const root = resolve(import.meta.dirname, '../..');
const enabled = process.env.SECRETGATE_CHECK_DIST === '1';

describe.runIf(enabled)('dist/index.js', () => {
  it('is what npm run build makes of the sources', () => {
    const out = tempDir('secretgate-dist-');
    try {
      execFileSync(join(root, 'node_modules/.bin/ncc'), ['build', 'action/main.ts', '-o', out, '--license', 'licenses.txt', '--quiet'], {
        cwd: root,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      const fresh = readFileSync(join(out, 'index.js'), 'utf8');
      const committed = readFileSync(join(root, 'dist/index.js'), 'utf8');
      expect(fresh === committed, 'dist/index.js is stale: run `npm run build` and commit dist/').toBe(true);
      expect(readFileSync(join(root, 'dist/package.json'), 'utf8')).toBe(readFileSync(join(out, 'package.json'), 'utf8'));
    } finally {
      removeDir(out);
    }
  }, 120_000);
});
